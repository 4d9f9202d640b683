"""What the read endpoints return: a child's details, periods of care with their 903 episodes
(the same ones ``care.episodes`` derives for the return), and the chronology; each read logged."""

import datetime as dt

from opencsc.audit.models import AccessEvent
from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails
from opencsc.care.episodes import episodes_for_period

from .conftest import bearer_client

D = dt.date


def test_a_childs_details_carry_their_version_and_status(personas):
    body = bearer_client(personas.sam).get(f"/api/v1/children/{personas.lily.pk}/").json()
    assert body["la_child_id"] == "TEST0001"
    assert body["version"] == personas.lily.version
    assert body["disabilities"] == ["NONE"]
    assert body["status"] == "Open referral"
    event = AccessEvent.objects.get()
    assert (event.user, event.person, event.via, event.path) == (
        personas.sam,
        personas.lily,
        AccessEvent.Via.API,
        f"/api/v1/children/{personas.lily.pk}/",
    )


def test_episodes_are_the_903_episodes_of_each_period_of_care(personas):
    lily = personas.lily
    period = care.start_looked_after(
        by=personas.sam,
        person=lily,
        started_on=D(2025, 9, 15),
        legal_status="V2",
        primary_need="N1",
        placement=PlacementDetails(place="U6", provider="PR1", postcode="NR3 1AA"),
    )
    care.change_legal_status(by=personas.sam, period=period, code="C2", started_on=D(2025, 10, 6))
    care.change_placement(
        by=personas.sam,
        period=period,
        started_on=D(2025, 11, 3),
        placement=PlacementDetails(place="U4", provider="PR1", postcode="NR4 2BB"),
        change_reason="CARPL",
    )
    client = bearer_client(personas.sam)

    body = client.get(f"/api/v1/children/{lily.pk}/episodes/").json()

    assert body["child"] == lily.pk
    [got] = body["periods"]
    assert got["id"] == period.pk
    assert got["primary_need"]["code"] == "N1"
    assert [s["code"]["code"] for s in got["legal_statuses"]] == ["V2", "C2"]
    assert [p["place"]["code"] for p in got["placements"]] == ["U6", "U4"]
    derived = episodes_for_period(period)
    assert [
        (e["start"], e["legal_status"], e["place"], e["rne"], e["rec"]) for e in got["episodes"]
    ] == [(e.start.isoformat(), e.ls, e.placement.place, e.rne, e.rec) for e in derived]
    assert [e["rne"] for e in got["episodes"]] == ["S", "L", "P"]
    assert got["episodes"][1]["reason_place_change"] == "CARPL"
    assert got["episodes"][-1]["end"] is None
    assert AccessEvent.objects.filter(via="api", person=lily).count() == 1


def test_a_child_never_looked_after_has_no_periods(personas):
    body = bearer_client(personas.sam).get(f"/api/v1/children/{personas.lily.pk}/episodes/")
    assert body.json() == {"child": personas.lily.pk, "periods": []}


def test_events_are_the_chronology_newest_first_and_paged(personas):
    lily = personas.lily
    client = bearer_client(personas.tara)
    body = client.get(f"/api/v1/children/{lily.pk}/events/").json()
    titles = [e["title"] for e in body["results"]]
    assert "Referral received" in titles and "Born" in titles
    dates = [e["date"] for e in body["results"]]
    assert dates == sorted(dates, reverse=True)
    assert body["count"] == len(body["results"])

    first = client.get(f"/api/v1/children/{lily.pk}/events/", {"page_size": 1}).json()
    assert len(first["results"]) == 1 and first["next"]
    assert first["results"][0] == body["results"][0]
    beyond = client.get(f"/api/v1/children/{lily.pk}/events/", {"page": 99})
    assert beyond.status_code == 400
    assert "page" in beyond.json()
    assert client.get(f"/api/v1/children/{lily.pk}/events/", {"page_size": 0}).status_code == 400


def test_the_schema_is_public_openapi_3_and_lists_the_endpoints(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/children/",
        "/api/v1/children/{id}/",
        "/api/v1/children/{id}/episodes/",
        "/api/v1/children/{id}/events/",
        "/api/v1/children/{id}/visits/",
    } <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_the_docs_page_uses_only_vendored_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html
