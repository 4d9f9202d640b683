"""Prospective adopters: enquiry, stages, approval, leaving the process, linking a match.

Each refusal names its field and saves nothing; each action writes its audit event.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opencsc.audit.models import AuditEvent
from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails, adopters
from opencsc.care.actions.adopters import AdopterDetails
from opencsc.care.adopters import AdopterHousehold, ProspectiveAdopter
from opencsc.care.models import AdoptionCase
from opencsc.testing import refusal

D = dt.date
ENQUIRY = D(2024, 9, 2)
COUPLE = (
    AdopterDetails(adopter_id="ADP001", sex="F", ethnicity="WBRI", disabled=False),
    AdopterDetails(adopter_id="ADP002", sex="M", ethnicity="MWAS"),
)


def enquiry(w, family_id="AF001", people=COUPLE, **extra) -> AdopterHousehold:
    return adopters.record_adopter_enquiry(
        by=w.sam, family_id=family_id, received_on=ENQUIRY, adopters=people, **extra
    )


def approved(w, family_id="AF001", people=COUPLE) -> AdopterHousehold:
    h = enquiry(w, family_id, people)
    h = adopters.record_adoption_stages(
        by=w.sam,
        household=h,
        stage1_started_on=D(2024, 10, 1),
        stage1_ended_on=D(2024, 12, 2),
        applied_on=D(2024, 12, 2),
        stage2_started_on=D(2024, 12, 9),
        stage2_ended_on=D(2025, 4, 7),
    )
    return adopters.approve_adopters(by=w.sam, household=h, approved_on=D(2025, 4, 14))


def saved(h) -> AdopterHousehold:
    return AdopterHousehold.objects.get(pk=h.pk)


def last_event_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def nothing_written(before: int) -> bool:
    return AuditEvent.objects.count() == before


# --- the journey ---------------------------------------------------------------------------------


def test_an_enquiry_records_the_household_and_each_adopter_with_audit(personas):
    last = last_event_pk()
    h = enquiry(personas, fostering_for_adoption=True)
    assert saved(h).enquiry_on == ENQUIRY and saved(h).fostering_for_adoption
    assert list(h.adopters.values_list("adopter_id", "sex", "ethnicity", "disabled")) == [
        ("ADP001", "F", "WBRI", False),
        ("ADP002", "M", "MWAS", None),
    ]
    events = AuditEvent.objects.filter(pk__gt=last, action="record_adopter_enquiry")
    assert sorted(events.values_list("model", flat=True)) == [
        "care.AdopterHousehold",
        "care.ProspectiveAdopter",
        "care.ProspectiveAdopter",
    ]
    assert set(events.values_list("actor", flat=True)) == {personas.sam.pk}


def test_stages_then_approval_are_saved_and_audited(personas):
    h = approved(personas)
    h = saved(h)
    assert (h.stage1_started_on, h.stage2_ended_on, h.approved_on) == (
        D(2024, 10, 1),
        D(2025, 4, 7),
        D(2025, 4, 14),
    )
    h.full_clean()  # the model's own check agrees with the actions
    event = AuditEvent.objects.filter(action="approve_adopters").get()
    assert event.changes["approved_on"] == [None, "2025-04-14"]
    assert event.object_id == str(h.pk)


def test_stage_dates_may_be_recorded_one_at_a_time(personas):
    h = enquiry(personas)
    h = adopters.record_adoption_stages(
        by=personas.sam, household=h, stage1_started_on=D(2024, 10, 1)
    )
    h = adopters.record_adoption_stages(
        by=personas.sam, household=h, stage1_ended_on=D(2024, 11, 29)
    )
    assert (saved(h).stage1_started_on, saved(h).stage1_ended_on) == (
        D(2024, 10, 1),
        D(2024, 11, 29),
    )


def test_fast_track_applicants_go_straight_to_stage_2(personas):
    h = enquiry(personas)
    h = adopters.record_adoption_stages(
        by=personas.sam, household=h, applied_on=D(2024, 9, 9), stage2_started_on=D(2024, 9, 9)
    )
    h = adopters.approve_adopters(by=personas.sam, household=h, approved_on=D(2025, 1, 6))
    assert saved(h).stage1_started_on is None and saved(h).approved_on == D(2025, 1, 6)


def test_a_household_leaves_with_a_reason(personas):
    h = enquiry(personas)
    h = adopters.record_leaving_adoption_process(
        by=personas.sam, household=h, left_on=D(2024, 10, 20), reason="1"
    )
    assert (saved(h).left_on, saved(h).left_reason) == (D(2024, 10, 20), "1")
    assert AuditEvent.objects.filter(action="record_leaving_adoption_process").count() == 1


# --- refusals, each naming its field -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"family_id": " "}, "family_id"),
        ({"people": ()}, "adopters"),
        ({"people": COUPLE + COUPLE[:1]}, "adopters"),
        ({"people": (AdopterDetails(adopter_id="", sex="F", ethnicity="WBRI"),)}, "adopters[0].adopter_id"),
        ({"people": (AdopterDetails(adopter_id="A1", sex="X", ethnicity="WBRI"),)}, "adopters[0].sex"),
        ({"people": (COUPLE[0], AdopterDetails(adopter_id="A2", sex="M", ethnicity="BRIT"))}, "adopters[1].ethnicity"),
        ({"people": (COUPLE[0], COUPLE[0])}, "adopters[1].adopter_id"),
    ],
)  # fmt: skip
def test_a_bad_enquiry_is_refused_naming_the_field_and_saves_nothing(personas, kwargs, field):
    before = AuditEvent.objects.count()
    params = {"family_id": "AF009", "people": COUPLE} | kwargs
    error = refusal(enquiry, w=personas, **params)
    assert error.field == field
    assert AdopterHousehold.objects.count() == 0 and ProspectiveAdopter.objects.count() == 0
    assert nothing_written(before)


def test_identifiers_already_used_are_refused(personas):
    enquiry(personas)
    assert refusal(enquiry, w=personas).field == "family_id"
    second = (AdopterDetails(adopter_id="ADP002", sex="F", ethnicity="WBRI"),)
    error = refusal(enquiry, w=personas, family_id="AF002", people=second)
    assert error.field == "adopters[0].adopter_id" and "ADP002" in str(error)
    assert AdopterHousehold.objects.count() == 1


def test_a_future_enquiry_is_refused(personas, today):
    error = refusal(
        adopters.record_adopter_enquiry,
        by=personas.sam,
        family_id="AF003",
        received_on=today + dt.timedelta(days=3),
        adopters=COUPLE,
    )
    assert error.field == "received_on" and "future" in str(error)


@pytest.mark.parametrize(
    ("dates", "field", "words"),
    [
        ({"stage1_started_on": D(2024, 8, 30)}, "stage1_started_on", "before the date the enquiry"),
        ({"stage1_started_on": D(2024, 10, 1), "stage1_ended_on": D(2024, 9, 30)}, "stage1_ended_on", "before the date Stage 1 started"),
        ({"stage1_ended_on": D(2024, 10, 1)}, "stage1_ended_on", "not the date Stage 1 started"),
        ({"stage1_started_on": D(2024, 10, 1), "stage1_ended_on": D(2024, 12, 2), "stage2_started_on": D(2024, 11, 1)}, "stage2_started_on", "before the date Stage 1 ended"),
        ({"stage1_started_on": D(2024, 10, 1), "stage2_started_on": D(2024, 12, 1)}, "stage2_started_on", "Stage 1 is still open"),
        ({"stage2_started_on": D(2024, 12, 1), "stage2_ended_on": D(2024, 11, 1)}, "stage2_ended_on", "before the date Stage 2 started"),
        ({"stage1_started_on": D(2024, 10, 1), "applied_on": D(2024, 9, 20)}, "applied_on", "before the date Stage 1 started"),
    ],
)  # fmt: skip
def test_stage_dates_out_of_order_are_refused(personas, dates, field, words):
    h = enquiry(personas)
    before = AuditEvent.objects.count()
    error = refusal(adopters.record_adoption_stages, by=personas.sam, household=h, **dates)
    assert error.field == field and words in str(error)
    assert saved(h).version == 1 and nothing_written(before)


def test_approval_needs_an_application_and_comes_after_it(personas):
    h = enquiry(personas)
    error = refusal(
        adopters.approve_adopters, by=personas.sam, household=h, approved_on=D(2025, 1, 6)
    )
    assert error.field == "approved_on" and "needs an application" in str(error)
    h = adopters.record_adoption_stages(
        by=personas.sam, household=h, applied_on=D(2024, 12, 9), stage2_started_on=D(2024, 12, 2)
    )
    for on in (D(2024, 12, 9), D(2024, 12, 5)):
        error = refusal(adopters.approve_adopters, by=personas.sam, household=h, approved_on=on)
        assert error.field == "approved_on" and "not after" in str(error)
    error = refusal(
        adopters.approve_adopters, by=personas.sam, household=h, approved_on=D(2024, 11, 29)
    )
    assert error.field == "approved_on" and "before the date Stage 2 started" in str(error)
    assert saved(h).approved_on is None


def test_approval_needs_stage_2(personas):
    h = enquiry(personas)
    h = adopters.record_adoption_stages(by=personas.sam, household=h, applied_on=D(2024, 12, 2))
    error = refusal(
        adopters.approve_adopters, by=personas.sam, household=h, approved_on=D(2025, 3, 3)
    )
    assert error.field == "approved_on" and "Stage 2" in str(error)


def test_approving_twice_or_changing_stages_after_approval_is_refused(personas):
    h = approved(personas)
    assert (
        refusal(
            adopters.approve_adopters, by=personas.sam, household=h, approved_on=D(2025, 5, 1)
        ).field
        == "approved_on"
    )
    error = refusal(
        adopters.record_adoption_stages, by=personas.sam, household=h, stage2_ended_on=D(2025, 4, 8)
    )
    assert error.field == "stage2_ended_on" and "already approved" in str(error)


@pytest.mark.parametrize(
    ("left_on", "reason", "field", "words"),
    [
        (D(2024, 10, 1), "", "left_reason", "Enter the reason"),
        (D(2024, 10, 1), "9", "left_reason", "not a valid"),
        (D(2024, 8, 1), "1", "left_on", "before the date the enquiry"),
        (D(2024, 10, 1), "3", "left_reason", "needs an application"),
    ],
)
def test_leaving_needs_a_reason_and_a_date_in_order(personas, left_on, reason, field, words):
    h = enquiry(personas)
    error = refusal(
        adopters.record_leaving_adoption_process,
        by=personas.sam,
        household=h,
        left_on=left_on,
        reason=reason,
    )
    assert error.field == field and words in str(error)
    assert saved(h).left_on is None


def test_leaving_is_not_before_the_last_stage_date(personas):
    h = approved(personas)
    error = refusal(
        adopters.record_leaving_adoption_process,
        by=personas.sam,
        household=h,
        left_on=D(2025, 4, 10),
        reason="1",
    )
    assert error.field == "left_on" and "before the date the application was approved" in str(error)


def test_refused_needs_an_application_not_approved(personas):
    h = approved(personas)
    error = refusal(
        adopters.record_leaving_adoption_process,
        by=personas.sam,
        household=h,
        left_on=D(2025, 6, 1),
        reason="3",
    )
    assert error.field == "left_reason"


def test_after_leaving_nothing_more_is_recorded(personas):
    h = enquiry(personas)
    h = adopters.record_leaving_adoption_process(
        by=personas.sam, household=h, left_on=D(2024, 10, 20), reason="2"
    )
    error = refusal(
        adopters.record_adoption_stages,
        by=personas.sam,
        household=h,
        stage1_started_on=D(2024, 11, 1),
    )
    assert error.field == "household" and "left the adoption process" in str(error)


def test_a_stale_edit_is_refused(personas):
    h = enquiry(personas)
    adopters.record_adoption_stages(
        by=personas.sam, household=saved(h), stage1_started_on=D(2024, 10, 1)
    )
    error = refusal(
        adopters.record_leaving_adoption_process,
        by=personas.sam,
        household=saved(h),
        left_on=D(2024, 10, 20),
        reason="1",
        version=1,
    )
    assert error.field == "version"
    assert saved(h).left_on is None


def test_the_database_refuses_leaving_without_a_reason(personas):
    h = enquiry(personas)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdopterHousehold.objects.filter(pk=h.pk).update(left_on=D(2024, 10, 1))


def test_model_clean_names_the_field(personas):
    h = saved(approved(personas))
    h.stage2_ended_on = D(2024, 12, 1)
    with pytest.raises(ValidationError) as caught:
        h.full_clean()
    assert list(caught.value.message_dict) == ["stage2_ended_on"]


# --- linking a child's match ---------------------------------------------------------------------


@pytest.fixture
def case(personas):
    period = care.start_looked_after(
        by=personas.sam,
        person=personas.lily,
        started_on=D(2024, 11, 4),
        legal_status="C2",
        primary_need="N1",
        placement=PlacementDetails(place="U6", provider="PR1"),
    )
    case = care.record_adoption_decision(by=personas.sam, period=period, decision_on=D(2025, 1, 6))
    care.record_placement_order(by=personas.sam, case=case, on=D(2025, 2, 3))
    return case


MATCH = D(2025, 5, 5)


def matched(w, case, on=MATCH, sex="MF", n=2, status="L11"):
    return care.record_adoption_match(
        by=w.sam,
        case=case,
        matched_on=on,
        number_of_adopters=n,
        adopter_sex=sex,
        adopter_legal_status=status,
        adopted_by_foster_carer=False,
        family_id="OTHER1",
    )


def test_a_match_is_linked_to_an_approved_household(personas, case):
    h = approved(personas)
    case = matched(personas, case)
    last = last_event_pk()
    adopters.link_adoption_match(by=personas.tara, case=case, household=h)
    case = AdoptionCase.objects.get(pk=case.pk)
    assert case.household == h and case.family_id == ""
    event = AuditEvent.objects.get(pk__gt=last)
    assert (event.action, event.person_id, event.actor_id) == (
        "link_adoption_match",
        personas.lily.pk,
        personas.tara.pk,
    )


def test_linking_needs_a_match(personas, case):
    h = approved(personas)
    error = refusal(adopters.link_adoption_match, by=personas.sam, case=case, household=h)
    assert error.field == "case" and "not been matched" in str(error)


def test_linking_needs_approval_by_the_match_date(personas, case):
    h = approved(personas)
    case = matched(personas, case, on=D(2025, 4, 11))
    error = refusal(adopters.link_adoption_match, by=personas.sam, case=case, household=h)
    assert error.field == "household" and "not approved by the match date" in str(error)
    assert AdoptionCase.objects.get(pk=case.pk).household is None


def test_linking_needs_the_matchs_adopters_to_be_the_households(personas, case):
    h = approved(personas)
    case = matched(personas, case, sex="FF", status="L12")
    error = refusal(adopters.link_adoption_match, by=personas.sam, case=case, household=h)
    assert error.field == "household" and "FF" in str(error) and "MF" in str(error)
    single = approved(
        personas, "AF002", (AdopterDetails(adopter_id="ADP003", sex="F", ethnicity="WBRI"),)
    )
    error = refusal(adopters.link_adoption_match, by=personas.sam, case=case, household=single)
    assert error.field == "household" and "2 adopter(s)" in str(error)


def test_a_household_with_a_child_placed_cannot_leave_until_the_order(personas, case):
    h = approved(personas)
    case = matched(personas, case)
    adopters.link_adoption_match(by=personas.sam, case=case, household=h)
    care.place_for_adoption(
        by=personas.sam,
        case=AdoptionCase.objects.get(pk=case.pk),
        placed_on=D(2025, 6, 2),
        placement=PlacementDetails(place="A6", provider="PR1"),
    )
    error = refusal(
        adopters.record_leaving_adoption_process,
        by=personas.sam,
        household=saved(h),
        left_on=D(2025, 7, 1),
        reason="1",
    )
    assert error.field == "left_on" and "placed with this household" in str(error)
