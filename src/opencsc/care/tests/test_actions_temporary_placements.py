"""Temporary placements (T0–T4): a stay away from the normal placement, recorded as the 903
records it (V903 rules 225, 226, 379–383)."""

import datetime as dt

import pytest

from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails
from opencsc.care.codes import change_reason_required
from opencsc.care.episodes import episodes_for_period
from opencsc.core.errors import ActionError

D = dt.date
START = D(2025, 5, 6)
AWAY = D(2025, 8, 1)
BACK = D(2025, 8, 6)
NORMAL = PlacementDetails(place="U6", provider="PR1", postcode="NR1 1AF", home_postcode="NR1 1FN")


def temporary(place="T3", postcode="NR1 1JE"):
    return PlacementDetails(place=place, postcode=postcode, home_postcode="NR1 1FN")


def in_care(w, *, placement=NORMAL, legal_status="C1", **extra):
    return care.start_looked_after(
        by=w.sam,
        person=w.lily,
        started_on=START,
        legal_status=legal_status,
        primary_need="N1",
        placement=placement,
        **extra,
    )


def move(w, period, on, placement, change_reason="", **extra):
    return care.change_placement(
        by=w.sam,
        period=period,
        started_on=on,
        placement=placement,
        change_reason=change_reason,
        **extra,
    )


def refused(fn, *args, **kwargs) -> ActionError:
    with pytest.raises(ActionError) as caught:
        fn(*args, **kwargs)
    return caught.value


def placements(period):
    return [(p.place, p.started_on, p.ended_on, p.change_reason) for p in period.placements.all()]


@pytest.mark.parametrize(
    ("previous", "new", "required"),
    [
        ("U6", "U4", True),
        ("K2", "A6", True),
        ("U6", "T3", False),
        ("T3", "U6", False),
        ("T1", "K2", False),
        ("R1", "T0", False),
    ],
)
def test_a_reason_for_placement_change_is_asked_only_when_neither_placement_is_temporary(
    previous, new, required
):
    assert change_reason_required(previous, new) is required


@pytest.mark.parametrize("place", ["T0", "T1", "T2", "T3", "T4"])
def test_a_child_goes_to_a_temporary_placement_and_comes_back_without_a_reason(personas, place):
    period = in_care(personas)
    move(personas, period, AWAY, temporary(place))
    move(personas, period, BACK, NORMAL)

    assert placements(period) == [
        ("U6", START, AWAY, ""),
        (place, AWAY, BACK, ""),
        ("U6", BACK, None, ""),
    ]
    assert [(e.rne, e.rec, e.reason_place_change) for e in episodes_for_period(period)] == [
        ("S", "X1", ""),
        ("P", "X1", ""),
        ("P", "", ""),
    ]


def test_a_reason_is_refused_on_a_move_into_or_back_from_a_temporary_placement(personas):
    period = in_care(personas)
    error = refused(move, personas, period, AWAY, temporary(), change_reason="CARPL")
    assert error.field == "change_reason"
    assert "rule 226" in error.text
    assert "into a temporary placement" in error.text

    move(personas, period, AWAY, temporary())
    error = refused(move, personas, period, BACK, NORMAL, change_reason="CARPL")
    assert error.field == "change_reason"
    assert "back from a temporary placement" in error.text
    assert placements(period)[-1] == ("T3", AWAY, None, "")


def test_a_move_between_normal_placements_still_needs_its_reason(personas):
    period = in_care(personas)
    move(personas, period, AWAY, temporary())
    move(personas, period, BACK, NORMAL)
    later = PlacementDetails(place="U4", provider="PR4", postcode="NR1 1JN")

    error = refused(move, personas, period, D(2025, 9, 1), later)
    assert error.field == "change_reason"
    move(personas, period, D(2025, 9, 1), later, change_reason="CREQB")
    assert placements(period)[-2:] == [
        ("U6", BACK, D(2025, 9, 1), "CREQB"),
        ("U4", D(2025, 9, 1), None, ""),
    ]


def test_a_period_of_care_does_not_start_in_a_temporary_placement(personas):
    error = refused(in_care, personas, placement=temporary())
    assert error.field == "place"
    assert "rule 380" in error.text


def test_a_period_migrated_part_way_through_may_begin_in_a_temporary_placement(personas):
    period = in_care(personas, placement=temporary(), first_episode_reason="P")
    move(personas, period, BACK, NORMAL)
    assert [e.rne for e in episodes_for_period(period)] == ["P", "P"]


def test_a_period_of_care_does_not_end_in_a_temporary_placement(personas):
    period = in_care(personas)
    move(personas, period, AWAY, temporary())
    error = refused(
        care.cease_looked_after,
        by=personas.sam,
        period=period,
        ended_on=D(2025, 8, 3),
        reason="E4A",
    )
    assert error.field == "ended_on"
    assert "rule 381" in error.text
    period.refresh_from_db()
    assert period.ended_on is None


@pytest.mark.parametrize(
    "elsewhere",
    [
        PlacementDetails(place="U4", provider="PR1", postcode="NR1 1AF"),
        PlacementDetails(place="U6", provider="PR1", postcode="NR1 1JN"),
        temporary("T1"),
    ],
    ids=["another type", "another postcode", "another temporary placement"],
)
def test_from_a_temporary_placement_the_child_returns_to_the_placement_they_left(
    personas, elsewhere
):
    period = in_care(personas)
    move(personas, period, AWAY, temporary())
    error = refused(move, personas, period, BACK, elsewhere)
    assert error.field == "place"
    assert "rule 383" in error.text
    # The postcode is compared as stored, whatever its spelling.
    move(personas, period, BACK, PlacementDetails(place="U6", provider="PR1", postcode="nr11af"))
    assert placements(period)[-1] == ("U6", BACK, None, "")


def test_a_move_into_or_back_from_a_temporary_placement_is_never_with_the_same_carer(personas):
    period = in_care(personas)
    error = refused(move, personas, period, AWAY, temporary(), same_carer=True)
    assert error.field == "same_carer"
    move(personas, period, AWAY, temporary())
    error = refused(move, personas, period, BACK, NORMAL, same_carer=True)
    assert error.field == "same_carer"


def test_a_t4_placement_lasts_seven_days_or_less(personas):
    period = in_care(personas)
    move(personas, period, AWAY, temporary("T4"))
    error = refused(move, personas, period, AWAY + dt.timedelta(days=8), NORMAL)
    assert error.field == "started_on"
    assert "rule 379" in error.text
    move(personas, period, AWAY + dt.timedelta(days=7), NORMAL)
    assert placements(period)[1] == ("T4", AWAY, D(2025, 8, 8), "")


def test_a_legal_status_changes_with_the_move_into_a_temporary_placement_not_during_it(
    personas,
):
    period = in_care(personas)
    move(personas, period, AWAY, temporary())
    error = refused(
        care.change_legal_status,
        by=personas.sam,
        period=period,
        code="C2",
        started_on=D(2025, 8, 3),
    )
    assert error.field == "started_on"
    assert "rule 380" in error.text

    care.change_legal_status(by=personas.sam, period=period, code="C2", started_on=AWAY)
    assert [e.rne for e in episodes_for_period(period)] == ["S", "B"]


def test_a_return_from_a_temporary_placement_is_a_change_of_placement_only(personas):
    period = in_care(personas)
    move(personas, period, AWAY, temporary())
    move(personas, period, BACK, NORMAL)
    error = refused(
        care.change_legal_status, by=personas.sam, period=period, code="C2", started_on=BACK
    )
    assert error.field == "started_on"
    assert "rule 383" in error.text

    care.change_legal_status(by=personas.sam, period=period, code="C2", started_on=D(2025, 8, 7))
    assert [e.rne for e in episodes_for_period(period)] == ["S", "P", "P", "L"]


def test_a_child_on_short_breaks_is_never_in_a_temporary_placement(personas):
    error = refused(
        in_care, personas, placement=temporary(), legal_status="V3", first_episode_reason="P"
    )
    assert error.field == "legal_status"
    assert "rule 382" in error.text
    period = in_care(personas, legal_status="V3")
    error = refused(move, personas, period, AWAY, temporary())
    assert error.field == "place"
    assert "rule 382" in error.text
