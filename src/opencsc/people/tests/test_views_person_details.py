"""Changing a child's details in the browser, and the refusal of a stale save: the page says so,
shows what someone else changed (saved now against what this editor entered), and keeps this
editor's own change for the next save."""

import re

import pytest
from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.people import actions as people

pytestmark = pytest.mark.usefixtures("today")


def hidden(page: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden {name}"
    return found.group(1)


def lily_as_shown(page: str, **changes) -> dict[str, str]:
    """Lily's details as the form shows them, with ``changes``: what a browser would send."""
    data = {
        "version": hidden(page, "version"),
        "seen": hidden(page, "seen"),
        "first_name": "Lily",
        "last_name": "Puddlewhistle",
        "la_child_id": "TEST0001",
        "date_of_birth_day": "17",
        "date_of_birth_month": "5",
        "date_of_birth_year": "2015",
        "sex": "F",
        "ethnicity": "WBRI",
        "upn": "",
        "upn_unknown": "",
        "nhs_number": "",
    }
    data.update(changes)
    return data


def test_sam_corrects_lilys_name(client, personas):
    lily = personas.lily
    client.force_login(personas.sam)
    url = reverse("people:person-edit", args=[lily.pk])
    assert url in client.get(lily.get_absolute_url()).content.decode()
    page = client.get(url).content.decode()
    assert 'value="Puddlewhistle"' in page

    response = client.post(url, lily_as_shown(page, last_name="Puddlewhistle-Oak"))

    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    before = lily.version
    lily.refresh_from_db()
    assert lily.last_name == "Puddlewhistle-Oak" and lily.version == before + 1
    event = AuditEvent.objects.get(action="update_person", object_id=str(lily.pk))
    assert event.changes["last_name"] == ["Puddlewhistle", "Puddlewhistle-Oak"]


def test_a_stale_save_is_refused_and_shows_what_someone_else_changed(client, personas):
    lily = personas.lily
    client.force_login(personas.sam)
    url = reverse("people:person-edit", args=[lily.pk])
    sams_page = client.get(url).content.decode()
    # Tara corrects the ethnicity and the NHS number while Sam has the page open.
    people.update_person(
        by=personas.tara,
        person=lily,
        version=lily.version,
        ethnicity="WIRI",
        nhs_number="9434765919",
    )
    lily.refresh_from_db()
    saved_version = lily.version

    response = client.post(url, lily_as_shown(sams_page, first_name="Lilian", ethnicity="WOTH"))

    assert response.status_code == 409
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Someone else saved changes to this person while you were editing it" in page
    table = page[page.index("What they changed") : page.index("</table>")]
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]*)</th>\s*'
        r'<td class="govuk-table__cell">([^<]*)</td>\s*<td class="govuk-table__cell">([^<]*)</td>',
        table,
    )
    assert rows == [
        ("Ethnicity", "White Irish", "Any other White background"),
        ("NHS number", "9434765919", "Not given"),
    ]
    # Nothing of Sam's was saved.
    lily.refresh_from_db()
    assert (lily.first_name, lily.ethnicity, lily.version) == ("Lily", "WIRI", saved_version)
    # The form now holds what is saved with Sam's own changes kept, and the new version: Tara's
    # NHS number (which Sam left alone) stands, Sam's name and ethnicity (his decision, having
    # seen hers) are kept.
    assert hidden(page, "version") == str(saved_version)
    assert 'name="nhs_number" value="9434765919"' in page
    assert 'name="first_name" value="Lilian"' in page
    assert re.search(r'<option value="WOTH" selected>', page)

    response = client.post(
        url, lily_as_shown(page, first_name="Lilian", ethnicity="WOTH", nhs_number="9434765919")
    )

    assert response.status_code == 302
    lily.refresh_from_db()
    assert (lily.first_name, lily.ethnicity, lily.nhs_number) == ("Lilian", "WOTH", "9434765919")


def test_a_change_refused_by_the_action_is_shown_beside_its_field(client, personas):
    lily = personas.lily
    client.force_login(personas.sam)
    url = reverse("people:person-edit", args=[lily.pk])
    page = client.get(url).content.decode()
    response = client.post(url, lily_as_shown(page, upn="X123"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_upn"' in body and "The UPN &#x27;X123&#x27; is not valid" in body
    assert "Someone else saved" not in body
    lily.refresh_from_db()
    assert lily.upn == ""


def test_another_teams_worker_cannot_change_lily(client, personas):
    client.force_login(personas.olly)
    url = reverse("people:person-edit", args=[personas.lily.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"first_name": "X"}).status_code == 404
