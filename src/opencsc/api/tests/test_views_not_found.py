"""A path under /api/ that names nothing is a JSON 404, never the web page a browser gets."""

from .conftest import bearer_client


def test_an_unknown_api_path_is_a_json_404(personas):
    response = bearer_client(personas.sam).get("/api/v1/children/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "no such path" in response.json()["detail"]


def test_an_unknown_page_outside_the_api_is_still_the_html_404(client, personas):
    client.force_login(personas.sam)
    response = client.get("/children/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
