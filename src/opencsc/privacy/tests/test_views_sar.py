"""The subject access pages: who may use them, 404 for a child they may not open, each download
recorded."""

import json

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessEvent, AuditEvent
from opencsc.people.models import Person, RestrictedAccess
from opencsc.testing import make_user

pytestmark = pytest.mark.django_db


def urls(person):
    return {
        "start": reverse("privacy:sar-start"),
        "detail": reverse("privacy:sar-detail", args=[person.pk]),
        "json": reverse("privacy:sar-json", args=[person.pk]),
        "html": reverse("privacy:sar-html", args=[person.pk]),
    }


@pytest.mark.parametrize("name", ["sam", "tara", "imran", "pat", "olly", "alex", "ines", "ada"])
def test_only_leaders_may_use_subject_access(client, personas, name):
    client.force_login(getattr(personas, name))
    for url in urls(personas.lily).values():
        assert client.get(url).status_code == 403, url
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.HEAD_OF_SERVICE, Role.DIRECTOR])
def test_head_of_service_and_director_may(client, personas, role):
    client.force_login(make_user("lead", role, "Lee", "Ader"))
    for url in urls(personas.lily).values():
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_sign_in(client, personas):
    response = client.get(urls(personas.lily)["json"])
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_restricted_record_is_404_unless_named(client, personas):
    Person.objects.filter(pk=personas.lily.pk).update(restricted=True)
    client.force_login(personas.hana)
    for key in ("detail", "json", "html"):
        assert client.get(urls(personas.lily)[key]).status_code == 404
    assert not AccessEvent.objects.exists()
    RestrictedAccess.objects.create(
        person=personas.lily, user=personas.hana, granted_on=personas.lily.date_of_birth, reason="t"
    )
    assert client.get(urls(personas.lily)["json"]).status_code == 200


def test_an_unknown_person_is_404(client, personas):
    client.force_login(personas.hana)
    assert client.get(reverse("privacy:sar-json", args=[999999])).status_code == 404


def test_downloading_the_json_records_an_export_event(client, personas):
    client.force_login(personas.hana)
    url = urls(personas.lily)["json"]
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="sar-TEST0001.json"'
    assert response["Cache-Control"] == "no-store"
    doc = json.loads(response.content)
    assert doc["subject"]["name"] == "Lily Puddlewhistle"
    (event,) = AccessEvent.objects.all()
    assert (event.via, event.user, event.person, event.path) == (
        "export",
        personas.hana,
        personas.lily,
        url,
    )
    assert AuditEvent.objects.filter(action="export_subject_access", actor=personas.hana).exists()


def test_downloading_the_html_gives_the_printable_page(client, personas):
    client.force_login(personas.hana)
    response = client.get(urls(personas.lily)["html"])
    assert response["Content-Type"].startswith("text/html")
    assert b"@media print" in response.content and b"Lily Puddlewhistle" in response.content


def test_the_summary_page_is_a_read_of_the_record_and_links_the_downloads(client, personas):
    client.force_login(personas.hana)
    page = client.get(urls(personas.lily)["detail"]).content.decode()
    assert urls(personas.lily)["json"] in page and urls(personas.lily)["html"] in page
    assert "care.Placement.carer_name" in page
    assert AccessEvent.objects.get().via == "page"


def test_the_start_page_finds_a_child_by_la_child_id_and_lists_the_rules(client, personas):
    client.force_login(personas.hana)
    start = urls(personas.lily)["start"]
    page = client.get(start).content.decode()
    assert "cla-75" in page and "adoption-100" in page
    response = client.get(start, {"la_child_id": "test0001"})
    assert response.status_code == 302 and response["Location"] == urls(personas.lily)["detail"]
    missing = client.get(start, {"la_child_id": "NOPE"}).content.decode()
    assert "No child with LA child ID NOPE" in missing
