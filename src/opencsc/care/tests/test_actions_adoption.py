"""Adoption: decision, placement order, match, placement for adoption, order, or reversal."""

import datetime as dt

import pytest

from opencsc.audit.models import AuditEvent
from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails
from opencsc.care.episodes import episodes_for_period
from opencsc.care.models import AdoptionCase, LookedAfterPeriod
from opencsc.testing import refusal

D = dt.date
START = D(2025, 4, 7)
DECISION = D(2025, 6, 2)
ORDER = D(2025, 7, 1)
MATCH = D(2025, 8, 4)
PLACED = D(2025, 9, 1)
ADOPTED = D(2026, 3, 2)
ADOPTERS = PlacementDetails(place="A6", provider="PR1", carer_name="The Hollins")
COUPLE = {"number_of_adopters": 2, "adopter_sex": "MF", "adopter_legal_status": "L11"}


@pytest.fixture
def period(personas):
    return care.start_looked_after(
        by=personas.sam,
        person=personas.lily,
        started_on=START,
        legal_status="C2",
        primary_need="N1",
        placement=PlacementDetails(place="U6", provider="PR1", carer_name="The Ashbys"),
    )


@pytest.fixture
def case(personas, period):
    return care.record_adoption_decision(by=personas.sam, period=period, decision_on=DECISION)


def match(w, case, **overrides):
    fields = {"matched_on": MATCH, "adopted_by_foster_carer": False, **COUPLE}
    fields.update(overrides)
    return care.record_adoption_match(by=w.sam, case=case, **fields)


def saved(case) -> AdoptionCase:
    return AdoptionCase.objects.get(pk=case.pk)


# --- the whole journey --------------------------------------------------------------------------


def test_the_adoption_journey_ends_the_period_with_e11(personas, period, case):
    by = personas.sam
    care.record_placement_order(by=by, case=case, on=ORDER)
    match(personas, case, family_id="FAM01")
    care.place_for_adoption(by=by, case=case, placed_on=PLACED, placement=ADOPTERS)

    care.record_adoption_order(by=by, case=case, on=ADOPTED)

    case = saved(case)
    assert (
        case.decision_on,
        case.placement_order_on,
        case.matched_on,
        case.placed_on,
        case.adoption_order_on,
    ) == (DECISION, ORDER, MATCH, PLACED, ADOPTED)
    assert (case.number_of_adopters, case.adopter_sex, case.adopter_legal_status) == (
        2,
        "MF",
        "L11",
    )
    period = LookedAfterPeriod.objects.get(pk=case.period_id)
    assert (period.ended_on, period.reason_ceased) == (ADOPTED, "E11")
    rows = [
        (e.start, e.end, e.rne, e.ls, e.placement.place, e.rec) for e in episodes_for_period(period)
    ]
    assert rows == [
        (START, ORDER, "S", "C2", "U6", "X1"),
        (ORDER, PLACED, "L", "E1", "U6", "X1"),
        (PLACED, ADOPTED, "P", "E1", "A6", "E11"),
    ]
    assert AuditEvent.objects.filter(action="record_adoption_order").count() == 1


def test_a_placement_order_makes_the_legal_status_e1_that_day(personas, period, case):
    care.record_placement_order(by=personas.sam, case=case, on=ORDER)

    assert [(s.code, s.started_on, s.ended_on) for s in period.legal_statuses.all()] == [
        ("C2", START, ORDER),
        ("E1", ORDER, None),
    ]
    assert saved(case).placement_order_on == ORDER
    error = refusal(care.record_placement_order, by=personas.sam, case=case, on=D(2025, 7, 2))
    assert error.field == "on"


def test_a_second_open_decision_is_refused(personas, period, case):
    error = refusal(
        care.record_adoption_decision, by=personas.sam, period=period, decision_on=D(2025, 6, 9)
    )
    assert error.field == "decision_on"
    assert AdoptionCase.objects.count() == 1


def test_a_decision_before_the_period_is_refused(personas, period):
    error = refusal(
        care.record_adoption_decision, by=personas.sam, period=period, decision_on=D(2025, 4, 6)
    )
    assert error.field == "decision_on"


# --- the match ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "sex", "status"),
    [(1, "F1", "L0"), (1, "M1", "L0"), (2, "FF", "L12"), (2, "MM", "L2"), (2, "MF", "L3")],
)
def test_a_consistent_match_is_recorded(personas, case, number, sex, status):
    match(personas, case, number_of_adopters=number, adopter_sex=sex, adopter_legal_status=status)
    case = saved(case)
    assert (case.matched_on, case.number_of_adopters, case.adopter_sex) == (MATCH, number, sex)


@pytest.mark.parametrize(
    ("number", "sex", "status", "field"),
    [
        (2, "M1", "L0", "adopter_sex"),  # single sex, two adopters
        (1, "F1", "L11", "adopter_sex"),  # single adopter, couple's legal status
        (1, "MF", "L0", "adopter_sex"),  # couple's sex, one adopter
        (2, "FF", "L0", "adopter_sex"),  # couple with a single adopter's status
        (3, "MF", "L11", "number_of_adopters"),
        (2, "XY", "L11", "adopter_sex"),
        (2, "MF", "L9", "adopter_legal_status"),
    ],
)
def test_an_inconsistent_match_is_refused(personas, case, number, sex, status, field):
    error = refusal(
        match,
        w=personas,
        case=case,
        number_of_adopters=number,
        adopter_sex=sex,
        adopter_legal_status=status,
    )
    assert error.field == field
    assert saved(case).matched_on is None


def test_a_match_before_the_decision_is_refused(personas, case):
    error = refusal(match, w=personas, case=case, matched_on=D(2025, 6, 1))
    assert error.field == "matched_on"


# --- placement for adoption ---------------------------------------------------------------------


def test_placing_for_adoption_needs_a_match(personas, case):
    care.record_placement_order(by=personas.sam, case=case, on=ORDER)
    error = refusal(
        care.place_for_adoption, by=personas.sam, case=case, placed_on=PLACED, placement=ADOPTERS
    )
    assert error.field == "placed_on"


@pytest.mark.parametrize("place", ["A5", "A6"])
def test_a5_and_a6_need_the_placement_order(personas, period, case, place):
    match(personas, case)
    error = refusal(
        care.place_for_adoption,
        by=personas.sam,
        case=case,
        placed_on=PLACED,
        placement=PlacementDetails(place=place, provider="PR1"),
    )
    assert error.field == "place"
    assert saved(case).placed_on is None
    assert [p.place for p in period.placements.all()] == ["U6"]


def test_a4_with_consent_needs_no_placement_order(personas, period, case):
    match(personas, case)
    care.place_for_adoption(
        by=personas.sam,
        case=case,
        placed_on=PLACED,
        placement=PlacementDetails(place="A4", provider="PR1"),
    )
    assert [(p.place, p.same_carer_as_previous) for p in period.placements.all()] == [
        ("U6", False),
        ("A4", False),
    ]


def test_a5_with_the_current_foster_carers_is_a_same_carer_move(personas, period, case):
    care.record_placement_order(by=personas.sam, case=case, on=ORDER)
    match(personas, case, adopted_by_foster_carer=True)
    care.place_for_adoption(
        by=personas.sam,
        case=case,
        placed_on=PLACED,
        placement=PlacementDetails(place="A5", provider="PR1", carer_name="The Ashbys"),
    )
    assert [e.rne for e in episodes_for_period(period)] == ["S", "L", "T"]


def test_a_placement_for_adoption_must_be_an_adoption_placement_type(personas, case):
    care.record_placement_order(by=personas.sam, case=case, on=ORDER)
    match(personas, case)
    error = refusal(
        care.place_for_adoption,
        by=personas.sam,
        case=case,
        placed_on=PLACED,
        placement=PlacementDetails(place="U4", provider="PR1"),
    )
    assert error.field == "place"


# --- the adoption order -------------------------------------------------------------------------


def test_an_adoption_order_before_placement_is_refused(personas, case):
    care.record_placement_order(by=personas.sam, case=case, on=ORDER)
    match(personas, case)
    error = refusal(care.record_adoption_order, by=personas.sam, case=case, on=ADOPTED)
    assert error.field == "on"
    assert saved(case).adoption_order_on is None


def test_an_adoption_order_needs_an_adoption_reason(personas, case):
    error = refusal(care.record_adoption_order, by=personas.sam, case=case, on=ADOPTED, reason="E8")
    assert error.field == "reason"


def test_an_adoption_order_on_the_day_of_placement_keeps_nothing(personas, period, case):
    care.record_placement_order(by=personas.sam, case=case, on=ORDER)
    match(personas, case)
    care.place_for_adoption(by=personas.sam, case=case, placed_on=PLACED, placement=ADOPTERS)

    # The order is saved first, then ending the period is refused: the order must go too.
    error = refusal(care.record_adoption_order, by=personas.sam, case=case, on=PLACED)

    assert error.field == "ended_on"
    assert saved(case).adoption_order_on is None
    assert LookedAfterPeriod.objects.get(pk=period.pk).ended_on is None
    assert not AuditEvent.objects.filter(action="record_adoption_order").exists()


def test_e12_is_accepted_as_the_reason(personas, case):
    care.record_placement_order(by=personas.sam, case=case, on=ORDER)
    match(personas, case)
    care.place_for_adoption(by=personas.sam, case=case, placed_on=PLACED, placement=ADOPTERS)
    care.record_adoption_order(by=personas.sam, case=case, on=ADOPTED, reason="E12")
    assert LookedAfterPeriod.objects.get(pk=case.period_id).reason_ceased == "E12"


# --- reversal -----------------------------------------------------------------------------------


def test_a_reversed_decision_takes_no_further_steps_but_a_new_decision_may_follow(
    personas, period, case
):
    care.reverse_adoption_decision(by=personas.sam, case=case, on=D(2025, 7, 14), reason="RD3")

    case = saved(case)
    assert (case.reversed_on, case.reversed_reason) == (D(2025, 7, 14), "RD3")
    error = refusal(care.record_placement_order, by=personas.sam, case=case, on=D(2025, 7, 21))
    assert error.field == "case"
    error = refusal(match, w=personas, case=case, matched_on=D(2025, 7, 21))
    assert error.field == "case"
    # With the only decision reversed, an adoption cannot end the period.
    error = refusal(
        care.cease_looked_after, by=personas.sam, period=period, ended_on=ADOPTED, reason="E11"
    )
    assert error.field == "reason"

    again = care.record_adoption_decision(
        by=personas.sam, period=period, decision_on=D(2025, 10, 6)
    )
    assert list(period.adoption_cases.filter(reversed_on__isnull=True)) == [again]


def test_a_reversal_before_the_decision_or_without_a_reason_is_refused(personas, case):
    error = refusal(
        care.reverse_adoption_decision, by=personas.sam, case=case, on=D(2025, 6, 1), reason="RD1"
    )
    assert error.field == "on"
    error = refusal(
        care.reverse_adoption_decision, by=personas.sam, case=case, on=D(2025, 7, 1), reason=""
    )
    assert error.field == "reason"
    assert saved(case).reversed_on is None


def test_nothing_follows_an_adoption_order(personas, case):
    care.record_placement_order(by=personas.sam, case=case, on=ORDER)
    match(personas, case)
    care.place_for_adoption(by=personas.sam, case=case, placed_on=PLACED, placement=ADOPTERS)
    care.record_adoption_order(by=personas.sam, case=case, on=ADOPTED)

    error = refusal(
        care.reverse_adoption_decision, by=personas.sam, case=case, on=ADOPTED, reason="RD4"
    )
    assert error.field == "case"
