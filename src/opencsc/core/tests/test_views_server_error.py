"""A view that fails gives the GOV.UK "problem with the service" page (JSON under /api/), and
the page renders without the database."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.test import Client, RequestFactory
from django.urls import path

from opencsc import urls as site_urls
from opencsc.core.views import server_error


@login_not_required
def broken(request):
    raise DatabaseError("the database went away")


# The site's URLs and handlers, and two paths that fail.
urlpatterns = [path("broken/", broken), path("api/broken/", broken), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def test_the_500_page_renders_without_touching_the_database():
    # No django_db mark: any query here fails the test.
    request = RequestFactory().get("/children/1/")
    response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Sorry, there is a problem with the service – opencsc – " in html
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in html
    assert "Try again later." in html
    assert 'class="govuk-header' in html and 'class="govuk-footer"' in html
    assert "Signed in as" not in html


@pytest.mark.django_db
def test_a_failing_page_gives_the_govuk_500_page(settings, personas):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(personas.sam)
    response = client.get("/broken/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "the database went away" not in html  # nothing of the failure is shown
    # The page's inline scripts carry the nonce the Content-Security-Policy header names.
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in html


@pytest.mark.django_db
def test_a_failing_api_path_gives_json(settings, personas):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(personas.sam)
    response = client.get("/api/broken/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Something went wrong on the server. Try again later."}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_500_page_in_a_browser_is_styled_and_blocks_nothing(
    settings, page, live_server, personas
):
    settings.ROOT_URLCONF = __name__
    console = []
    page.on("console", lambda m: console.append(m.text))
    response = page.goto(f"{live_server.url}/broken/")
    assert response.status == 500
    heading = page.locator("h1")
    assert heading.inner_text() == "Sorry, there is a problem with the service"
    # GOV.UK Frontend's stylesheet applied (the heading is bold), and its script ran.
    assert heading.evaluate("h => getComputedStyle(h).fontWeight") == "700"
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    assert not [m for m in console if "Content Security Policy" in m]
