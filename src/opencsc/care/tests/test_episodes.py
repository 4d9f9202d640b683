"""SSDA903 episodes derived from a period's legal-status and placement spans."""

import datetime as dt

from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails
from opencsc.care.episodes import episodes_for_period
from opencsc.care.models import LookedAfterPeriod

D = dt.date
URN = "SC123456"  # an Ofsted-registered setting


def rows(period):
    return [
        (e.start, e.end, e.rne, e.ls, e.placement.place, e.rec, e.reason_place_change)
        for e in episodes_for_period(period)
    ]


def start(w):
    return care.start_looked_after(
        by=w.sam,
        person=w.lily,
        started_on=D(2025, 4, 7),
        legal_status="V2",
        primary_need="N1",
        placement=PlacementDetails(place="U6", provider="PR1", carer_name="The Ashbys"),
    )


def test_a_new_period_is_one_open_episode_started_s(personas):
    period = start(personas)
    assert rows(period) == [(D(2025, 4, 7), None, "S", "V2", "U6", "", "")]


def test_each_change_makes_an_episode_with_the_reason_for_it(personas):
    by = personas.sam
    period = start(personas)
    # L: legal status only.
    care.change_legal_status(by=by, period=period, code="C1", started_on=D(2025, 5, 12))
    # P: a move to new carers.
    care.change_placement(
        by=by,
        period=period,
        started_on=D(2025, 6, 16),
        placement=PlacementDetails(place="U4", provider="PR4", carer_name="The Brooks"),
        change_reason="STAND",
    )
    # T: the same carers, now long-term (a change of placement type only).
    care.change_placement(
        by=by,
        period=period,
        started_on=D(2025, 7, 14),
        placement=PlacementDetails(place="U1", provider="PR4", carer_name="The Brooks"),
        change_reason="PLACE",
        same_carer=True,
    )
    # B: legal status and placement (new carers) on the same day.
    care.change_legal_status(by=by, period=period, code="C2", started_on=D(2025, 9, 1))
    care.change_placement(
        by=by,
        period=period,
        started_on=D(2025, 9, 1),
        placement=PlacementDetails(place="K2", provider="PR4", urn=URN),
        change_reason="CREQB",
    )
    care.cease_looked_after(by=by, period=period, ended_on=D(2025, 11, 3), reason="E13")

    period = LookedAfterPeriod.objects.get(pk=period.pk)
    assert rows(period) == [
        (D(2025, 4, 7), D(2025, 5, 12), "S", "V2", "U6", "X1", ""),
        (D(2025, 5, 12), D(2025, 6, 16), "L", "C1", "U6", "X1", "STAND"),
        (D(2025, 6, 16), D(2025, 7, 14), "P", "C1", "U4", "X1", "PLACE"),
        (D(2025, 7, 14), D(2025, 9, 1), "T", "C1", "U1", "X1", "CREQB"),
        (D(2025, 9, 1), D(2025, 11, 3), "B", "C2", "K2", "E13", "CARPL"),
    ]


def test_a_same_day_status_and_same_carer_move_is_u(personas):
    by = personas.sam
    period = start(personas)
    care.change_legal_status(by=by, period=period, code="C2", started_on=D(2025, 6, 2))
    care.change_placement(
        by=by,
        period=period,
        started_on=D(2025, 6, 2),
        placement=PlacementDetails(place="U4", provider="PR1", carer_name="The Ashbys"),
        change_reason="PLACE",
        same_carer=True,
    )

    assert rows(period) == [
        (D(2025, 4, 7), D(2025, 6, 2), "S", "V2", "U6", "X1", "PLACE"),
        (D(2025, 6, 2), None, "U", "C2", "U4", "", ""),
    ]


def test_prefetched_spans_give_the_same_episodes_without_queries(
    personas, django_assert_num_queries
):
    period = start(personas)
    care.change_legal_status(by=personas.sam, period=period, code="C1", started_on=D(2025, 5, 12))
    statuses = list(period.legal_statuses.all())
    placements = list(period.placements.all())

    with django_assert_num_queries(0):
        episodes = episodes_for_period(period, statuses=statuses, placements=placements)

    assert [(e.start, e.rne, e.ls) for e in episodes] == [
        (D(2025, 4, 7), "S", "V2"),
        (D(2025, 5, 12), "L", "C1"),
    ]
