"""Child in need plans: one at a time, never beside a CP plan, and ended when a CP plan starts."""

import datetime as dt

import pytest

from opencsc.casework import actions as cw
from opencsc.casework.models import CINPlan, CPPlan, Section47Enquiry
from opencsc.testing import refusal

D = dt.date


def spans(person):
    return [(p.started_on, p.ended_on) for p in CINPlan.objects.filter(person=person)]


def test_start_cin_plan_opens_a_plan_on_the_referral(personas):
    plan = cw.start_cin_plan(
        by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 10, 6)
    )
    assert (plan.person, plan.referral, plan.started_on, plan.ended_on) == (
        personas.lily,
        personas.lily_referral,
        D(2025, 10, 6),
        None,
    )


def test_a_second_open_cin_plan_is_refused(personas):
    cw.start_cin_plan(by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 10, 6))
    error = refusal(
        cw.start_cin_plan,
        by=personas.sam,
        referral=personas.lily_referral,
        started_on=D(2025, 10, 13),
    )
    assert error.field == "started_on"
    assert spans(personas.lily) == [(D(2025, 10, 6), None)]


def test_cin_plans_follow_one_another_without_overlap(personas):
    first = cw.start_cin_plan(
        by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 10, 6)
    )
    cw.end_cin_plan(by=personas.sam, plan=first, ended_on=D(2025, 12, 1))

    error = refusal(
        cw.start_cin_plan,
        by=personas.sam,
        referral=personas.lily_referral,
        started_on=D(2025, 11, 30),
    )
    assert error.field == "started_on"
    assert "01/12/2025" in error.text

    cw.start_cin_plan(by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 12, 1))
    assert spans(personas.lily) == [(D(2025, 10, 6), D(2025, 12, 1)), (D(2025, 12, 1), None)]


def test_a_cin_plan_before_the_referral_is_refused(personas):
    error = refusal(
        cw.start_cin_plan,
        by=personas.sam,
        referral=personas.lily_referral,
        started_on=D(2025, 8, 31),
    )
    assert error.field == "started_on"


@pytest.mark.parametrize("ended_on", [D(2025, 10, 5), D(2025, 10, 6)], ids=["before", "same-day"])
def test_end_cin_plan_must_end_after_it_started(personas, ended_on):
    plan = cw.start_cin_plan(
        by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 10, 6)
    )
    error = refusal(cw.end_cin_plan, by=personas.sam, plan=plan, ended_on=ended_on)
    assert error.field == "ended_on"
    assert spans(personas.lily) == [(D(2025, 10, 6), None)]


def test_a_cin_plan_ends_the_day_a_cp_plan_starts(personas):
    cw.start_cin_plan(by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 10, 6))
    discussion = cw.hold_strategy_discussion(
        by=personas.sam, referral=personas.lily_referral, held_on=D(2025, 11, 3), s47_initiated=True
    )
    enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion)

    cw.hold_initial_conference(
        by=personas.tara,
        enquiry=enquiry,
        held_on=D(2025, 11, 20),
        plan_decided=True,
        category="NEG",
    )

    assert spans(personas.lily) == [(D(2025, 10, 6), D(2025, 11, 20))]
    assert [(p.started_on, p.ended_on) for p in CPPlan.objects.all()] == [(D(2025, 11, 20), None)]


def test_a_cp_plan_is_refused_when_the_cin_plan_started_on_the_conference_day(personas):
    cw.start_cin_plan(by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 11, 20))
    error = refusal(
        cw.hold_transfer_in_conference,
        by=personas.tara,
        referral=personas.lily_referral,
        held_on=D(2025, 11, 20),
        category="NEG",
    )
    assert error.field == "held_on"
    assert not CPPlan.objects.exists()
    assert spans(personas.lily) == [(D(2025, 11, 20), None)]


def test_a_cin_plan_is_refused_while_a_cp_plan_is_open(personas):
    plan = cw.hold_transfer_in_conference(
        by=personas.tara, referral=personas.lily_referral, held_on=D(2025, 9, 10), category="EMO"
    ).plan_made
    error = refusal(
        cw.start_cin_plan,
        by=personas.sam,
        referral=personas.lily_referral,
        started_on=D(2025, 10, 6),
    )
    assert error.field == "started_on"
    assert "end the CP plan first" in error.text

    # Stepping down: the CIN plan may start the day the CP plan ends.
    cw.end_cp_plan(by=personas.tara, plan=plan, ended_on=D(2026, 3, 2))
    cw.start_cin_plan(by=personas.sam, referral=personas.lily_referral, started_on=D(2026, 3, 2))
    assert spans(personas.lily) == [(D(2026, 3, 2), None)]
