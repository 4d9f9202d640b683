"""A child's case status on a date: one rule (people.status), the same in the record, the lists,
the API and Annex A list 6, and true of the day asked about, not of today."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails
from opencsc.care.models import CareLeaver
from opencsc.casework import actions as cw
from opencsc.people import actions as people
from opencsc.people import status
from opencsc.people.models import Person

D = dt.date

pytestmark = pytest.mark.django_db


def child(p, la_id, dob=None):
    return people.register_person(
        by=p.sam,
        first_name="Casey",
        last_name=la_id.title(),
        sex="F",
        ethnicity="WBRI",
        date_of_birth=dob or D(2012, 5, 1),
        la_child_id=la_id,
        disabilities=["NONE"],
    )


def status_on(person, on):
    return person.case_status_on(on)


def test_the_precedence_is_annex_a_s_with_opencsc_s_own_statuses_between():
    assert status.labels() == [
        "Child looked after",
        "Child protection plan",
        "Child in need plan",
        "Open assessment",
        "Open referral",
        "Care leaver",
        "Early help",
        "Closed",
    ]


def test_a_referral_closed_later_is_open_on_the_days_before_it_closed(personas):
    p = personas
    casey = child(p, "REFCLOSED")
    referral = cw.open_referral(by=p.sam, person=casey, received_on=D(2025, 3, 3), source="1A")
    cw.close_referral(by=p.sam, referral=referral, closed_on=D(2025, 3, 20), reason="RC7")

    assert status_on(casey, D(2025, 3, 2)) == "Closed"
    assert status_on(casey, D(2025, 3, 3)) == "Open referral"
    assert status_on(casey, D(2025, 3, 19)) == "Open referral"
    assert status_on(casey, D(2025, 3, 20)) == "Closed"


def test_a_care_leaver_is_one_only_from_the_day_they_became_one_until_services_end(personas):
    p = personas
    leo = child(p, "LEAVER", dob=D(2006, 1, 10))
    care.become_care_leaver(
        by=p.sam,
        person=leo,
        eligibility="former_relevant",
        since=D(2024, 1, 10),
        care_history_elsewhere=True,
    )
    assert status_on(leo, D(2024, 1, 9)) == "Closed"
    assert status_on(leo, D(2024, 1, 10)) == "Care leaver"

    # No action ends leaving-care services yet; the end date is set on the leaf record.
    CareLeaver.objects.filter(person=leo).update(services_ended_on=D(2027, 1, 10))
    assert status_on(leo, D(2026, 6, 1)) == "Care leaver"
    assert status_on(leo, D(2027, 1, 10)) == "Closed"

    CareLeaver.objects.filter(person=leo).update(eligibility="none")
    assert status_on(leo, D(2026, 6, 1)) == "Closed"


def test_looked_after_comes_first_and_every_status_that_holds_is_found(personas):
    p = personas
    kim = child(p, "LOOKED")
    referral = cw.open_referral(by=p.sam, person=kim, received_on=D(2025, 1, 6), source="1A")
    cw.start_assessment(by=p.sam, referral=referral, started_on=D(2025, 1, 7))
    care.start_looked_after(
        by=p.sam,
        person=kim,
        referral=referral,
        started_on=D(2025, 2, 1),
        legal_status="V2",
        primary_need="N1",
        placement=PlacementDetails(place="U1", provider="PR1", postcode="NR2 1AA"),
    )
    assert status_on(kim, D(2025, 1, 6)) == "Open referral"
    assert status_on(kim, D(2025, 1, 31)) == "Open assessment"
    assert status_on(kim, D(2025, 2, 1)) == "Child looked after"

    on = D(2025, 3, 1)
    for label in ("Child looked after", "Open assessment", "Open referral"):
        assert kim in Person.objects.in_case_status(label, on)
    assert kim not in Person.objects.in_case_status("Child protection plan", on)


def test_a_list_costs_one_query_whatever_its_length(personas):
    p = personas
    for n in range(6):
        casey = child(p, f"MANY{n}")
        cw.open_referral(by=p.sam, person=casey, received_on=D(2025, 3, 3), source="1A")
    on = D(2025, 4, 1)

    def statuses(people_qs):
        with CaptureQueriesContext(connection) as queries:
            found = {c.la_child_id: c.case_status for c in people_qs.with_case_status(on)}
        return found, len(queries)

    one, one_queries = statuses(Person.objects.filter(la_child_id="MANY0"))
    many, many_queries = statuses(Person.objects.children())
    assert one == {"MANY0": "Open referral"}
    assert many["MANY5"] == "Open referral"
    assert len(many) > 6
    assert one_queries == many_queries == 1
