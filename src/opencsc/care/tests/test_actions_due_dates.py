"""The looked-after actions store the due date of each one-off clock they start."""

import datetime as dt

from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails
from opencsc.care.models import LookedAfterPeriod, LookedAfterReview, MissingEpisode, Placement

D = dt.date
START = D(2025, 9, 15)  # a Monday
# 16-19 September (4), 22-26 (9), 29-30 (11), 1-3 October (14), 6-10 (19), 13 October (20).
TWENTY_WORKING_DAYS_LATER = D(2025, 10, 13)
FOSTER = PlacementDetails(place="U6", provider="PR1", postcode="NR3 1AA")


def look_after(w):
    return care.start_looked_after(
        by=w.sam,
        person=w.lily,
        started_on=START,
        legal_status="C1",
        primary_need="N1",
        placement=FOSTER,
    )


def test_start_looked_after_stores_the_first_review_health_assessment_and_pep_due(personas):
    period = LookedAfterPeriod.objects.get(pk=look_after(personas).pk)
    assert (period.first_review_due_on, period.health_assessment_due_on, period.pep_due_on) == (
        TWENTY_WORKING_DAYS_LATER,
        TWENTY_WORKING_DAYS_LATER,
        TWENTY_WORKING_DAYS_LATER,
    )


def test_every_placement_stores_its_first_visit_due_a_week_after_it_starts(personas):
    period = look_after(personas)
    care.change_placement(
        by=personas.sam,
        period=period,
        started_on=D(2025, 10, 1),
        placement=FOSTER,
        change_reason="CARPL",
    )
    due = list(
        Placement.objects.filter(period=period).values_list("started_on", "first_visit_due_on")
    )
    assert due == [(START, D(2025, 9, 22)), (D(2025, 10, 1), D(2025, 10, 8))]


def test_each_review_stores_when_it_was_due(personas):
    period = look_after(personas)
    for held_on in (D(2025, 10, 10), D(2026, 1, 5), D(2026, 3, 2)):
        care.record_cla_review(by=personas.sam, period=period, held_on=held_on, participation="PN1")
    due = list(LookedAfterReview.objects.filter(period=period).values_list("held_on", "due_on"))
    assert due == [
        (D(2025, 10, 10), TWENTY_WORKING_DAYS_LATER),  # T10
        (D(2026, 1, 5), D(2026, 1, 10)),  # T11: 3 months after the first
        (D(2026, 3, 2), D(2026, 7, 5)),  # T12: 6 months after the second
    ]


def test_the_return_interview_is_due_three_days_after_the_return(personas):
    returned = care.record_missing_episode(
        by=personas.sam,
        person=personas.lily,
        kind="M",
        started_on=D(2025, 10, 6),
        ended_on=D(2025, 10, 8),
    )
    still_missing = care.record_missing_episode(
        by=personas.sam, person=personas.lily, kind="A", started_on=D(2025, 10, 20)
    )
    assert MissingEpisode.objects.get(pk=still_missing.pk).rhi_due_on is None
    care.record_return(by=personas.sam, episode=still_missing, ended_on=D(2025, 10, 31))
    due = dict(MissingEpisode.objects.values_list("pk", "rhi_due_on"))
    assert due == {returned.pk: D(2025, 10, 11), still_missing.pk: D(2025, 11, 3)}
