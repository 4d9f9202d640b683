"""Care leavers: who becomes one, pathway plans, and keeping-in-touch contacts (903 OC3)."""

import datetime as dt

import pytest

from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails
from opencsc.care.models import CareLeaver, CareLeaverContact
from opencsc.core.errors import ActionError
from opencsc.people import actions as people
from opencsc.testing import refusal

# The scenarios record events after April 2026: they need the pinned today, not the clock.
pytestmark = pytest.mark.usefixtures("today")

D = dt.date
BORN = D(2008, 3, 10)
ENTERED_CARE = D(2023, 6, 5)
LEFT_CARE = D(2025, 3, 10)  # 17th birthday
EIGHTEEN = D(2026, 3, 10)


def register(w, born=BORN, la_child_id="TEST0400"):
    return people.register_person(
        by=w.sam,
        first_name="Jordan",
        last_name="Sedgewick",
        sex="F",
        date_of_birth=born,
        la_child_id=la_child_id,
    )


def was_looked_after(w, person, started_on=ENTERED_CARE, ended_on=LEFT_CARE):
    period = care.start_looked_after(
        by=w.sam,
        person=person,
        started_on=started_on,
        legal_status="C2",
        primary_need="N1",
        placement=PlacementDetails(place="U6", provider="PR1"),
    )
    if ended_on:
        care.cease_looked_after(by=w.sam, period=period, ended_on=ended_on, reason="E5")
    return period


@pytest.fixture
def jordan(personas):
    person = register(personas)
    was_looked_after(personas, person)
    return person


def contact(w, person, **overrides):
    fields = {
        "contacted_on": D(2025, 10, 6),
        "in_touch": "YES",
        "activity": "F2",
        "accommodation": "D",
        "accommodation_suitable": True,
    }
    fields.update(overrides)
    return care.record_care_leaver_contact(by=w.pat, person=person, **fields)


def refused_contact(w, person, **overrides) -> ActionError:
    error = refusal(contact, w, person, **overrides)
    assert not CareLeaverContact.objects.exists()
    return error


# --- becoming a care leaver ---------------------------------------------------------------------


def test_a_young_person_who_was_looked_after_becomes_a_care_leaver(personas, jordan):
    leaver = care.become_care_leaver(
        by=personas.pat, person=jordan, eligibility="relevant", since=LEFT_CARE
    )
    leaver = CareLeaver.objects.get(pk=leaver.pk)
    assert (leaver.person, leaver.eligibility, leaver.since) == (jordan, "relevant", LEFT_CARE)


def test_a_care_leaver_needs_a_period_of_care_by_then(personas):
    never = register(personas)
    error = refusal(
        care.become_care_leaver,
        by=personas.pat,
        person=never,
        eligibility="relevant",
        since=LEFT_CARE,
    )
    assert error.field == "person"

    # A period that starts after the date does not count either.
    was_looked_after(personas, never, started_on=D(2025, 4, 7), ended_on=None)
    error = refusal(
        care.become_care_leaver,
        by=personas.pat,
        person=never,
        eligibility="relevant",
        since=LEFT_CARE,
    )
    assert error.field == "person"
    assert not CareLeaver.objects.exists()


def test_a_care_leaver_must_be_16_or_over(personas):
    younger = register(personas, born=D(2010, 5, 1))
    was_looked_after(personas, younger, started_on=D(2024, 1, 8), ended_on=D(2025, 11, 3))

    error = refusal(
        care.become_care_leaver,
        by=personas.pat,
        person=younger,
        eligibility="eligible",
        since=D(2026, 4, 30),
    )
    assert error.field == "since"

    leaver = care.become_care_leaver(
        by=personas.pat, person=younger, eligibility="eligible", since=D(2026, 5, 1)
    )
    assert leaver.since == D(2026, 5, 1)


def test_a_young_person_is_a_care_leaver_once(personas, jordan):
    care.become_care_leaver(by=personas.pat, person=jordan, eligibility="relevant", since=LEFT_CARE)
    error = refusal(
        care.become_care_leaver,
        by=personas.pat,
        person=jordan,
        eligibility="former_relevant",
        since=EIGHTEEN,
    )
    assert error.field == "person"
    assert CareLeaver.objects.count() == 1


def test_an_unknown_eligibility_is_refused(personas, jordan):
    error = refusal(
        care.become_care_leaver,
        by=personas.pat,
        person=jordan,
        eligibility="maybe",
        since=LEFT_CARE,
    )
    assert error.field == "eligibility"


def test_change_care_leaver_eligibility_refuses_a_stale_version(personas, jordan):
    leaver = care.become_care_leaver(
        by=personas.pat, person=jordan, eligibility="relevant", since=LEFT_CARE
    )
    care.change_care_leaver_eligibility(
        by=personas.pat, care_leaver=leaver, eligibility="former_relevant", version=1
    )
    error = refusal(
        care.change_care_leaver_eligibility,
        by=personas.pat,
        care_leaver=leaver,
        eligibility="none",
        version=1,
    )
    assert error.field == "version"
    assert CareLeaver.objects.get(pk=leaver.pk).eligibility == "former_relevant"


# --- pathway plans ------------------------------------------------------------------------------


def test_a_pathway_plan_review_needs_an_earlier_plan(personas, jordan):
    error = refusal(
        care.record_pathway_plan, by=personas.pat, person=jordan, held_on=LEFT_CARE, is_review=True
    )
    assert error.field == "is_review"

    care.record_pathway_plan(by=personas.pat, person=jordan, held_on=LEFT_CARE, is_review=False)
    review = care.record_pathway_plan(
        by=personas.pat, person=jordan, held_on=D(2025, 9, 10), is_review=True
    )
    assert [(p.held_on, p.is_review) for p in jordan.pathway_plans.all()] == [
        (LEFT_CARE, False),
        (review.held_on, True),
    ]


def test_a_pathway_plan_under_15_is_refused(personas, jordan):
    error = refusal(
        care.record_pathway_plan,
        by=personas.pat,
        person=jordan,
        held_on=D(2023, 3, 9),
        is_review=False,
    )
    assert error.field == "held_on"


# --- keeping in touch ---------------------------------------------------------------------------


def test_an_in_touch_contact_records_activity_and_accommodation(personas, jordan):
    saved = contact(personas, jordan, worker=personas.pat.worker)

    saved = CareLeaverContact.objects.get(pk=saved.pk)
    assert (saved.in_touch, saved.activity, saved.accommodation, saved.accom_code) == (
        "YES",
        "F2",
        "D",
        "D1",
    )
    assert saved.worker == personas.pat.worker


@pytest.mark.parametrize(
    ("missing", "field"),
    [
        ({"activity": ""}, "activity"),
        ({"accommodation": ""}, "accommodation"),
        ({"accommodation_suitable": None}, "accommodation_suitable"),
    ],
    ids=["activity", "accommodation", "suitability"],
)
def test_in_touch_needs_activity_accommodation_and_suitability(personas, jordan, missing, field):
    error = refused_contact(personas, jordan, **missing)
    assert error.field == field


@pytest.mark.parametrize("accommodation", ["S", "X"])
def test_no_fixed_abode_and_custody_are_always_unsuitable(personas, jordan, accommodation):
    error = refused_contact(personas, jordan, accommodation=accommodation)
    assert error.field == "accommodation_suitable"

    saved = contact(personas, jordan, accommodation=accommodation, accommodation_suitable=False)
    assert saved.accom_code == f"{accommodation}2"


def test_with_former_foster_carers_is_only_for_those_18_or_over(personas, jordan):
    day_before = EIGHTEEN - dt.timedelta(days=1)
    error = refused_contact(personas, jordan, accommodation="Z", contacted_on=day_before)
    assert error.field == "accommodation"

    saved = contact(personas, jordan, accommodation="Z", contacted_on=EIGHTEEN)
    assert saved.accom_code == "Z1"


def test_not_in_touch_records_neither_activity_nor_accommodation(personas, jordan):
    error = refused_contact(personas, jordan, in_touch="NO", accommodation="", activity="G5")
    assert error.field == "activity"
    error = refused_contact(personas, jordan, in_touch="REFU", activity="", accommodation="U")
    assert error.field == "activity"

    saved = contact(
        personas, jordan, in_touch="NO", activity="", accommodation="", accommodation_suitable=None
    )
    assert saved.accom_code == "0"


def test_an_unknown_in_touch_code_is_refused(personas, jordan):
    error = refused_contact(personas, jordan, in_touch="MAYBE")
    assert error.field == "in_touch"
