"""Missing episodes and return interviews; health, SDQ, education and review records."""

import datetime as dt

import pytest

from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails
from opencsc.care.models import HealthCheck, MissingEpisode, SDQScore
from opencsc.core.errors import ActionError
from opencsc.testing import refusal

D = dt.date


def missing(w, **overrides):
    fields = {"person": w.lily, "kind": "M", "started_on": D(2025, 10, 6)}
    fields.update(overrides)
    return care.record_missing_episode(by=w.sam, **fields)


def refused_missing(w, **overrides) -> ActionError:
    before = MissingEpisode.objects.count()
    error = refusal(missing, w=w, **overrides)
    assert MissingEpisode.objects.count() == before
    return error


def spans(person):
    return [
        (m.kind, m.started_on, m.ended_on, m.rhi_offered, m.rhi_accepted, m.rhi_held_on)
        for m in MissingEpisode.objects.filter(person=person)
    ]


# --- missing episodes ---------------------------------------------------------------------------


def test_a_missing_episode_with_its_return_interview_is_recorded(personas):
    missing(
        personas,
        ended_on=D(2025, 10, 7),
        rhi_offered=True,
        rhi_accepted=True,
        rhi_held_on=D(2025, 10, 9),
    )
    assert spans(personas.lily) == [
        ("M", D(2025, 10, 6), D(2025, 10, 7), True, True, D(2025, 10, 9))
    ]


def test_an_open_episode_is_closed_by_the_return(personas):
    episode = missing(personas, kind="A")

    care.record_return(
        by=personas.sam,
        episode=episode,
        ended_on=D(2025, 10, 8),
        rhi_offered=True,
        rhi_accepted=False,
    )

    assert spans(personas.lily) == [("A", D(2025, 10, 6), D(2025, 10, 8), True, False, None)]
    error = refusal(care.record_return, by=personas.sam, episode=episode, ended_on=D(2025, 10, 9))
    assert error.field == "ended_on"
    assert "already ended" in error.text


@pytest.mark.parametrize(
    ("started_on", "ended_on"),
    [
        (D(2025, 10, 8), D(2025, 10, 9)),  # inside
        (D(2025, 10, 1), D(2025, 10, 7)),  # across the start
        (D(2025, 10, 9), None),  # open, from inside
        (D(2025, 10, 1), None),  # open, from before
    ],
)
def test_an_overlapping_missing_episode_is_refused(personas, started_on, ended_on):
    missing(personas, ended_on=D(2025, 10, 10))
    error = refused_missing(personas, started_on=started_on, ended_on=ended_on)
    assert error.field == "started_on"
    assert "overlaps" in error.text


def test_a_new_episode_may_start_the_day_the_last_ended(personas):
    missing(personas, ended_on=D(2025, 10, 10))
    missing(personas, started_on=D(2025, 10, 10), kind="A")
    assert [(k, s) for k, s, *_ in spans(personas.lily)] == [
        ("M", D(2025, 10, 6)),
        ("A", D(2025, 10, 10)),
    ]


def test_no_episode_may_start_while_one_is_open(personas):
    missing(personas)
    error = refused_missing(personas, started_on=D(2025, 11, 3), ended_on=D(2025, 11, 4))
    assert error.field == "started_on"


def test_a_return_before_the_episode_started_is_refused(personas):
    error = refused_missing(personas, ended_on=D(2025, 10, 5))
    assert error.field == "ended_on"


def test_a_held_return_interview_needs_the_return(personas):
    error = refused_missing(
        personas, rhi_offered=True, rhi_accepted=True, rhi_held_on=D(2025, 10, 9)
    )
    assert error.field == "rhi_held_on"
    assert "Record the return first" in error.text


def test_a_held_return_interview_needs_it_accepted(personas):
    error = refused_missing(
        personas,
        ended_on=D(2025, 10, 7),
        rhi_offered=True,
        rhi_accepted=False,
        rhi_held_on=D(2025, 10, 9),
    )
    assert error.field == "rhi_held_on"


def test_an_accepted_return_interview_was_offered(personas):
    error = refused_missing(personas, ended_on=D(2025, 10, 7), rhi_offered=False, rhi_accepted=True)
    assert error.field == "rhi_accepted"


def test_a_return_interview_before_the_return_is_refused(personas):
    episode = missing(personas)
    error = refusal(
        care.record_return,
        by=personas.sam,
        episode=episode,
        ended_on=D(2025, 10, 8),
        rhi_offered=True,
        rhi_accepted=True,
        rhi_held_on=D(2025, 10, 7),
    )
    assert error.field == "rhi_held_on"
    assert spans(personas.lily) == [("M", D(2025, 10, 6), None, None, None, None)]


# --- SDQ ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("score", [0, 40])
def test_an_sdq_score_from_0_to_40_is_recorded(personas, score):
    care.record_sdq(by=personas.sam, person=personas.lily, completed_on=D(2025, 10, 6), score=score)
    assert list(SDQScore.objects.values_list("score", "reason")) == [(score, "")]


@pytest.mark.parametrize("score", [-1, 41])
def test_an_sdq_score_outside_0_to_40_is_refused(personas, score):
    error = refusal(
        care.record_sdq,
        by=personas.sam,
        person=personas.lily,
        completed_on=D(2025, 10, 6),
        score=score,
    )
    assert error.field == "score"
    assert not SDQScore.objects.exists()


@pytest.mark.parametrize(("score", "reason"), [(None, ""), (12, "SDQ2")], ids=["neither", "both"])
def test_an_sdq_has_a_score_or_a_reason_not_both(personas, score, reason):
    error = refusal(
        care.record_sdq,
        by=personas.sam,
        person=personas.lily,
        completed_on=D(2025, 10, 6),
        score=score,
        reason=reason,
    )
    assert error.field == "score"
    assert not SDQScore.objects.exists()


def test_an_sdq_reason_alone_is_recorded_and_must_be_known(personas):
    care.record_sdq(
        by=personas.sam, person=personas.lily, completed_on=D(2025, 10, 6), reason="SDQ5"
    )
    error = refusal(
        care.record_sdq,
        by=personas.sam,
        person=personas.lily,
        completed_on=D(2025, 10, 7),
        reason="SDQ9",
    )
    assert error.field == "reason"
    assert list(SDQScore.objects.values_list("score", "reason")) == [(None, "SDQ5")]


# --- health, offending, education and reviews ---------------------------------------------------


def test_a_health_check_needs_a_known_kind_and_status(personas):
    care.record_health_check(
        by=personas.sam, person=personas.lily, kind="dental", done_on=D(2025, 10, 6)
    )
    error = refusal(
        care.record_health_check,
        by=personas.sam,
        person=personas.lily,
        kind="eyes",
        done_on=D(2025, 10, 6),
    )
    assert error.field == "kind"
    error = refusal(
        care.record_health_check,
        by=personas.sam,
        person=personas.lily,
        kind="dental",
        done_on=D(2025, 10, 6),
        status="missed",
    )
    assert error.field == "status"
    assert list(HealthCheck.objects.values_list("kind", "status")) == [("dental", "completed")]


def test_a_conviction_under_10_is_refused(personas):
    error = refusal(
        care.record_conviction, by=personas.sam, person=personas.lily, convicted_on=D(2025, 5, 16)
    )
    assert error.field == "convicted_on"
    conviction = care.record_conviction(
        by=personas.sam, person=personas.lily, convicted_on=D(2025, 5, 17)
    )
    assert conviction.convicted_on == D(2025, 5, 17)


def test_an_intervention_received_was_offered(personas):
    error = refusal(
        care.record_substance_misuse,
        by=personas.sam,
        person=personas.lily,
        identified_on=D(2025, 10, 6),
        intervention_received=True,
    )
    assert error.field == "intervention_received"


@pytest.fixture
def period(personas):
    return care.start_looked_after(
        by=personas.sam,
        person=personas.lily,
        started_on=D(2025, 9, 15),
        legal_status="C2",
        primary_need="N1",
        placement=PlacementDetails(place="U6", provider="PR1"),
    )


def test_a_pep_falls_within_the_period_of_care(personas, period):
    error = refusal(care.record_pep, by=personas.sam, period=period, held_on=D(2025, 9, 14))
    assert error.field == "held_on"
    care.cease_looked_after(by=personas.sam, period=period, ended_on=D(2025, 11, 3), reason="E4A")
    error = refusal(care.record_pep, by=personas.sam, period=period, held_on=D(2025, 11, 4))
    assert error.field == "held_on"
    pep = care.record_pep(by=personas.sam, period=period, held_on=D(2025, 10, 1), kind="initial")
    assert (pep.kind, pep.held_on) == ("initial", D(2025, 10, 1))


def test_a_review_uses_pn0_only_for_under_4s(personas, period):
    error = refusal(
        care.record_cla_review,
        by=personas.imran,
        period=period,
        held_on=D(2025, 10, 13),
        participation="PN0",
    )
    assert error.field == "participation"
    review = care.record_cla_review(
        by=personas.imran,
        period=period,
        held_on=D(2025, 10, 13),
        participation="PN1",
        iro=personas.imran.worker,
    )
    assert (review.participation, review.iro) == ("PN1", personas.imran.worker)
    error = refusal(
        care.record_cla_review,
        by=personas.imran,
        period=period,
        held_on=D(2025, 10, 13),
        participation="PN2",
    )
    assert error.field == "held_on"
