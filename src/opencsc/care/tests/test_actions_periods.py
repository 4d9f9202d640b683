"""Periods of care: starting, changing legal status, and ceasing to be looked after."""

import datetime as dt

import pytest

from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails
from opencsc.care.models import LegalStatusSpan, LookedAfterPeriod, Placement
from opencsc.core.errors import ActionError
from opencsc.people import actions as people
from opencsc.testing import refusal

D = dt.date
START = D(2025, 9, 15)
FOSTER = PlacementDetails(place="U6", provider="PR1", postcode="NR3 1AA")


def look_after(w, person=None, **overrides):
    fields = {
        "person": person or w.lily,
        "started_on": START,
        "legal_status": "C1",
        "primary_need": "N1",
        "placement": FOSTER,
    }
    fields.update(overrides)
    return care.start_looked_after(by=w.sam, **fields)


def refused_start(w, **overrides) -> ActionError:
    error = refusal(look_after, w, **overrides)
    assert not LookedAfterPeriod.objects.exists()
    assert not LegalStatusSpan.objects.exists()
    assert not Placement.objects.exists()
    return error


def legal_statuses(period):
    return [(s.code, s.started_on, s.ended_on) for s in period.legal_statuses.all()]


def placements(period):
    return [(p.place, p.started_on, p.ended_on, p.change_reason) for p in period.placements.all()]


# --- start_looked_after -------------------------------------------------------------------------


def test_start_looked_after_opens_a_period_with_its_first_status_and_placement(personas):
    period = look_after(personas, referral=personas.lily_referral)

    period = LookedAfterPeriod.objects.get(pk=period.pk)
    assert (period.person, period.started_on, period.primary_need, period.ended_on) == (
        personas.lily,
        START,
        "N1",
        None,
    )
    assert period.referral == personas.lily_referral
    assert legal_statuses(period) == [("C1", START, None)]
    placement = period.placements.get()
    assert (placement.place, placement.provider, placement.postcode, placement.started_on) == (
        "U6",
        "PR1",
        "NR3 1AA",
        START,
    )
    assert period.legal_status_on(START).code == "C1"
    assert period.placement_on(START) == placement


def test_only_one_period_of_care_may_be_open(personas):
    look_after(personas)
    with pytest.raises(ActionError) as caught:
        look_after(personas, started_on=D(2025, 10, 1))
    assert caught.value.field == "started_on"
    assert "already looked after" in caught.value.text
    assert LookedAfterPeriod.objects.count() == 1


def test_a_new_period_may_not_start_before_the_last_one_ended(personas):
    period = look_after(personas)
    care.cease_looked_after(by=personas.sam, period=period, ended_on=D(2025, 11, 3), reason="E4A")

    with pytest.raises(ActionError) as caught:
        look_after(personas, started_on=D(2025, 11, 2))
    assert caught.value.field == "started_on"

    again = look_after(personas, started_on=D(2025, 11, 3))
    assert list(LookedAfterPeriod.objects.open()) == [again]


@pytest.mark.parametrize("need", ["N0", "N9"])
def test_the_category_of_need_must_be_n1_to_n8(personas, need):
    error = refused_start(personas, primary_need=need)
    assert error.field == "primary_need"


def test_an_unknown_legal_status_is_refused(personas):
    error = refused_start(personas, legal_status="C3")
    assert error.field == "legal_status"


def test_a_young_person_of_18_cannot_start_to_be_looked_after(personas):
    young = people.register_person(
        by=personas.sam,
        first_name="Ash",
        last_name="Quarry",
        sex="M",
        date_of_birth=D(2007, 1, 15),
        la_child_id="TEST0200",
    )
    error = refused_start(personas, person=young, started_on=D(2025, 1, 15))
    assert error.field == "started_on"
    assert "18 or over" in error.text

    # The day before the 18th birthday is still childhood.
    period = look_after(personas, person=young, started_on=D(2025, 1, 14))
    assert period.started_on == D(2025, 1, 14)


def test_an_unborn_child_cannot_be_looked_after(personas):
    unborn = people.register_person(
        by=personas.sam, first_name="Baby", last_name="Quarry", expected_date_of_birth=D(2026, 3, 1)
    )
    error = refused_start(personas, person=unborn, started_on=D(2026, 1, 5))
    assert error.field == "started_on"


def test_a_period_before_birth_is_refused(personas):
    error = refused_start(personas, started_on=D(2015, 5, 16))
    assert error.field == "started_on"


# --- change_legal_status ------------------------------------------------------------------------


def test_change_legal_status_ends_the_current_status_the_same_day(personas):
    period = look_after(personas)

    care.change_legal_status(by=personas.sam, period=period, code="C2", started_on=D(2025, 11, 3))

    assert legal_statuses(period) == [("C1", START, D(2025, 11, 3)), ("C2", D(2025, 11, 3), None)]
    assert period.legal_status_on(D(2025, 11, 2)).code == "C1"
    assert period.legal_status_on(D(2025, 11, 3)).code == "C2"


def test_change_legal_status_on_the_day_the_status_started_is_refused(personas):
    period = look_after(personas)
    error = refusal(
        care.change_legal_status, by=personas.sam, period=period, code="C2", started_on=START
    )
    assert error.field == "started_on"
    assert legal_statuses(period) == [("C1", START, None)]


def test_change_legal_status_before_the_current_status_is_refused(personas):
    period = look_after(personas)
    error = refusal(
        care.change_legal_status,
        by=personas.sam,
        period=period,
        code="C2",
        started_on=D(2025, 9, 14),
    )
    assert error.field == "started_on"


def test_change_legal_status_to_the_same_code_is_refused(personas):
    period = look_after(personas)
    error = refusal(
        care.change_legal_status,
        by=personas.sam,
        period=period,
        code="C1",
        started_on=D(2025, 11, 3),
    )
    assert error.field == "code"


def test_a_closed_period_refuses_changes(personas):
    period = look_after(personas)
    care.cease_looked_after(by=personas.sam, period=period, ended_on=D(2025, 11, 3), reason="E4A")

    error = refusal(
        care.change_legal_status,
        by=personas.sam,
        period=period,
        code="C2",
        started_on=D(2025, 11, 10),
    )
    assert error.field == "period"
    error = refusal(
        care.change_placement,
        by=personas.sam,
        period=period,
        started_on=D(2025, 11, 10),
        placement=PlacementDetails(place="U4", provider="PR1"),
        change_reason="CARPL",
    )
    assert error.field == "period"
    assert LegalStatusSpan.objects.count() == 1
    assert Placement.objects.count() == 1


# --- cease_looked_after -------------------------------------------------------------------------


def test_cease_looked_after_ends_the_period_and_its_spans_the_same_day(personas):
    period = look_after(personas)
    care.change_legal_status(by=personas.sam, period=period, code="C2", started_on=D(2025, 10, 1))

    care.cease_looked_after(
        by=personas.sam,
        period=period,
        ended_on=D(2025, 11, 3),
        reason="E41",
        change_reason="LAREQ",
    )

    period = LookedAfterPeriod.objects.get(pk=period.pk)
    assert (period.ended_on, period.reason_ceased, period.is_open) == (
        D(2025, 11, 3),
        "E41",
        False,
    )
    assert legal_statuses(period) == [
        ("C1", START, D(2025, 10, 1)),
        ("C2", D(2025, 10, 1), D(2025, 11, 3)),
    ]
    assert placements(period) == [("U6", START, D(2025, 11, 3), "LAREQ")]


def test_cease_looked_after_refuses_x1(personas):
    period = look_after(personas)
    error = refusal(
        care.cease_looked_after,
        by=personas.sam,
        period=period,
        ended_on=D(2025, 11, 3),
        reason="X1",
    )
    assert error.field == "reason"
    assert LookedAfterPeriod.objects.get(pk=period.pk).ended_on is None


@pytest.mark.parametrize("ended_on", [D(2025, 10, 31), D(2025, 11, 3)], ids=["before", "same-day"])
def test_cease_looked_after_must_be_after_the_latest_change(personas, ended_on):
    period = look_after(personas)
    care.change_legal_status(by=personas.sam, period=period, code="C2", started_on=D(2025, 11, 3))
    error = refusal(
        care.cease_looked_after, by=personas.sam, period=period, ended_on=ended_on, reason="E4A"
    )
    assert error.field == "ended_on"
    assert LookedAfterPeriod.objects.get(pk=period.pk).ended_on is None
    assert legal_statuses(period)[-1] == ("C2", D(2025, 11, 3), None)


def test_e2_needs_the_childs_date_of_death(personas):
    period = look_after(personas)
    error = refusal(
        care.cease_looked_after,
        by=personas.sam,
        period=period,
        ended_on=D(2025, 11, 3),
        reason="E2",
    )
    assert error.field == "reason"
    assert "date of death" in error.text

    people.record_death(by=personas.sam, person=personas.lily, date_of_death=D(2025, 11, 2))
    period = LookedAfterPeriod.objects.get(pk=period.pk)
    error = refusal(
        care.cease_looked_after,
        by=personas.sam,
        period=period,
        ended_on=D(2025, 11, 3),
        reason="E2",
    )
    assert error.field == "reason"

    care.cease_looked_after(by=personas.sam, period=period, ended_on=D(2025, 11, 2), reason="E2")
    period.refresh_from_db()
    assert (period.ended_on, period.reason_ceased) == (D(2025, 11, 2), "E2")


@pytest.mark.parametrize("reason", ["E11", "E12"])
def test_an_adoption_reason_needs_a_placement_for_adoption(personas, reason):
    period = look_after(personas)
    error = refusal(
        care.cease_looked_after,
        by=personas.sam,
        period=period,
        ended_on=D(2025, 11, 3),
        reason=reason,
    )
    assert error.field == "reason"
    assert "placement for adoption" in error.text

    # A decision and a placement order are not enough: the child must be placed.
    case = care.record_adoption_decision(by=personas.sam, period=period, decision_on=D(2025, 10, 1))
    care.record_placement_order(by=personas.sam, case=case, on=D(2025, 10, 20))
    period = LookedAfterPeriod.objects.get(pk=period.pk)
    error = refusal(
        care.cease_looked_after,
        by=personas.sam,
        period=period,
        ended_on=D(2025, 11, 3),
        reason=reason,
    )
    assert error.field == "reason"
    assert LookedAfterPeriod.objects.get(pk=period.pk).ended_on is None
