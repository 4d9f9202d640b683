"""Children for the privacy tests, built through the real actions on top of the personas.

- ``full_record(p, ...)``: a child with a record touching most models: identifiers, an address
  (and a placement address), a mother (a relative with no LA child id), a referral with a
  strategy discussion, section 47 enquiry, initial conference and child protection plan (the
  conference and the plan point at each other), a visit, a period of care with a placement
  (carer named), a review and a health check, an allocation, a restricted-access grant.
- ``old_child`` / ``plain_child``: the same, born long enough ago for the 75th birthday to
  have passed, or only registered.
"""

import datetime as dt

from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails
from opencsc.casework import actions as cw
from opencsc.casework.models import Section47Enquiry
from opencsc.people import actions as people
from opencsc.workforce import actions as wf

D = dt.date


def plain_child(p, *, la_child_id, born, first="Ned", last="Plainfield", **extra):
    return people.register_person(
        by=p.sam,
        first_name=first,
        last_name=last,
        sex="M",
        ethnicity="WBRI",
        date_of_birth=born,
        la_child_id=la_child_id,
        **extra,
    )


def relative(p, *, first="Maud", last="Plainfield"):
    return people.register_person(
        by=p.sam, first_name=first, last_name=last, sex="F", date_of_birth=D(1985, 2, 2)
    )


BORN, START = D(2012, 6, 1), D(2025, 4, 7)


def full_record(p, *, la_child_id="SAR0001", born=BORN, start=START, mother=None):
    """A child with a record in most models (see the module docstring); returns a namespace."""
    from types import SimpleNamespace

    child = plain_child(
        p,
        la_child_id=la_child_id,
        born=born,
        first="Wren",
        last="Hollowmere",
        nhs_number="9434765919",
    )
    people.move_address(by=p.sam, person=child, postcode="NR2 3CD", started_on=born)
    mother = mother or relative(p, first="Greta", last="Hollowmere")
    people.add_relationship(
        by=p.sam, person=child, other=mother, kind="mother", has_parental_responsibility=True
    )
    wf.allocate(
        by=p.tara, person=child, worker=p.sam.worker, started_on=start, change_reason="FCONTA"
    )
    referral = cw.open_referral(
        by=p.sam, person=child, received_on=start, source="2A", primary_need="N1", team=p.north
    )
    discussion = cw.hold_strategy_discussion(
        by=p.sam, referral=referral, held_on=start + dt.timedelta(days=3), s47_initiated=True
    )
    enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion)
    conference = cw.hold_initial_conference(
        by=p.sam,
        enquiry=enquiry,
        held_on=start + dt.timedelta(days=14),
        plan_decided=True,
        category="NEG",
    )
    period = care.start_looked_after(
        by=p.sam,
        person=child,
        started_on=start + dt.timedelta(days=30),
        legal_status="C2",
        primary_need="N1",
        placement=PlacementDetails(
            place="U4", provider="PR1", postcode="NR5 9ZZ", carer_name="Orla Fernsby"
        ),
        referral=referral,
    )
    care.record_health_check(
        by=p.sam, person=child, kind="initial_health", done_on=start + dt.timedelta(days=40)
    )
    return SimpleNamespace(
        child=child,
        mother=mother,
        referral=referral,
        conference=conference,
        plan=conference.plan_made,
        period=period,
    )
