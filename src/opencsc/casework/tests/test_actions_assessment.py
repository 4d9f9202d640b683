"""Child and family assessments: one open at a time, and the factor rules at completion."""

import datetime as dt

import pytest

from opencsc.casework import actions as cw
from opencsc.casework.models import Assessment
from opencsc.core.errors import ActionError
from opencsc.testing import refusal

D = dt.date


@pytest.fixture
def assessment(personas):
    return cw.start_assessment(
        by=personas.sam,
        referral=personas.lily_referral,
        started_on=D(2025, 9, 2),
        worker=personas.sam.worker,
        team=personas.north,
    )


def complete(by, assessment, **overrides):
    fields = {
        "authorised_on": D(2025, 10, 10),
        "child_seen": True,
        "factors": ["16A"],
        "services_required": True,
    }
    fields.update(overrides)
    return cw.complete_assessment(by=by, assessment=assessment, **fields)


def refused_completion(by, assessment, **overrides) -> ActionError:
    error = refusal(complete, by, assessment, **overrides)
    saved = Assessment.objects.get(pk=assessment.pk)
    assert (saved.authorised_on, saved.factors, saved.version) == (None, [], 1)
    return error


def test_start_assessment_opens_one_on_the_referral(personas, assessment):
    saved = Assessment.objects.get(pk=assessment.pk)
    assert (saved.person, saved.referral, saved.started_on, saved.authorised_on) == (
        personas.lily,
        personas.lily_referral,
        D(2025, 9, 2),
        None,
    )


def test_start_assessment_refuses_a_second_open_assessment(personas, assessment):
    with pytest.raises(ActionError) as caught:
        cw.start_assessment(
            by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 9, 3)
        )
    assert caught.value.field == "started_on"
    assert personas.lily_referral.assessments.count() == 1


def test_start_assessment_refuses_a_date_before_the_referral(personas):
    with pytest.raises(ActionError) as caught:
        cw.start_assessment(
            by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 8, 31)
        )
    assert caught.value.field == "started_on"


def test_start_assessment_refuses_a_date_in_the_future(personas, today):
    with pytest.raises(ActionError) as caught:
        cw.start_assessment(
            by=personas.sam,
            referral=personas.lily_referral,
            started_on=today + dt.timedelta(days=1),
        )
    assert caught.value.field == "started_on"
    assert "in the future" in caught.value.text


def test_start_assessment_refuses_a_closed_referral(personas):
    cw.decide_referral(
        by=personas.tara, referral=personas.lily_referral, decided_on=D(2025, 9, 2), nfa=True
    )
    with pytest.raises(ActionError) as caught:
        cw.start_assessment(
            by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 9, 3)
        )
    assert caught.value.field == "referral"


def test_complete_assessment_records_factors_and_outcome(personas, assessment):
    complete(personas.tara, assessment, factors=["16A", "3B", "18C"], child_seen=True)

    saved = Assessment.objects.get(pk=assessment.pk)
    assert (saved.authorised_on, saved.child_seen, saved.factors, saved.services_required) == (
        D(2025, 10, 10),
        True,
        ["16A", "3B", "18C"],
        True,
    )
    assert saved.version == 2


def test_a_completed_assessment_lets_a_new_one_start(personas, assessment):
    complete(personas.tara, assessment)
    second = cw.start_assessment(
        by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 10, 20)
    )
    assert second.started_on == D(2025, 10, 20)


def test_factor_21_alone_without_services_is_accepted(personas, assessment):
    complete(personas.tara, assessment, factors=["21"], services_required=False)
    assert Assessment.objects.get(pk=assessment.pk).factors == ["21"]


def test_factor_21_is_refused_when_services_follow(personas, assessment):
    error = refused_completion(personas.tara, assessment, factors=["21"], services_required=True)
    assert error.field == "factors"


def test_factor_21_is_refused_with_other_factors(personas, assessment):
    error = refused_completion(
        personas.tara, assessment, factors=["21", "16A"], services_required=False
    )
    assert error.field == "factors"
    assert "stands alone" in error.text


@pytest.mark.parametrize("discouraged", ["18A", "19A"])
def test_factors_18a_and_19a_are_refused(personas, assessment, discouraged):
    error = refused_completion(personas.tara, assessment, factors=["16A", discouraged])
    assert error.field == "factors"
    assert "8945Q" in error.text


@pytest.mark.parametrize("accepted", ["18B", "18C", "19B", "19C"])
def test_factors_naming_the_perpetrator_are_accepted(personas, assessment, accepted):
    complete(personas.tara, assessment, factors=[accepted])
    assert Assessment.objects.get(pk=assessment.pk).factors == [accepted]


def test_complete_assessment_refuses_no_factors(personas, assessment):
    error = refused_completion(personas.tara, assessment, factors=[])
    assert error.field == "factors"


def test_complete_assessment_refuses_an_unknown_factor(personas, assessment):
    error = refused_completion(personas.tara, assessment, factors=["99Z"])
    assert error.field == "factors"


def test_complete_assessment_refuses_authorisation_before_the_start(personas, assessment):
    error = refused_completion(personas.tara, assessment, authorised_on=D(2025, 9, 1))
    assert error.field == "authorised_on"


def test_complete_assessment_refuses_an_authorisation_date_in_the_future(
    personas, assessment, today
):
    error = refused_completion(
        personas.tara, assessment, authorised_on=today + dt.timedelta(days=1)
    )
    assert error.field == "authorised_on"


def test_complete_assessment_refuses_a_second_completion(personas, assessment):
    complete(personas.tara, assessment)
    with pytest.raises(ActionError) as caught:
        complete(personas.tara, assessment, authorised_on=D(2025, 10, 11))
    assert caught.value.field == "authorised_on"
    assert Assessment.objects.get(pk=assessment.pk).authorised_on == D(2025, 10, 10)
