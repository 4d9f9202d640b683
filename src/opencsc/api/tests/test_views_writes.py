"""Changing a child's record through the API: through the actions, audited, version-checked,
refused for inspectors, and every refusal naming the field."""

import datetime as dt
import json

import pytest
from django.test import Client

from opencsc.audit.models import AccessEvent, AuditEvent
from opencsc.casework.models import Visit
from opencsc.people.models import Person

from .conftest import bearer_client


def url(person, tail=""):
    return f"/api/v1/children/{person.pk}/{tail}"


def patch(client, person, body, **extra):
    return client.patch(url(person), json.dumps(body), content_type="application/json", **extra)


def post_visit(client, person, body):
    return client.post(url(person, "visits/"), json.dumps(body), content_type="application/json")


def test_two_clients_editing_the_same_child_the_stale_save_is_refused(personas):
    sam, tara = bearer_client(personas.sam), bearer_client(personas.tara)
    lily = personas.lily
    seen_by_sam = sam.get(url(lily)).json()
    seen_by_tara = tara.get(url(lily)).json()
    assert seen_by_sam["version"] == seen_by_tara["version"]

    first = patch(sam, lily, {"version": seen_by_sam["version"], "first_name": "Lilian"})
    assert first.status_code == 200, first.content
    assert first.json()["version"] == seen_by_sam["version"] + 1

    stale = patch(tara, lily, {"version": seen_by_tara["version"], "last_name": "Overwritten"})
    assert stale.status_code == 409
    assert list(stale.json()) == ["version"]
    assert "someone else" in stale.json()["version"][0]

    lily = Person.objects.get(pk=lily.pk)
    assert (lily.first_name, lily.last_name) == ("Lilian", "Puddlewhistle")
    updates = AuditEvent.objects.filter(action="update_person")
    assert [e.changes for e in updates] == [{"first_name": ["Lily", "Lilian"]}]


def test_a_stale_version_is_refused_even_when_it_changes_nothing(personas):
    client = bearer_client(personas.sam)
    lily = personas.lily
    response = patch(client, lily, {"version": lily.version + 5, "first_name": lily.first_name})
    assert response.status_code == 409
    assert "version" in response.json()


def test_an_edit_writes_its_audit_event_with_old_and_new_values(personas):
    client = bearer_client(personas.tara)
    lily = personas.lily
    response = patch(client, lily, {"version": lily.version, "upn": "A123456789012"})
    assert response.status_code == 200, response.content
    event = AuditEvent.objects.filter(action="update_person").get()
    assert event.actor == personas.tara
    assert event.person_id == lily.pk
    assert event.changes["upn"] == ["", "A123456789012"]


def test_an_edit_with_no_change_writes_nothing_and_keeps_the_version(personas):
    client = bearer_client(personas.sam)
    lily = personas.lily
    before = AuditEvent.objects.count()
    response = patch(client, lily, {"version": lily.version, "first_name": "Lily"})
    assert response.status_code == 200
    assert response.json()["version"] == lily.version
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"first_name": "Lilian"}, "version", "required"),
        ({"version": "one"}, "version", "integer"),
        ({"version": 1, "upn": "NOT-A-UPN"}, "upn", "not valid"),
        ({"version": 1, "nhs_number": "1234567890"}, "nhs_number", "check digit"),
        ({"version": 1, "sex": "X"}, "sex", "Use one of: M, F, U"),
        ({"version": 1, "date_of_birth": "2015-13-40"}, "date_of_birth", "format"),
        ({"version": 1, "date_of_birth": "2999-01-01"}, "date_of_birth", "in the future"),
        ({"version": 1, "first_name": "   "}, "first_name", "blank"),
        ({"version": 1, "first_name": "x" * 61}, "first_name", "60"),
        ({"version": 1, "date_of_death": "2020-01-01"}, "date_of_death", "cannot be changed"),
        ({"version": 1, "la_child_id": "TEST 0001!"}, "la_child_id", "letters and digits"),
        ([1, 2], "body", "dictionary"),
        ("a string", "body", "dictionary"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(personas, body, field, says):
    client = bearer_client(personas.sam)
    lily = personas.lily
    if isinstance(body, dict) and body.get("version") == 1:
        body["version"] = lily.version
    response = patch(client, lily, body)
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert says.lower() in " ".join(errors[field]).lower()
    assert Person.objects.get(pk=lily.pk).version == lily.version


def test_a_body_that_is_not_json_is_a_400_naming_the_body(personas):
    client = bearer_client(personas.sam)
    response = client.patch(url(personas.lily), "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "body" in response.json()


def test_another_content_type_is_refused(personas):
    client = bearer_client(personas.sam)
    response = client.patch(url(personas.lily), "version=1", content_type="text/plain")
    assert response.status_code == 415


def test_an_inspector_reads_but_cannot_change(personas):
    ines = bearer_client(personas.ines)
    lily = personas.lily
    assert ines.get(url(lily)).status_code == 200
    refused = patch(ines, lily, {"version": lily.version, "first_name": "Changed"})
    assert refused.status_code == 403
    visit = {"kind": "cin", "visited_on": "2025-09-10", "seen": True}
    assert post_visit(ines, lily, visit).status_code == 403
    assert Person.objects.get(pk=lily.pk).first_name == "Lily"
    assert not Visit.objects.exists()


def test_a_child_the_user_may_not_see_cannot_be_changed_and_is_404(personas):
    olly = bearer_client(personas.olly)
    lily = personas.lily
    assert patch(olly, lily, {"version": lily.version, "first_name": "X"}).status_code == 404
    visit = {"kind": "cin", "visited_on": "2025-09-10", "seen": True}
    assert post_visit(olly, lily, visit).status_code == 404
    assert Person.objects.get(pk=lily.pk).first_name == "Lily"
    assert not AccessEvent.objects.filter(user=personas.olly).exists()


def test_a_visit_is_recorded_by_its_action_audited_and_in_the_events(personas):
    client = bearer_client(personas.sam)
    lily = personas.lily
    response = post_visit(
        client,
        lily,
        {
            "kind": "cin",
            "visited_on": "2025-09-10",
            "seen": True,
            "seen_alone": True,
            "wishes_and_feelings": "Wants to stay at her school.",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    visit = Visit.objects.get(pk=body["id"])
    assert (visit.visited_on, visit.seen_alone, visit.recorded_by) == (
        dt.date(2025, 9, 10),
        True,
        personas.sam,
    )
    assert visit.worker == personas.sam.worker
    assert body["kind"] == {"code": "cin", "label": "Child in need visit"}
    assert body["method"] == {"code": "face_to_face", "label": "Face to face"}
    event = AuditEvent.objects.get(action="record_visit")
    assert (event.actor, event.person_id, event.object_id) == (
        personas.sam,
        lily.pk,
        str(visit.pk),
    )
    events = client.get(url(lily, "events/")).json()["results"]
    assert any(e["title"] == "Child in need visit" and e["date"] == "2025-09-10" for e in events)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "cp", "visited_on": "2025-09-10", "seen": True}, "kind"),  # no CP plan
        ({"kind": "home", "visited_on": "2025-09-10", "seen": True}, "kind"),
        ({"kind": "cin", "visited_on": "2999-09-10", "seen": True}, "visited_on"),
        ({"kind": "cin", "visited_on": "2010-01-01", "seen": True}, "visited_on"),  # pre-birth
        (
            {"kind": "cin", "visited_on": "2025-09-10", "seen": False, "seen_alone": True},
            "seen_alone",
        ),
        ({"kind": "cin", "visited_on": "2025-09-10"}, "seen"),
        # No one was home: the child cannot have been seen.
        (
            {"kind": "cin", "visited_on": "2025-09-10", "seen": True, "method": "unsuccessful"},
            "seen",
        ),
        ({"kind": "cin", "visited_on": "2025-09-10", "seen": False, "method": "phone"}, "method"),
        ({"kind": "cin", "visited_on": "2025-09-10", "seen": True, "by": 1}, "by"),
        ({"kind": "cin", "visited_on": "2025-09-10", "seen": "perhaps"}, "seen"),
    ],
)
def test_a_refused_visit_is_a_400_naming_the_field_and_records_nothing(personas, body, field):
    client = bearer_client(personas.sam)
    before = AuditEvent.objects.count()
    response = post_visit(client, personas.lily, body)
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not Visit.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_session_client_needs_the_csrf_token_to_change_anything(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.sam)
    lily = personas.lily
    assert client.get(url(lily)).status_code == 200  # reads need no CSRF token

    refused = patch(client, lily, {"version": lily.version, "first_name": "Lilian"})
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    client.get("/")  # any page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    allowed = patch(
        client, lily, {"version": lily.version, "first_name": "Lilian"}, HTTP_X_CSRFTOKEN=token
    )
    assert allowed.status_code == 200, allowed.content
    assert Person.objects.get(pk=lily.pk).first_name == "Lilian"


def test_a_session_owing_its_second_factor_gets_no_records(personas):
    from opencsc.accounts import twofactor

    client = Client()
    client.force_login(personas.sam)
    session = client.session
    session[twofactor.SESSION_KEY] = twofactor.VERIFY
    session.save()
    response = client.get(url(personas.lily))
    assert response.status_code == 403
    assert not AccessEvent.objects.exists()
