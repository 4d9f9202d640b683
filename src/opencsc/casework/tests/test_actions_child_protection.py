"""Child protection: strategy discussion, section 47, conferences, and the plan they make.

A CP plan starts only at an initial or transfer-in conference, and ends at a review that does
not continue it (or with ``end_cp_plan``).
"""

import datetime as dt

import pytest

from opencsc.audit.models import AuditEvent
from opencsc.casework import actions as cw
from opencsc.casework.models import (
    Assessment,
    ChildProtectionConference,
    CPPlan,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from opencsc.core.calendar import add_working_days
from opencsc.people import actions as people
from opencsc.testing import refusal

# The scenarios record events after April 2026: they need the pinned today, not the clock.
pytestmark = pytest.mark.usefixtures("today")

D = dt.date
STRATEGY = D(2025, 12, 15)  # a Monday: 15 working days later crosses Christmas and New Year
ICPC = D(2026, 1, 7)


def start_s47(w, held_on=STRATEGY) -> Section47Enquiry:
    discussion = cw.hold_strategy_discussion(
        by=w.sam,
        referral=w.lily_referral,
        held_on=held_on,
        s47_initiated=True,
        worker=w.sam.worker,
    )
    return Section47Enquiry.objects.get(strategy_discussion=discussion)


def start_plan(w, category="NEG") -> CPPlan:
    conference = cw.hold_initial_conference(
        by=w.tara, enquiry=start_s47(w), held_on=ICPC, plan_decided=True, category=category
    )
    return CPPlan.objects.get(conference=conference)


def test_the_journey_from_contact_to_closure(personas):
    sam, tara, imran = personas.sam, personas.tara, personas.imran
    noah = people.register_person(
        by=sam,
        first_name="Noah",
        last_name="Brackenridge",
        sex="M",
        date_of_birth=D(2019, 2, 11),
        la_child_id="TEST0100",
    )
    contact = cw.record_contact(by=sam, person=noah, received_on=D(2025, 10, 6), source="2A")
    cw.decide_contact(by=tara, contact=contact, outcome="REFERRAL", decided_on=D(2025, 10, 7))
    referral = cw.open_referral(
        by=sam, person=noah, received_on=D(2025, 10, 7), source="2A", contact=contact
    )
    cw.decide_referral(by=tara, referral=referral, decided_on=D(2025, 10, 8), primary_need="N1")
    assessment = cw.start_assessment(by=sam, referral=referral, started_on=D(2025, 10, 8))
    discussion = cw.hold_strategy_discussion(
        by=sam, referral=referral, held_on=D(2025, 10, 13), s47_initiated=True
    )
    enquiry = discussion.section47_enquiry
    cw.complete_assessment(
        by=tara,
        assessment=assessment,
        authorised_on=D(2025, 10, 31),
        child_seen=True,
        factors=["3B", "16A"],
        services_required=True,
    )
    icpc = cw.hold_initial_conference(
        by=tara, enquiry=enquiry, held_on=D(2025, 10, 31), plan_decided=True, category="NEG"
    )
    plan = icpc.plan_made
    cw.hold_cp_review(
        by=imran, plan=plan, held_on=D(2026, 1, 26), plan_continues=True, latest_category="EMO"
    )
    cw.hold_cp_review(by=imran, plan=plan, held_on=D(2026, 7, 20), plan_continues=False)
    cw.close_referral(by=tara, referral=referral, closed_on=D(2026, 7, 20), reason="RC7")

    referral = Referral.objects.get(pk=referral.pk)
    assert (referral.primary_need, referral.closed_on, referral.closure_reason) == (
        "N1",
        D(2026, 7, 20),
        "RC7",
    )
    assert Assessment.objects.get(pk=assessment.pk).factors == ["3B", "16A"]
    enquiry.refresh_from_db()
    assert (enquiry.icpc_target_on, enquiry.ended_on, enquiry.outcome) == (
        add_working_days(D(2025, 10, 13), 15),
        D(2025, 10, 31),
        "cp_conference",
    )
    assert icpc.due_on == D(2025, 11, 3)
    plan.refresh_from_db()
    assert (plan.started_on, plan.ended_on, plan.initial_category, plan.latest_category) == (
        D(2025, 10, 31),
        D(2026, 7, 20),
        "NEG",
        "EMO",
    )
    assert [(c.kind, c.held_on) for c in ChildProtectionConference.objects.filter(person=noah)] == [
        ("initial", D(2025, 10, 31)),
        ("review", D(2026, 1, 26)),
        ("review", D(2026, 7, 20)),
    ]


# --- strategy discussion and section 47 ---------------------------------------------------------


def test_a_strategy_discussion_starting_s47_sets_the_icpc_target_15_working_days_on(personas):
    enquiry = start_s47(personas)

    assert enquiry.started_on == STRATEGY
    assert enquiry.icpc_target_on == add_working_days(STRATEGY, 15)
    # 25, 26 December and 1 January are bank holidays, so the 15th working day is 8 January.
    assert enquiry.icpc_target_on == D(2026, 1, 8)
    assert (enquiry.person, enquiry.referral, enquiry.worker) == (
        personas.lily,
        personas.lily_referral,
        personas.sam.worker,
    )
    assert enquiry.ended_on is None


def test_a_strategy_discussion_without_s47_starts_no_enquiry(personas):
    discussion = cw.hold_strategy_discussion(
        by=personas.sam, referral=personas.lily_referral, held_on=D(2025, 9, 3), s47_initiated=False
    )
    assert StrategyDiscussion.objects.get(pk=discussion.pk).s47_initiated is False
    assert not Section47Enquiry.objects.exists()


def test_a_second_s47_is_refused_while_one_is_open(personas):
    start_s47(personas)
    error = refusal(
        cw.hold_strategy_discussion,
        by=personas.sam,
        referral=personas.lily_referral,
        held_on=D(2025, 12, 17),
        s47_initiated=True,
    )
    assert error.field == "s47_initiated"
    assert StrategyDiscussion.objects.count() == 1
    assert Section47Enquiry.objects.count() == 1


@pytest.mark.parametrize("days", [-1, 1])
def test_a_strategy_discussion_outside_the_referral_or_in_the_future_is_refused(
    personas, days, today
):
    held_on = (
        personas.lily_referral.received_on + dt.timedelta(days=days)
        if days < 0
        else today + dt.timedelta(days=days)
    )
    error = refusal(
        cw.hold_strategy_discussion,
        by=personas.sam,
        referral=personas.lily_referral,
        held_on=held_on,
        s47_initiated=True,
    )
    assert error.field == "held_on"
    assert not StrategyDiscussion.objects.exists()


def test_complete_section47_without_a_conference_marks_no_icpc_needed(personas):
    enquiry = start_s47(personas)
    cw.complete_section47(
        by=personas.tara, enquiry=enquiry, ended_on=D(2025, 12, 19), outcome="nfa"
    )

    enquiry.refresh_from_db()
    assert (enquiry.ended_on, enquiry.outcome, enquiry.icpc_not_required) == (
        D(2025, 12, 19),
        "nfa",
        True,
    )
    error = refusal(
        cw.hold_initial_conference,
        by=personas.tara,
        enquiry=enquiry,
        held_on=D(2026, 1, 5),
        plan_decided=True,
        category="NEG",
    )
    assert error.field == "enquiry"
    assert not CPPlan.objects.exists()


def test_complete_section47_refuses_an_end_before_it_started(personas):
    enquiry = start_s47(personas)
    error = refusal(
        cw.complete_section47,
        by=personas.tara,
        enquiry=enquiry,
        ended_on=STRATEGY - dt.timedelta(days=1),
        outcome="nfa",
    )
    assert error.field == "ended_on"
    enquiry.refresh_from_db()
    assert enquiry.ended_on is None


# --- the initial conference and the plan it makes ------------------------------------------------


def test_an_initial_conference_with_a_plan_starts_the_cp_plan(personas):
    enquiry = start_s47(personas)

    conference = cw.hold_initial_conference(
        by=personas.tara, enquiry=enquiry, held_on=ICPC, plan_decided=True, category="NEG"
    )

    conference = ChildProtectionConference.objects.get(pk=conference.pk)
    assert (conference.kind, conference.held_on, conference.due_on, conference.section47) == (
        "initial",
        ICPC,
        D(2026, 1, 8),
        enquiry,
    )
    plan = CPPlan.objects.get()
    assert (plan.conference, plan.started_on, plan.ended_on, plan.referral) == (
        conference,
        ICPC,
        None,
        personas.lily_referral,
    )
    assert (plan.initial_category, plan.latest_category) == ("NEG", "NEG")
    enquiry.refresh_from_db()
    assert (enquiry.ended_on, enquiry.outcome, enquiry.icpc_not_required) == (
        ICPC,
        "cp_conference",
        False,
    )
    assert AuditEvent.objects.filter(action="start_cp_plan", model="casework.CPPlan").count() == 1


def test_an_initial_conference_without_a_plan_ends_the_enquiry_and_starts_none(personas):
    enquiry = start_s47(personas)
    cw.hold_initial_conference(by=personas.tara, enquiry=enquiry, held_on=ICPC, plan_decided=False)

    assert not CPPlan.objects.exists()
    enquiry.refresh_from_db()
    assert (enquiry.ended_on, enquiry.outcome) == (ICPC, "cp_conference")


def test_a_second_initial_conference_for_one_enquiry_is_refused(personas):
    enquiry = start_s47(personas)
    cw.hold_initial_conference(by=personas.tara, enquiry=enquiry, held_on=ICPC, plan_decided=False)
    error = refusal(
        cw.hold_initial_conference,
        by=personas.tara,
        enquiry=enquiry,
        held_on=D(2026, 1, 9),
        plan_decided=True,
        category="NEG",
    )
    assert error.field == "enquiry"
    assert ChildProtectionConference.objects.count() == 1


def test_an_initial_conference_before_the_enquiry_started_is_refused(personas):
    enquiry = start_s47(personas)
    error = refusal(
        cw.hold_initial_conference,
        by=personas.tara,
        enquiry=enquiry,
        held_on=STRATEGY - dt.timedelta(days=1),
        plan_decided=False,
    )
    assert error.field == "held_on"


def test_a_plan_needs_a_valid_category_of_abuse(personas):
    enquiry = start_s47(personas)
    error = refusal(
        cw.hold_initial_conference,
        by=personas.tara,
        enquiry=enquiry,
        held_on=ICPC,
        plan_decided=True,
        category="",
    )
    assert error.field == "category"
    assert not ChildProtectionConference.objects.exists()
    assert not CPPlan.objects.exists()


def test_a_second_open_cp_plan_is_refused_and_nothing_of_the_conference_is_kept(personas):
    plan = start_plan(personas)
    cw.hold_cp_review(by=personas.tara, plan=plan, held_on=D(2026, 3, 2), plan_continues=True)
    second = start_s47(personas, held_on=D(2026, 3, 9))
    before = AuditEvent.objects.count()

    error = refusal(
        cw.hold_initial_conference,
        by=personas.tara,
        enquiry=second,
        held_on=D(2026, 3, 20),
        plan_decided=True,
        category="PHY",
    )

    assert error.field == "plan_decided"
    assert CPPlan.objects.count() == 1
    assert not ChildProtectionConference.objects.filter(section47=second).exists()
    second.refresh_from_db()
    assert (second.ended_on, second.outcome) == (None, "")
    assert AuditEvent.objects.count() == before


def test_a_transfer_in_conference_starts_a_plan(personas):
    conference = cw.hold_transfer_in_conference(
        by=personas.tara, referral=personas.lily_referral, held_on=D(2025, 9, 10), category="EMO"
    )

    plan = CPPlan.objects.get()
    assert (conference.kind, conference.plan_decided, conference.section47) == (
        "transfer_in",
        True,
        None,
    )
    assert (plan.conference_id, plan.started_on, plan.initial_category) == (
        conference.pk,
        D(2025, 9, 10),
        "EMO",
    )


def test_a_transfer_in_conference_is_refused_while_a_plan_is_open(personas):
    start_plan(personas)
    error = refusal(
        cw.hold_transfer_in_conference,
        by=personas.tara,
        referral=personas.lily_referral,
        held_on=D(2026, 2, 2),
        category="EMO",
    )
    assert error.field == "plan_decided"
    assert CPPlan.objects.count() == 1
    assert not ChildProtectionConference.objects.filter(kind="transfer_in").exists()


# --- reviews ------------------------------------------------------------------------------------


def test_a_review_that_continues_the_plan_updates_only_the_latest_category(personas):
    plan = start_plan(personas, category="NEG")

    review = cw.hold_cp_review(
        by=personas.imran,
        plan=plan,
        held_on=D(2026, 4, 1),
        plan_continues=True,
        latest_category="EMO",
        participation="PN1",
    )

    plan.refresh_from_db()
    assert (plan.initial_category, plan.latest_category, plan.ended_on) == ("NEG", "EMO", None)
    # The first review is due 3 months after the ICPC.
    assert (review.kind, review.cp_plan, review.due_on, review.plan_decided) == (
        "review",
        plan,
        D(2026, 4, 7),
        True,
    )


def test_a_review_that_does_not_continue_the_plan_ends_it_that_day(personas):
    plan = start_plan(personas)
    cw.hold_cp_review(by=personas.imran, plan=plan, held_on=D(2026, 4, 1), plan_continues=True)

    review = cw.hold_cp_review(
        by=personas.imran, plan=plan, held_on=D(2026, 9, 30), plan_continues=False
    )

    plan.refresh_from_db()
    assert plan.ended_on == D(2026, 9, 30)
    # Later reviews are due 6 months after the previous one.
    assert review.due_on == D(2026, 10, 1)
    assert list(CPPlan.objects.open()) == []
    assert list(CPPlan.objects.open(D(2026, 9, 29))) == [plan]


def test_a_review_of_an_ended_plan_is_refused(personas):
    plan = start_plan(personas)
    cw.hold_cp_review(by=personas.imran, plan=plan, held_on=D(2026, 4, 1), plan_continues=False)

    error = refusal(
        cw.hold_cp_review, by=personas.imran, plan=plan, held_on=D(2026, 6, 1), plan_continues=True
    )

    assert error.field == "plan"
    assert ChildProtectionConference.objects.filter(kind="review").count() == 1


def test_a_review_on_the_day_the_plan_started_is_refused(personas):
    plan = start_plan(personas)
    error = refusal(
        cw.hold_cp_review, by=personas.imran, plan=plan, held_on=ICPC, plan_continues=True
    )
    assert error.field == "held_on"


def test_a_review_before_the_previous_review_is_refused(personas):
    plan = start_plan(personas)
    cw.hold_cp_review(by=personas.imran, plan=plan, held_on=D(2026, 4, 1), plan_continues=True)
    error = refusal(
        cw.hold_cp_review, by=personas.imran, plan=plan, held_on=D(2026, 3, 31), plan_continues=True
    )
    assert error.field == "held_on"
    assert "previous conference" in error.text


def test_a_review_with_an_unknown_category_keeps_nothing(personas):
    plan = start_plan(personas)
    error = refusal(
        cw.hold_cp_review,
        by=personas.imran,
        plan=plan,
        held_on=D(2026, 4, 1),
        plan_continues=False,
        latest_category="XXX",
    )
    assert error.field == "latest_category"
    assert not ChildProtectionConference.objects.filter(kind="review").exists()
    plan.refresh_from_db()
    assert (plan.ended_on, plan.latest_category) == (None, "NEG")


def test_end_cp_plan_must_end_after_the_day_it_started(personas):
    plan = start_plan(personas)
    error = refusal(cw.end_cp_plan, by=personas.tara, plan=plan, ended_on=ICPC)
    assert error.field == "ended_on"

    cw.end_cp_plan(by=personas.tara, plan=plan, ended_on=D(2026, 2, 2))
    plan.refresh_from_db()
    assert plan.ended_on == D(2026, 2, 2)
    error = refusal(cw.end_cp_plan, by=personas.tara, plan=plan, ended_on=D(2026, 2, 3))
    assert "already ended" in error.text


# --- who took part ------------------------------------------------------------------------------


def test_a_strategy_discussion_keeps_the_agencies_that_took_part(personas):
    discussion = cw.hold_strategy_discussion(
        by=personas.sam,
        referral=personas.lily_referral,
        held_on=STRATEGY,
        s47_initiated=False,
        agencies=["social_care", "police", "health", "police"],
    )
    saved = StrategyDiscussion.objects.get(pk=discussion.pk)
    assert saved.agencies == ["social_care", "police", "health"]


def test_an_unknown_agency_is_refused_and_nothing_is_written(personas):
    error = refusal(
        cw.hold_strategy_discussion,
        by=personas.sam,
        referral=personas.lily_referral,
        held_on=STRATEGY,
        s47_initiated=True,
        agencies=["police", "fire brigade"],
    )
    assert error.field == "agencies"
    assert not StrategyDiscussion.objects.exists()
    assert not Section47Enquiry.objects.exists()


def test_conferences_record_how_the_child_took_part(personas):
    conference = cw.hold_initial_conference(
        by=personas.tara,
        enquiry=start_s47(personas),
        held_on=ICPC,
        plan_decided=True,
        category="NEG",
        participation="PN5",
    )
    assert ChildProtectionConference.objects.get(pk=conference.pk).participation == "PN5"


def test_pn0_is_refused_for_a_child_over_4_at_a_review(personas):
    # Lily is 10: PN0 is for a child under 4.
    plan = start_plan(personas)
    error = refusal(
        cw.hold_cp_review,
        by=personas.imran,
        plan=plan,
        held_on=D(2026, 4, 1),
        plan_continues=True,
        participation="PN0",
    )
    assert error.field == "participation"
    assert not plan.reviews.exists()
