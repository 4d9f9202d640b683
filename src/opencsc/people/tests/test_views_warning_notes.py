"""Warning notes in the browser: added, reviewed and ended through their pages, and shown as a
banner on every page of the child's record (the record, who has seen it, each recording page)
while in force, to those who may see the child and to no one else."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.people import actions
from opencsc.people.models import WarningNote

pytestmark = pytest.mark.usefixtures("today")

DETAILS = "Her partner has threatened staff with a knife: visit in pairs."
BANNER = "Staff safety warning"


def add_note(personas, **overrides):
    fields = {
        "by": personas.sam,
        "person": personas.lily,
        "kind": "violence",
        "details": DETAILS,
        "started_on": dt.date(2026, 11, 2),
        "review_on": dt.date(2027, 2, 1),
        "person_told": False,
        "reason_not_told": "Telling him would raise the risk to his partner.",
    }
    return actions.add_warning_note(**(fields | overrides))


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_sam_adds_a_warning_note_through_the_page(client, personas):
    lily = personas.lily
    client.force_login(personas.sam)
    url = reverse("people:warning-create", args=[lily.pk])
    assert url in page(client, lily.get_absolute_url())

    response = client.post(
        url,
        {
            "kind": "violence",
            "details": DETAILS,
            "started_on_day": "2",
            "started_on_month": "11",
            "started_on_year": "2026",
            "review_on_day": "1",
            "review_on_month": "2",
            "review_on_year": "2027",
            "person_told": "no",
            "reason_not_told": "Telling him would raise the risk to his partner.",
        },
    )

    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    note = WarningNote.objects.get(person=lily)
    assert (note.kind, note.review_on, note.person_told) == ("violence", dt.date(2027, 2, 1), False)
    assert AuditEvent.objects.filter(action="add_warning_note", person=lily).exists()
    record = page(client, lily.get_absolute_url())
    assert BANNER in record and DETAILS in record
    assert "Warning note added: violence or aggression towards staff" in record  # chronology


def test_the_page_asks_for_the_reason_with_the_other_errors_and_writes_nothing(client, personas):
    client.force_login(personas.sam)
    url = reverse("people:warning-create", args=[personas.lily.pk])
    response = client.post(
        url,
        {
            "kind": "animals",
            "details": "",
            "started_on_day": "2",
            "started_on_month": "11",
            "started_on_year": "2026",
            "review_on_day": "1",
            "review_on_month": "11",
            "review_on_year": "2026",
            "person_told": "no",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the details of the risk" in text
    assert "Enter the reason the child or family has not been told" in text
    # The dates are the action's to refuse, once the form is complete.
    response = client.post(
        url,
        {
            "kind": "animals",
            "details": "A dog",
            "started_on_day": "2",
            "started_on_month": "11",
            "started_on_year": "2026",
            "review_on_day": "1",
            "review_on_month": "11",
            "review_on_year": "2026",
            "person_told": "yes",
        },
    )
    assert response.status_code == 400
    assert "must be after the date the warning started" in response.content.decode()
    assert not WarningNote.objects.exists()


def test_the_banner_is_on_every_page_of_the_record_while_the_note_is_in_force(client, personas):
    lily = personas.lily
    note = add_note(personas)
    pages = [
        lily.get_absolute_url(),
        reverse("casework:contact-create", args=[lily.pk]),
        reverse("people:address-create", args=[lily.pk]),
        reverse("people:warning-review", args=[lily.pk, note.pk]),
    ]
    client.force_login(personas.sam)
    for url in pages:
        text = page(client, url)
        assert BANNER in text and DETAILS in text, url
        assert "Review by 1 February 2027" in text
    # A refused form is still a page of the record.
    response = client.post(reverse("casework:contact-create", args=[lily.pk]), {})
    assert response.status_code == 400 and DETAILS in response.content.decode()
    # Who has seen the record: a manager's page.
    client.force_login(personas.tara)
    assert DETAILS in page(client, reverse("people:person-access", args=[lily.pk]))
    # Not on pages that are not about one child, even where the child is listed.
    client.force_login(personas.sam)
    assert BANNER not in page(client, reverse("home"))
    assert BANNER not in page(client, reverse("people:person-search") + "?q=Lily")


def test_no_one_who_cannot_see_the_child_sees_the_note(client, personas):
    lily = personas.lily
    add_note(personas)
    urls = [
        lily.get_absolute_url(),
        reverse("casework:contact-create", args=[lily.pk]),
        reverse("people:person-access", args=[lily.pk]),
    ]
    client.force_login(personas.olly)  # another team's worker
    for url in urls:
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert DETAILS not in response.content.decode() and BANNER not in response.content.decode()
    # A restricted record: Sam holds Lily but is not named for it.
    lily.refresh_from_db()
    actions.update_person(by=personas.tara, person=lily, version=lily.version, restricted=True)
    client.force_login(personas.sam)
    for url in urls[:2]:
        response = client.get(url)
        assert response.status_code == 404
        assert DETAILS not in response.content.decode()


def test_a_review_through_the_page_moves_the_date_and_a_stale_one_is_refused(client, personas):
    lily = personas.lily
    note = add_note(personas)
    client.force_login(personas.sam)
    url = reverse("people:warning-review", args=[lily.pk, note.pk])
    form = client.get(url).context["form"]
    data = {
        "version": str(note.version),
        "seen": form["seen"].value(),
        "review_on_day": "1",
        "review_on_month": "5",
        "review_on_year": "2027",
        "details": DETAILS + " He has moved out.",
    }
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    note.refresh_from_db()
    assert (note.review_on, note.version) == (dt.date(2027, 5, 1), 2)
    assert note.details.endswith("He has moved out.")
    assert AuditEvent.objects.filter(action="review_warning_note", person=lily).exists()
    # The same page sent again carries the old version: refused, and says what changed.
    response = client.post(url, data | {"review_on_month": "4"})
    assert response.status_code == 409
    note.refresh_from_db()
    assert note.review_on == dt.date(2027, 5, 1)


def test_ending_a_note_through_the_page_takes_the_banner_away(client, personas, today):
    lily = personas.lily
    note = add_note(personas)
    client.force_login(personas.sam)
    url = reverse("people:warning-end", args=[lily.pk, note.pk])
    assert url in page(client, lily.get_absolute_url())
    response = client.post(
        url,
        {
            "ended_on_day": str(today.day),
            "ended_on_month": str(today.month),
            "ended_on_year": str(today.year),
        },
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.ended_on == today
    assert AuditEvent.objects.filter(action="end_warning_note", person=lily).exists()
    record = page(client, lily.get_absolute_url())
    assert BANNER not in record and url not in record
    assert "Warning note ended" in record  # still in the chronology
    # An ended note cannot be ended again through its page.
    response = client.post(
        url,
        {
            "ended_on_day": str(today.day),
            "ended_on_month": str(today.month),
            "ended_on_year": str(today.year),
        },
    )
    assert response.status_code == 400
    assert "already ended" in response.content.decode()


def test_another_childs_note_is_not_reached_through_this_child(client, personas):
    from opencsc.testing import new_child

    other = new_child(personas.sam)
    note = add_note(personas, person=other)
    client.force_login(personas.sam)
    for name in ("people:warning-review", "people:warning-end"):
        assert client.get(reverse(name, args=[personas.lily.pk, note.pk])).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_banner_costs_one_query_however_many_notes(client, personas):
    lily = personas.lily
    client.force_login(personas.sam)
    form_url = reverse("people:address-create", args=[lily.pk])
    none = {url: _queries(client, url) for url in (lily.get_absolute_url(), form_url)}
    add_note(personas)
    one = {url: _queries(client, url) for url in none}
    add_note(personas, kind="animals", details="Dogs")
    add_note(personas, kind="infection", details="Scabies")
    three = {url: _queries(client, url) for url in none}
    assert one == three
    # The form page did not look for notes before; the record page shares the look-up with its
    # links, so each costs at most one more query with notes than without.
    assert all(one[url] - none[url] <= 1 for url in none)


def test_the_pages_give_the_longest_review_time_in_force(client, personas, settings):
    lily = personas.lily
    note = add_note(personas)
    client.force_login(personas.sam)
    review = reverse("people:warning-review", args=[lily.pk, note.pk])
    assert "no later than 30 11 2027" in page(client, review)  # today, 30 November 2026, + 12
    settings.OPENCSC_TIMESCALES = {"T38": 6}
    assert "no more than 6 months after it" in page(
        client, reverse("people:warning-create", args=[lily.pk])
    )
    assert "no later than 30 5 2027" in page(client, review)
