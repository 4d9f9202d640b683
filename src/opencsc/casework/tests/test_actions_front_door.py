"""The front door: contacts, referrals, the decision on them, and closing the CIN episode."""

import datetime as dt

import pytest

from opencsc.audit.models import AuditEvent
from opencsc.care import actions as care
from opencsc.casework import actions as cw
from opencsc.casework.models import Contact, Referral
from opencsc.testing import new_child, refusal

# The scenarios record events after April 2026: they need the pinned today, not the clock.
pytestmark = pytest.mark.usefixtures("today")

D = dt.date


# --- contacts -----------------------------------------------------------------------------------


def test_a_contact_decided_as_a_referral_opens_a_cin_episode(personas):
    noah = new_child(personas.sam)
    contact = cw.record_contact(
        by=personas.sam, person=noah, received_on=D(2025, 10, 6), source="3B", summary="HV worry"
    )
    cw.decide_contact(
        by=personas.tara,
        contact=contact,
        outcome="REFERRAL",
        decided_on=D(2025, 10, 7),
        decided_by=personas.tara.worker,
    )

    referral = cw.open_referral(
        by=personas.sam,
        person=noah,
        received_on=D(2025, 10, 7),
        source="3B",
        primary_need="N4",
        contact=contact,
        team=personas.north,
    )

    contact = Contact.objects.get(pk=contact.pk)
    assert (contact.outcome, contact.decided_on, contact.decided_by) == (
        "REFERRAL",
        D(2025, 10, 7),
        personas.tara.worker,
    )
    assert contact.version == 2
    referral = Referral.objects.get(pk=referral.pk)
    assert (referral.received_on, referral.primary_need, referral.contact) == (
        D(2025, 10, 7),
        "N4",
        contact,
    )
    assert referral.is_open
    assert list(Referral.objects.filter(person=noah).open()) == [referral]


def test_decide_contact_refuses_a_second_decision(personas):
    contact = cw.record_contact(
        by=personas.sam, person=personas.lily, received_on=D(2025, 10, 6), source="2A"
    )
    cw.decide_contact(by=personas.tara, contact=contact, outcome="NFA", decided_on=D(2025, 10, 6))

    error = refusal(
        cw.decide_contact,
        by=personas.tara,
        contact=contact,
        outcome="REFERRAL",
        decided_on=D(2025, 10, 7),
    )
    assert error.field == "outcome"
    assert Contact.objects.get(pk=contact.pk).outcome == "NFA"


def test_decide_contact_refuses_a_decision_before_the_contact(personas):
    contact = cw.record_contact(
        by=personas.sam, person=personas.lily, received_on=D(2025, 10, 6), source="2A"
    )
    error = refusal(
        cw.decide_contact,
        by=personas.tara,
        contact=contact,
        outcome="EH",
        decided_on=D(2025, 10, 5),
    )
    assert error.field == "decided_on"


def test_record_contact_refuses_a_date_before_birth(personas):
    noah = new_child(personas.sam)
    error = refusal(
        cw.record_contact, by=personas.sam, person=noah, received_on=D(2019, 2, 10), source="6"
    )
    assert error.field == "received_on"
    assert "before the child's date of birth" in error.text


def test_record_contact_refuses_a_date_in_the_future(personas, today):
    error = refusal(
        cw.record_contact,
        by=personas.sam,
        person=personas.lily,
        received_on=today + dt.timedelta(days=1),
        source="6",
    )
    assert error.field == "received_on"
    assert "in the future" in error.text


def test_pre_birth_work_needs_no_lower_date_bound(personas):
    unborn = new_child(
        personas.sam, sex="U", date_of_birth=None, expected_date_of_birth=D(2026, 12, 20)
    )
    referral = cw.open_referral(
        by=personas.sam, person=unborn, received_on=D(2026, 6, 1), source="3D", primary_need="N1"
    )
    assert referral.received_on == D(2026, 6, 1)


# --- referrals ----------------------------------------------------------------------------------


def test_open_referral_refuses_a_second_open_referral(personas):
    error = refusal(
        cw.open_referral,
        by=personas.sam,
        person=personas.lily,
        received_on=D(2025, 10, 1),
        source="6",
    )
    assert error.field == "received_on"
    assert "already has an open referral (01/09/2025)" in error.text
    assert personas.lily.referrals.count() == 1


def test_open_referral_refuses_a_date_before_the_contact(personas):
    noah = new_child(personas.sam)
    contact = cw.record_contact(
        by=personas.sam, person=noah, received_on=D(2025, 10, 6), source="6"
    )
    error = refusal(
        cw.open_referral,
        by=personas.sam,
        person=noah,
        received_on=D(2025, 10, 5),
        source="6",
        contact=contact,
    )
    assert error.field == "received_on"
    assert not noah.referrals.exists()


@pytest.mark.parametrize(
    ("received_on", "field"),
    [(D(2019, 2, 10), "received_on"), (None, "received_on")],
    ids=["before-birth", "missing"],
)
def test_open_referral_refuses_a_date_before_birth_or_none(personas, received_on, field):
    noah = new_child(personas.sam)
    error = refusal(
        cw.open_referral, by=personas.sam, person=noah, received_on=received_on, source="6"
    )
    assert error.field == field


def test_open_referral_refuses_a_date_in_the_future(personas, today):
    noah = new_child(personas.sam)
    error = refusal(
        cw.open_referral,
        by=personas.sam,
        person=noah,
        received_on=today + dt.timedelta(days=1),
        source="6",
    )
    assert error.field == "received_on"
    assert not noah.referrals.exists()


def test_open_referral_refuses_an_unknown_primary_need(personas):
    noah = new_child(personas.sam)
    error = refusal(
        cw.open_referral,
        by=personas.sam,
        person=noah,
        received_on=D(2025, 10, 6),
        source="6",
        primary_need="N11",
    )
    assert error.field == "primary_need"


def test_decide_referral_nfa_closes_the_episode_the_same_day_with_rc8(personas):
    referral = cw.decide_referral(
        by=personas.tara, referral=personas.lily_referral, decided_on=D(2025, 9, 2), nfa=True
    )

    referral = Referral.objects.get(pk=referral.pk)
    assert (referral.decided_on, referral.nfa, referral.closed_on, referral.closure_reason) == (
        D(2025, 9, 2),
        True,
        D(2025, 9, 2),
        "RC8",
    )
    event = AuditEvent.objects.get(action="decide_referral")
    assert event.changes["closure_reason"] == ["", "RC8"]
    assert event.changes["closed_on"] == [None, "2025-09-02"]


def test_decide_referral_without_nfa_leaves_the_episode_open(personas):
    cw.decide_referral(
        by=personas.tara,
        referral=personas.lily_referral,
        decided_on=D(2025, 9, 2),
        primary_need="N4",
    )
    referral = Referral.objects.get(pk=personas.lily_referral.pk)
    assert (referral.decided_on, referral.primary_need, referral.closed_on) == (
        D(2025, 9, 2),
        "N4",
        None,
    )


def test_decide_referral_refuses_nfa_once_an_assessment_has_started(personas):
    cw.start_assessment(by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 9, 2))
    error = refusal(
        cw.decide_referral,
        by=personas.tara,
        referral=personas.lily_referral,
        decided_on=D(2025, 9, 3),
        nfa=True,
    )
    assert error.field == "nfa"
    assert Referral.objects.get(pk=personas.lily_referral.pk).closed_on is None


def test_decide_referral_refuses_a_date_before_the_referral(personas):
    error = refusal(
        cw.decide_referral,
        by=personas.tara,
        referral=personas.lily_referral,
        decided_on=D(2025, 8, 31),
    )
    assert error.field == "decided_on"


def test_a_closed_referral_refuses_a_decision(personas):
    cw.decide_referral(
        by=personas.tara, referral=personas.lily_referral, decided_on=D(2025, 9, 2), nfa=True
    )
    error = refusal(
        cw.decide_referral,
        by=personas.tara,
        referral=personas.lily_referral,
        decided_on=D(2025, 9, 3),
    )
    assert error.field == "referral"


def test_a_new_referral_may_open_after_the_last_closed_but_not_before(personas):
    cw.close_referral(
        by=personas.tara, referral=personas.lily_referral, closed_on=D(2025, 10, 1), reason="RC7"
    )

    error = refusal(
        cw.open_referral,
        by=personas.sam,
        person=personas.lily,
        received_on=D(2025, 9, 30),
        source="2A",
    )
    assert error.field == "received_on"
    assert "before the last CIN episode closed (01/10/2025)" in error.text

    again = cw.open_referral(
        by=personas.sam, person=personas.lily, received_on=D(2025, 10, 1), source="2A"
    )
    assert [r.received_on for r in personas.lily.referrals.open()] == [again.received_on]


# --- closing a referral -------------------------------------------------------------------------


def test_close_referral_records_the_date_and_reason(personas):
    cw.close_referral(
        by=personas.tara, referral=personas.lily_referral, closed_on=D(2025, 10, 1), reason="RC7"
    )
    referral = Referral.objects.get(pk=personas.lily_referral.pk)
    assert (referral.closed_on, referral.closure_reason, referral.is_open) == (
        D(2025, 10, 1),
        "RC7",
        False,
    )


def test_close_referral_refuses_a_closure_before_the_referral(personas):
    error = refusal(
        cw.close_referral,
        by=personas.tara,
        referral=personas.lily_referral,
        closed_on=D(2025, 8, 31),
        reason="RC7",
    )
    assert error.field == "closed_on"


def test_close_referral_is_refused_while_an_assessment_is_open(personas):
    cw.start_assessment(by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 9, 2))
    error = refusal(
        cw.close_referral,
        by=personas.tara,
        referral=personas.lily_referral,
        closed_on=D(2025, 10, 1),
        reason="RC7",
    )
    assert error.field == "closed_on"
    assert "assessment" in error.text


def test_close_referral_is_refused_while_a_section_47_enquiry_is_open(personas):
    cw.hold_strategy_discussion(
        by=personas.sam, referral=personas.lily_referral, held_on=D(2025, 9, 3), s47_initiated=True
    )
    error = refusal(
        cw.close_referral,
        by=personas.tara,
        referral=personas.lily_referral,
        closed_on=D(2025, 10, 1),
        reason="RC7",
    )
    assert error.field == "closed_on"
    assert "section 47" in error.text


def test_close_referral_is_refused_while_a_cin_plan_is_open(personas):
    plan = cw.start_cin_plan(
        by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 9, 8)
    )
    error = refusal(
        cw.close_referral,
        by=personas.tara,
        referral=personas.lily_referral,
        closed_on=D(2025, 10, 1),
        reason="RC7",
    )
    assert "child in need plan" in error.text

    # Ended, the plan may not end after the closure date either.
    cw.end_cin_plan(by=personas.sam, plan=plan, ended_on=D(2025, 10, 6))
    error = refusal(
        cw.close_referral,
        by=personas.tara,
        referral=personas.lily_referral,
        closed_on=D(2025, 10, 1),
        reason="RC7",
    )
    assert "ended after this closure date (06/10/2025)" in error.text
    cw.close_referral(
        by=personas.tara, referral=personas.lily_referral, closed_on=D(2025, 10, 6), reason="RC7"
    )


def test_close_referral_is_refused_while_a_cp_plan_is_open(personas):
    cw.hold_transfer_in_conference(
        by=personas.sam, referral=personas.lily_referral, held_on=D(2025, 9, 10), category="EMO"
    )
    error = refusal(
        cw.close_referral,
        by=personas.tara,
        referral=personas.lily_referral,
        closed_on=D(2025, 10, 1),
        reason="RC7",
    )
    assert error.field == "closed_on"
    assert "child protection plan" in error.text


def test_close_referral_is_refused_while_the_child_is_looked_after(personas):
    care.start_looked_after(
        by=personas.sam,
        person=personas.lily,
        started_on=D(2025, 9, 15),
        legal_status="V2",
        primary_need="N1",
        placement=care.PlacementDetails(place="U6", provider="PR1"),
        referral=personas.lily_referral,
    )
    error = refusal(
        cw.close_referral,
        by=personas.tara,
        referral=personas.lily_referral,
        closed_on=D(2025, 10, 1),
        reason="RC7",
    )
    assert error.field == "closed_on"
    assert "looked after" in error.text
    assert Referral.objects.get(pk=personas.lily_referral.pk).closed_on is None


def test_close_referral_refuses_an_unknown_reason(personas):
    error = refusal(
        cw.close_referral,
        by=personas.tara,
        referral=personas.lily_referral,
        closed_on=D(2025, 10, 1),
        reason="RC10",
    )
    assert error.field == "reason"


# --- early help ---------------------------------------------------------------------------------


def test_early_help_is_one_episode_at_a_time(personas):
    episode = cw.start_early_help(
        by=personas.sam, person=personas.lily, started_on=D(2025, 3, 3), organisation="Hub"
    )
    error = refusal(
        cw.start_early_help, by=personas.sam, person=personas.lily, started_on=D(2025, 4, 7)
    )
    assert error.field == "started_on"

    cw.end_early_help(
        by=personas.sam,
        episode=episode,
        ended_on=D(2025, 8, 29),
        end_reason="step_up",
        assessment_completed_on=D(2025, 3, 24),
    )
    episode.refresh_from_db()
    assert (episode.ended_on, episode.end_reason, episode.assessment_completed_on) == (
        D(2025, 8, 29),
        "step_up",
        D(2025, 3, 24),
    )


def test_early_help_cannot_end_before_it_started(personas):
    episode = cw.start_early_help(by=personas.sam, person=personas.lily, started_on=D(2025, 3, 3))
    error = refusal(
        cw.end_early_help,
        by=personas.sam,
        episode=episode,
        ended_on=D(2025, 3, 2),
        end_reason="outcomes_met",
    )
    assert error.field == "ended_on"
    episode.refresh_from_db()
    assert episode.ended_on is None
