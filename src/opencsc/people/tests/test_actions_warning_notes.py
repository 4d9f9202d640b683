"""Warning notes (staff safety): adding, reviewing and ending one through its actions, each
refusal naming the field and the fix, each change audited; the review timescale (T38)."""

import datetime as dt

import pytest

from opencsc.audit.models import AuditEvent
from opencsc.core.timescales import CATALOGUE, CLOCKS
from opencsc.people import actions
from opencsc.people.models import WarningNote
from opencsc.people.timescales import next_warning_note_review, warning_note_review_due
from opencsc.testing import refusal

pytestmark = pytest.mark.usefixtures("today")


def add(personas, **overrides):
    fields = {
        "by": personas.sam,
        "person": personas.lily,
        "kind": "violence",
        "details": "Father has threatened staff: visit in pairs.",
        "started_on": dt.date(2026, 6, 1),
        "review_on": dt.date(2026, 12, 1),
        "person_told": True,
    }
    return actions.add_warning_note(**(fields | overrides))


def test_a_note_is_added_and_audited(personas):
    note = add(personas, person_told=False, reason_not_told="  Telling him would raise the risk. ")
    assert (note.kind, note.started_on, note.review_on, note.ended_on) == (
        "violence",
        dt.date(2026, 6, 1),
        dt.date(2026, 12, 1),
        None,
    )
    assert note.reason_not_told == "Telling him would raise the risk."
    assert note.recorded_by == personas.sam
    event = AuditEvent.objects.get(action="add_warning_note")
    assert event.person_id == personas.lily.pk
    assert event.object_id == str(note.pk)
    assert personas.lily.active_warning_notes == [note]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"kind": "ghosts"}, "kind", "not a valid kind of warning"),
        ({"details": "   "}, "details", "Enter the details of the risk"),
        ({"started_on": dt.date(2026, 12, 25)}, "started_on", "in the future"),
        ({"review_on": dt.date(2026, 6, 1)}, "review_on", "must be after the date the warning"),
        ({"review_on": dt.date(2026, 5, 1)}, "review_on", "must be after the date the warning"),
        ({"review_on": dt.date(2027, 6, 2)}, "review_on", "too far ahead"),
        ({"person_told": False}, "reason_not_told", "Enter the reason"),
        ({"person_told": False, "reason_not_told": " "}, "reason_not_told", "Enter the reason"),
        ({"reason_not_told": "Not at home"}, "reason_not_told", "Clear the reason"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_the_fix(personas, overrides, field, words):
    error = refusal(add, personas, **overrides)
    assert error.field == field
    assert words in f"{error.text}"
    assert error.fix
    assert not WarningNote.objects.exists()
    assert not AuditEvent.objects.filter(action="add_warning_note").exists()


def test_the_latest_review_date_is_allowed(personas):
    assert add(personas, review_on=dt.date(2027, 6, 1)).review_on == dt.date(2027, 6, 1)


def test_a_review_sets_the_next_date_and_the_details_and_is_audited(personas):
    note = add(personas)
    reviewed = actions.review_warning_note(
        by=personas.tara,
        note=note,
        version=note.version,
        review_on=dt.date(2027, 5, 31),
        details="Father has moved out; mother's partner is hostile: visit in pairs.",
    )
    note.refresh_from_db()
    assert reviewed.version == note.version == 2
    assert note.review_on == dt.date(2027, 5, 31)
    assert note.details.startswith("Father has moved out")
    event = AuditEvent.objects.get(action="review_warning_note")
    assert event.person_id == personas.lily.pk
    assert set(event.changes) >= {"review_on", "details"}


def test_a_review_is_refused_when_stale_too_late_too_soon_or_the_note_has_ended(personas, today):
    note = add(personas)
    stale = note.version
    actions.review_warning_note(
        by=personas.tara, note=note, version=note.version, review_on=dt.date(2027, 1, 15)
    )
    error = refusal(
        actions.review_warning_note,
        by=personas.sam,
        note=WarningNote.objects.get(),
        version=stale,
        review_on=dt.date(2027, 2, 1),
    )
    assert error.field == "version"
    note = WarningNote.objects.get()
    for review_on, words in ((today, "after today"), (today + dt.timedelta(days=400), "too far")):
        error = refusal(
            actions.review_warning_note,
            by=personas.sam,
            note=note,
            version=note.version,
            review_on=review_on,
        )
        assert error.field == "review_on" and words in error.text
    actions.end_warning_note(by=personas.sam, note=note, ended_on=today)
    error = refusal(
        actions.review_warning_note,
        by=personas.sam,
        note=note,
        version=note.version,
        review_on=dt.date(2027, 2, 1),
    )
    assert error.field == "review_on" and "has ended" in error.text
    assert WarningNote.objects.get().review_on == dt.date(2027, 1, 15)


def test_ending_a_note_goes_through_end_span_and_is_audited(personas, today):
    note = add(personas)
    error = refusal(
        actions.end_warning_note, by=personas.sam, note=note, ended_on=dt.date(2026, 5, 1)
    )
    assert error.field == "ended_on" and "before the warning note started" in error.text
    tomorrow = today + dt.timedelta(days=1)
    error = refusal(actions.end_warning_note, by=personas.sam, note=note, ended_on=tomorrow)
    assert error.field == "ended_on" and "in the future" in error.text
    actions.end_warning_note(by=personas.sam, note=note, ended_on=today)
    note.refresh_from_db()
    assert note.ended_on == today
    assert AuditEvent.objects.get(action="end_warning_note").changes["ended_on"][1] == str(today)
    error = refusal(actions.end_warning_note, by=personas.sam, note=note, ended_on=today)
    assert "already ended" in error.text
    lily = type(personas.lily).objects.get(pk=personas.lily.pk)
    assert lily.active_warning_notes == []


def test_the_review_due_items_are_the_notes_in_force_due_by_a_date(personas, today):
    due = add(personas)
    later = add(personas, kind="animals", review_on=dt.date(2027, 3, 1))
    ended = add(personas, kind="infection")
    actions.end_warning_note(by=personas.sam, note=ended, ended_on=today)
    assert list(WarningNote.objects.review_due_by(dt.date(2026, 12, 1))) == [due]
    assert set(WarningNote.objects.review_due_by(dt.date(2027, 3, 1))) == {due, later}


def test_the_review_timescale_is_twelve_months_by_default_and_configurable(settings):
    assert warning_note_review_due(dt.date(2026, 1, 31)) == dt.date(2027, 1, 31)
    assert warning_note_review_due(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    settings.OPENCSC_TIMESCALES = {"T38": 6}
    assert warning_note_review_due(dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)
    assert CATALOGUE["T38"].configurable and CATALOGUE["T38"].status == "L"


def test_the_review_clock_is_the_review_date_until_the_note_ends():
    assert CLOCKS["next_warning_note_review"].codes == ("T38",)
    due = dt.date(2027, 1, 1)
    assert next_warning_note_review(review_on=due, ended_on=None) == due
    assert next_warning_note_review(review_on=due, ended_on=dt.date(2026, 11, 1)) is None
