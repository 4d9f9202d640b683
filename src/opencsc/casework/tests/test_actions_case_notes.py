"""Case notes: filed for one child or several at once, refused for a child the author cannot see
or a time still to come; corrected or deleted only with a reason, both audited, the note kept."""

import datetime as dt

from django.utils import timezone

from opencsc.audit.models import AuditEvent
from opencsc.casework import actions as cw
from opencsc.casework.actions import NoteAction
from opencsc.casework.models import CaseNote, CaseNoteAction
from opencsc.testing import new_child, refusal
from opencsc.workforce import actions as wf

D = dt.date


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def sibling_of(personas, *, holder=None):
    """Lily's brother, allocated to ``holder`` (Sam by default)."""
    holder = holder or personas.sam
    rory = new_child(personas.sam, first_name="Rory", last_name="Puddlewhistle", la_child_id="R1")
    wf.allocate(
        by=personas.tara,
        person=rory,
        worker=holder.worker,
        started_on=D(2025, 9, 1),
        change_reason="FCONTA",
    )
    return rory


def add(personas, **overrides):
    fields = {
        "by": personas.sam,
        "children": [personas.lily],
        "kind": "phone_call",
        "title": "Call from the school",
        "body": "The head teacher rang: Lily was upset at lunch.",
        "happened_at": at(D(2026, 11, 20), 14, 30),
    }
    return cw.add_case_note(**(fields | overrides))


def test_a_note_filed_for_two_siblings_is_on_both_records_and_audited_on_each(personas, today):
    rory = sibling_of(personas)

    note = add(personas, children=[personas.lily, rory])

    assert note.person == personas.lily and note.recorded_by == personas.sam
    assert set(note.children.all()) == {personas.lily, rory}
    assert list(rory.case_notes.all()) == [note] == list(personas.lily.case_notes.all())
    events = AuditEvent.objects.filter(action="add_case_note", object_id=str(note.pk))
    assert set(events.values_list("person", flat=True)) == {personas.lily.pk, rory.pk}
    assert all(e.changes["title"] == [None, "Call from the school"] for e in events)


def test_a_note_carries_its_actions_each_with_an_owner_and_a_due_date(personas, today):
    note = add(
        personas,
        actions=[
            NoteAction(what="Ring the GP", owner=personas.sam.worker, due_on=D(2026, 11, 27)),
            NoteAction(what="Book a meeting", owner=personas.tara.worker, due_on=D(2026, 12, 4)),
        ],
    )

    saved = list(note.actions.values_list("what", "owner", "due_on", "done_on"))
    assert saved == [
        ("Ring the GP", personas.sam.worker.pk, D(2026, 11, 27), None),
        ("Book a meeting", personas.tara.worker.pk, D(2026, 12, 4), None),
    ]
    assert AuditEvent.objects.filter(action="add_case_note_action").count() == 2


def test_a_child_the_author_cannot_see_is_refused_and_nothing_is_written(personas, today):
    oscar = sibling_of(personas, holder=personas.olly)

    error = refusal(add, personas, children=[personas.lily, oscar])

    assert error.field == "children"
    assert "cannot see" in error.text and "Select only children" in error.text
    assert not CaseNote.objects.exists()
    assert not AuditEvent.objects.filter(action="add_case_note").exists()


def test_a_note_about_a_time_still_to_come_is_refused(personas, today):
    error = refusal(add, personas, happened_at=timezone.now() + dt.timedelta(minutes=5))
    assert error.field == "happened_at" and "in the future" in error.text


def test_a_note_needs_a_child_a_title_and_what_happened(personas, today):
    assert refusal(add, personas, children=[]).field == "children"
    assert refusal(add, personas, title="  ").field == "title"
    assert refusal(add, personas, body="").field == "body"
    assert refusal(add, personas, kind="gossip").field == "kind"


def test_an_action_due_before_the_note_is_refused_naming_its_row(personas, today):
    item = NoteAction(what="Ring the GP", owner=personas.sam.worker, due_on=D(2026, 11, 1))
    error = refusal(add, personas, actions=[item])
    assert error.field == "action_1_due_on"
    assert not CaseNoteAction.objects.exists() and not CaseNote.objects.exists()


def test_a_correction_needs_a_reason_and_keeps_the_old_text_in_the_history(personas, today):
    rory = sibling_of(personas)
    note = add(personas, children=[personas.lily, rory])
    change = {
        "kind": "phone_call",
        "title": "Call from the school",
        "body": "The head teacher rang: Lily was upset at break.",
        "happened_at": note.happened_at,
    }

    assert (
        refusal(
            cw.correct_case_note, by=personas.tara, note=note, version=1, reason=" ", **change
        ).field
        == "reason"
    )
    corrected = cw.correct_case_note(
        by=personas.tara, note=note, version=1, reason="It was at break, not lunch", **change
    )

    corrected.refresh_from_db()
    assert corrected.body == change["body"] and corrected.version == 2
    assert corrected.correction_reason == "It was at break, not lunch"
    events = AuditEvent.objects.filter(action="correct_case_note", object_id=str(note.pk))
    assert set(events.values_list("person", flat=True)) == {personas.lily.pk, rory.pk}
    for event in events:
        assert event.actor == personas.tara
        assert event.changes["body"] == [
            "The head teacher rang: Lily was upset at lunch.",
            "The head teacher rang: Lily was upset at break.",
        ]
        assert event.changes["correction_reason"] == ["", "It was at break, not lunch"]


def test_a_stale_correction_is_refused(personas, today):
    note = add(personas)
    same = {"kind": note.kind, "title": note.title, "happened_at": note.happened_at}
    cw.correct_case_note(by=personas.sam, note=note, version=1, body="First", reason="Typo", **same)
    stale = CaseNote.objects.get(pk=note.pk)
    stale.version = 1

    error = refusal(
        cw.correct_case_note,
        by=personas.tara,
        note=stale,
        version=1,
        body="Second",
        reason="Typo",
        **same,
    )

    assert error.field == "version"
    assert CaseNote.objects.get(pk=note.pk).body == "First"


def test_a_correction_that_changes_nothing_is_refused(personas, today):
    note = add(personas)
    error = refusal(
        cw.correct_case_note,
        by=personas.sam,
        note=note,
        version=1,
        kind=note.kind,
        title=note.title,
        body=note.body,
        happened_at=note.happened_at,
        reason="Nothing",
    )
    assert error.field == "body" and "Nothing in the note was changed" in error.text


def test_a_deletion_needs_a_reason_keeps_the_note_and_is_audited(personas, today):
    note = add(personas)

    assert (
        refusal(cw.delete_case_note, by=personas.sam, note=note, version=1, reason="").field
        == "reason"
    )
    cw.delete_case_note(by=personas.sam, note=note, version=1, reason="Wrong child's record")

    kept = CaseNote.objects.get(pk=note.pk)
    assert kept.is_deleted and kept.deleted_by == personas.sam
    assert kept.deletion_reason == "Wrong child's record"
    assert kept.body == "The head teacher rang: Lily was upset at lunch."  # kept, not shown
    event = AuditEvent.objects.get(action="delete_case_note", object_id=str(note.pk))
    assert event.person == personas.lily
    assert event.changes["deletion_reason"] == ["", "Wrong child's record"]
    # A deleted note is changed no more.
    again = refusal(cw.delete_case_note, by=personas.sam, note=kept, version=2, reason="Again")
    assert again.field == "version" and "deleted" in again.text
    corrected = refusal(
        cw.correct_case_note,
        by=personas.sam,
        note=kept,
        version=2,
        kind="other",
        title="x",
        body="y",
        happened_at=kept.happened_at,
        reason="z",
    )
    assert corrected.field == "version"
