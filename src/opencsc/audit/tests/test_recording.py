"""The write path itself: create names the person once; end_span and delete audit like update."""

import datetime as dt

import pytest

from opencsc.audit import recording
from opencsc.audit.models import AuditEvent
from opencsc.core.errors import ActionError
from opencsc.people.models import ImmigrationStatusSpan, PersonDisability

D = dt.date


def span(personas, **dates):
    return recording.create(
        ImmigrationStatusSpan,
        by=personas.sam,
        action="record_immigration_status",
        person=personas.lily,
        status="UASC",
        **({"started_on": D(2024, 5, 1)} | dates),
    )


def test_create_sets_the_person_foreign_key_and_the_recorder(personas):
    created = span(personas)

    created.refresh_from_db()
    assert created.person_id == personas.lily.pk
    event = AuditEvent.objects.get(action="record_immigration_status", object_id=str(created.pk))
    assert event.person_id == personas.lily.pk
    assert event.actor_id == personas.sam.pk


def test_end_span_ends_it_and_audits_the_end_against_the_span_person(personas):
    open_span = span(personas)

    recording.end_span(
        open_span, by=personas.tara, action="end_it", ended_on=D(2025, 1, 2), what="end date"
    )

    open_span.refresh_from_db()
    assert open_span.ended_on == D(2025, 1, 2)
    event = AuditEvent.objects.get(action="end_it")
    assert event.person_id == personas.lily.pk
    assert event.changes == {"ended_on": [None, "2025-01-02"]}


def test_end_span_refuses_an_end_before_the_start(personas):
    open_span = span(personas)

    with pytest.raises(ActionError) as caught:
        recording.end_span(
            open_span, by=personas.sam, action="end_it", ended_on=D(2024, 4, 30), what="end date"
        )

    assert caught.value.field == "ended_on"
    assert not AuditEvent.objects.filter(action="end_it").exists()


def test_end_span_refuses_a_span_already_ended(personas):
    ended = span(personas, ended_on=D(2024, 6, 1))

    with pytest.raises(ActionError) as caught:
        recording.end_span(
            ended, by=personas.sam, action="end_it", ended_on=D(2024, 7, 1), noun="status", what="x"
        )

    assert caught.value.text.startswith("This status has already ended.")
    ended.refresh_from_db()
    assert ended.ended_on == D(2024, 6, 1)


def test_end_span_strictly_after_refuses_an_end_on_the_start_day_naming_the_field_given(personas):
    open_span = span(personas)

    with pytest.raises(ActionError) as caught:
        recording.end_span(
            open_span,
            by=personas.sam,
            action="end_it",
            ended_on=D(2024, 5, 1),
            what="start of the next status",
            noun="current status",
            field="started_on",
            strictly_after=True,
        )

    assert caught.value.field == "started_on"
    assert "the day the current status started" in caught.value.text
    open_span.refresh_from_db()
    assert open_span.ended_on is None
    # Without strictly_after a span may end the day it started.
    recording.end_span(
        open_span, by=personas.sam, action="end_it", ended_on=D(2024, 5, 1), what="end date"
    )
    open_span.refresh_from_db()
    assert open_span.ended_on == D(2024, 5, 1)


def test_end_span_refuses_no_end_date(personas):
    open_span = span(personas)

    with pytest.raises(ActionError) as caught:
        recording.check_span_end(open_span, None, what="end date")

    assert caught.value.field == "ended_on"


def test_end_span_writes_the_span_own_end_field(personas):
    referral = personas.lily_referral

    recording.end_span(
        referral,
        by=personas.sam,
        action="close_it",
        ended_on=D(2025, 10, 2),
        what="closure date",
        closure_reason="RC7",
    )

    referral.refresh_from_db()
    assert (referral.closed_on, referral.closure_reason) == (D(2025, 10, 2), "RC7")
    event = AuditEvent.objects.get(action="close_it")
    assert event.person_id == personas.lily.pk
    assert event.changes == {"closed_on": [None, "2025-10-02"], "closure_reason": ["", "RC7"]}
    with pytest.raises(ActionError) as caught:
        recording.end_span(
            referral, by=personas.sam, action="close_it", ended_on=D(2025, 10, 3), what="x"
        )
    assert caught.value.field == "closed_on"


def test_end_span_is_only_for_spans(personas):
    row = PersonDisability.objects.get(person=personas.lily)

    with pytest.raises(TypeError):
        recording.end_span(row, by=personas.sam, action="end_it", ended_on=D(2025, 1, 2), what="x")


def test_delete_removes_the_row_and_keeps_what_it_held_in_the_trail(personas):
    row = PersonDisability.objects.get(person=personas.lily)
    pk = row.pk

    recording.delete(row, by=personas.sam, action="remove_it", person=personas.lily)

    assert not PersonDisability.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action="remove_it")
    assert (event.model, event.object_id, event.person_id) == (
        "people.PersonDisability",
        str(pk),
        personas.lily.pk,
    )
    assert event.changes == {"person": [personas.lily.pk, None], "code": ["NONE", None]}
