"""Case notes through their pages: a note filed for two siblings at once appears on both records;
a correction and a deletion each need a reason and show in the note's history."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.casework import actions as cw
from opencsc.casework.models import CaseNote
from opencsc.people import actions as people
from opencsc.testing import new_child, posted_date
from opencsc.workforce import actions as wf

D = dt.date
BODY = "Lily and Rory were at home with Mum. Both said school was going better."


def child_of(personas, first, holder, la_child_id):
    """A brother of Lily's, allocated to ``holder``."""
    child = new_child(
        personas.sam, first_name=first, last_name="Puddlewhistle", la_child_id=la_child_id
    )
    wf.allocate(
        by=personas.tara,
        person=child,
        worker=holder.worker,
        started_on=D(2025, 9, 1),
        change_reason="FCONTA",
    )
    people.add_relationship(by=personas.sam, person=personas.lily, other=child, kind="sibling")
    return child


def note_data(*children, **data):
    return {
        "children": [c.pk for c in children],
        "kind": "visit",
        "title": "Home visit",
        "body": BODY,
        **posted_date("happened_on", D(2026, 11, 27)),
        "happened_time": "14:30",
        **data,
    }


def test_a_note_filed_for_two_siblings_appears_on_both_records(client, personas, today):
    lily = personas.lily
    rory = child_of(personas, "Rory", personas.sam, "TEST0201")
    oscar = child_of(personas, "Oscar", personas.olly, "TEST0202")  # Olly's: Sam cannot see him
    client.force_login(personas.sam)
    url = reverse("casework:note-create", args=[lily.pk])
    assert url in client.get(lily.get_absolute_url()).content.decode()
    form = client.get(url).context["form"]
    assert list(form.fields["children"].queryset) == [lily, rory]  # this child first; no Oscar
    assert form["children"].initial == [lily.pk]

    response = client.post(
        url,
        note_data(
            lily,
            rory,
            action_1_what="Ask the school for attendance figures",
            action_1_owner=personas.sam.worker.pk,
            **posted_date("action_1_due_on", D(2026, 12, 4)),
        ),
    )

    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    note = CaseNote.objects.get()
    assert set(note.children.all()) == {lily, rory} and oscar not in note.children.all()
    assert (note.kind, note.title, note.body) == ("visit", "Home visit", BODY)
    assert note.happened_at.isoformat() == "2026-11-27T14:30:00+00:00"
    assert list(note.actions.values_list("what", "owner", "due_on")) == [
        ("Ask the school for attendance figures", personas.sam.worker.pk, D(2026, 12, 4))
    ]
    events = AuditEvent.objects.filter(action="add_case_note", object_id=str(note.pk))
    assert set(events.values_list("person", flat=True)) == {lily.pk, rory.pk}
    for child in (lily, rory):
        record = client.get(child.get_absolute_url()).content.decode()
        assert "Visit: Home visit" in record
        detail = reverse("casework:note-detail", args=[child.pk, note.pk])
        assert detail in record
        page = client.get(detail).content.decode()
        assert BODY in page and "Ask the school for attendance figures" in page
    # Each record names the other child the note is filed for.
    assert (
        "Rory Puddlewhistle"
        in client.get(reverse("casework:note-detail", args=[lily.pk, note.pk])).content.decode()
    )


def test_a_note_for_a_time_still_to_come_is_refused_and_nothing_written(client, personas, today):
    client.force_login(personas.sam)
    url = reverse("casework:note-create", args=[personas.lily.pk])

    response = client.post(
        url,
        note_data(personas.lily, **posted_date("happened_on", today)) | {"happened_time": "23:59"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "are in the future" in page
    assert 'href="#id_happened_on_day"' in page
    assert not CaseNote.objects.exists()


def test_a_half_filled_action_and_a_wrong_time_name_their_fields(client, personas, today):
    client.force_login(personas.sam)
    url = reverse("casework:note-create", args=[personas.lily.pk])

    response = client.post(
        url, note_data(personas.lily, happened_time="25:00", action_2_what="Ring the GP")
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Time it happened must be a real time, like 14:30" in page
    assert "Select who will do action 2" in page
    assert "Enter the due date of action 2" in page
    assert not CaseNote.objects.exists()


def note_for(personas, *children):
    return cw.add_case_note(
        by=personas.sam,
        children=list(children or [personas.lily]),
        kind="phone_call",
        title="Call from the school",
        body="Lily was upset at lunch.",
        happened_at=dt.datetime(2026, 11, 20, 14, 30, tzinfo=dt.UTC),
    )


def test_a_correction_needs_a_reason_and_shows_before_and_after(client, personas, today):
    note = note_for(personas)
    client.force_login(personas.tara)
    url = reverse("casework:note-correct", args=[personas.lily.pk, note.pk])
    form = client.get(url).context["form"]
    data = {
        "kind": "phone_call",
        "title": "Call from the school",
        "body": "Lily was upset at break.",
        **posted_date("happened_on", D(2026, 11, 20)),
        "happened_time": form["happened_time"].value(),
        "version": "1",
        "seen": form["seen"].value(),
    }

    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Enter why the note is being corrected" in refused.content.decode()

    response = client.post(url, data | {"reason": "It was at break, not lunch"})

    detail = reverse("casework:note-detail", args=[personas.lily.pk, note.pk])
    assert response.status_code == 302 and response["Location"] == detail
    note.refresh_from_db()
    assert note.body == "Lily was upset at break." and note.version == 2
    page = client.get(detail).content.decode()
    assert "It was at break, not lunch" in page
    assert "Before: Lily was upset at lunch." in page and "After: Lily was upset at break." in page

    stale = client.post(url, data | {"reason": "Again", "body": "Something else"})
    assert stale.status_code == 409
    note.refresh_from_db()
    assert note.body == "Lily was upset at break."


def test_a_deleted_note_shows_as_deleted_with_its_reason_not_its_text(client, personas, today):
    note = note_for(personas)
    client.force_login(personas.sam)
    url = reverse("casework:note-delete", args=[personas.lily.pk, note.pk])
    seen = client.get(url).context["form"]["seen"].value()

    assert client.post(url, {"version": "1", "seen": seen}).status_code == 400
    response = client.post(url, {"version": "1", "seen": seen, "reason": "Wrong child"})

    assert response.status_code == 302
    note.refresh_from_db()
    assert note.is_deleted and note.deletion_reason == "Wrong child"
    record = client.get(personas.lily.get_absolute_url()).content.decode()
    assert "Case note deleted" in record and "Reason: Wrong child" in record
    assert "Lily was upset at lunch." not in record
    page = client.get(reverse("casework:note-detail", args=[personas.lily.pk, note.pk]))
    text = page.content.decode()
    assert "Deleted on" in text and "Wrong child" in text
    assert "Lily was upset at lunch." not in text
    assert reverse("casework:note-correct", args=[personas.lily.pk, note.pk]) not in text


def test_a_note_of_another_childs_record_is_not_found_from_this_one(client, personas, today):
    rory = child_of(personas, "Rory", personas.sam, "TEST0201")
    note = note_for(personas, rory)
    client.force_login(personas.sam)
    for name in ("note-detail", "note-correct", "note-delete"):
        url = reverse(f"casework:{name}", args=[personas.lily.pk, note.pk])
        assert client.get(url).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_note_page_and_the_record_cost_the_same_however_long_the_history(
    client, personas, today
):
    lily = personas.lily
    plain = note_for(personas)
    client.force_login(personas.sam)
    add = reverse("casework:note-create", args=[lily.pk])
    before = {url: _queries(client, url) for url in (add, lily.get_absolute_url())}
    plain_page = _queries(client, reverse("casework:note-detail", args=[lily.pk, plain.pk]))

    rory = child_of(personas, "Rory", personas.sam, "TEST0201")
    busy = cw.add_case_note(
        by=personas.sam,
        children=[lily, rory],
        kind="meeting",
        title="Core group",
        body="Met.",
        happened_at=dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC),
        actions=[
            cw.NoteAction(what=f"Task {n}", owner=personas.sam.worker, due_on=D(2026, 12, 1))
            for n in range(3)
        ],
    )
    for n in range(3):
        busy.refresh_from_db()
        cw.correct_case_note(
            by=personas.tara,
            note=busy,
            version=busy.version,
            kind=busy.kind,
            title=busy.title,
            body=f"Version {n}",
            happened_at=busy.happened_at,
            reason=f"Correction {n}",
        )
    note_for(personas, lily, rory)

    busy_page = _queries(client, reverse("casework:note-detail", args=[lily.pk, busy.pk]))
    assert busy_page == plain_page
    # The record and the page to add a note: one more child to offer, a few more notes, no more
    # queries.
    assert {url: _queries(client, url) for url in before} == before
