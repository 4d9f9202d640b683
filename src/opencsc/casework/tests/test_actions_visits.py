"""Visits to the child: who can be seen, and which visits need a plan or a period of care."""

import datetime as dt

from opencsc.care import actions as care
from opencsc.casework import actions as cw
from opencsc.casework.models import Visit
from opencsc.core.errors import ActionError
from opencsc.people import actions as people
from opencsc.testing import refusal

D = dt.date
PLAN_START = D(2025, 9, 10)


def visit(w, **overrides):
    fields = {
        "person": w.lily,
        "kind": "cin",
        "visited_on": D(2025, 10, 6),
        "seen": True,
        "worker": w.sam.worker,
    }
    fields.update(overrides)
    return cw.record_visit(by=w.sam, **fields)


def refused_visit(w, **overrides) -> ActionError:
    error = refusal(visit, w, **overrides)
    assert not Visit.objects.exists()
    return error


def cp_plan(w):
    conference = cw.hold_transfer_in_conference(
        by=w.tara, referral=w.lily_referral, held_on=PLAN_START, category="NEG"
    )
    return conference.plan_made


def test_a_cin_visit_seen_alone_is_recorded(personas):
    saved = visit(personas, seen_alone=True, bedroom_seen=True, wishes_and_feelings="Likes art")

    saved = Visit.objects.get(pk=saved.pk)
    assert (saved.kind, saved.visited_on, saved.seen, saved.seen_alone, saved.bedroom_seen) == (
        "cin",
        D(2025, 10, 6),
        True,
        True,
        True,
    )
    assert (saved.cp_plan, saved.period) == (None, None)


def test_seen_alone_without_seen_is_refused(personas):
    error = refused_visit(personas, seen=False, seen_alone=True)
    assert error.field == "seen_alone"


def test_a_cp_visit_without_a_plan_is_refused(personas):
    error = refused_visit(personas, kind="cp")
    assert error.field == "kind"
    assert "not on a child protection plan" in error.text


def test_a_cp_visit_is_linked_to_the_plan_open_that_day(personas):
    plan = cp_plan(personas)

    first_day = visit(personas, kind="cp", visited_on=D(2025, 9, 10))
    later = visit(personas, kind="cp", visited_on=D(2025, 10, 6))

    assert (first_day.cp_plan, later.cp_plan) == (plan, plan)


def test_a_cp_visit_before_the_plan_or_after_it_ended_is_refused(personas):
    plan = cp_plan(personas)
    cw.end_cp_plan(by=personas.tara, plan=plan, ended_on=D(2025, 12, 1))

    for day in (D(2025, 9, 9), D(2025, 12, 1), D(2025, 12, 2)):
        error = refused_visit(personas, kind="cp", visited_on=day)
        assert error.field == "kind", day


def test_a_looked_after_visit_needs_a_period_of_care(personas):
    error = refused_visit(personas, kind="cla")
    assert error.field == "kind"

    period = care.start_looked_after(
        by=personas.sam,
        person=personas.lily,
        started_on=D(2025, 9, 15),
        legal_status="C1",
        primary_need="N1",
        placement=care.PlacementDetails(place="U6", provider="PR1"),
    )
    saved = visit(personas, kind="cla", visited_on=D(2025, 9, 15))
    assert saved.period == period


def test_an_unborn_child_cannot_be_seen(personas):
    unborn = people.register_person(
        by=personas.sam,
        first_name="Baby",
        last_name="Puddlewhistle",
        expected_date_of_birth=D(2026, 3, 1),
    )
    error = refused_visit(personas, person=unborn, kind="assessment", visited_on=D(2026, 1, 5))
    assert error.field == "seen"

    saved = visit(personas, person=unborn, kind="assessment", visited_on=D(2026, 1, 5), seen=False)
    assert (saved.person, saved.seen) == (unborn, False)


def test_a_visit_before_birth_is_refused(personas):
    error = refused_visit(personas, visited_on=D(2015, 5, 16))
    assert error.field == "visited_on"


def test_a_visit_in_the_future_is_refused(personas, today):
    error = refused_visit(personas, visited_on=today + dt.timedelta(days=1))
    assert error.field == "visited_on"
    assert "in the future" in error.text


def test_a_visit_after_the_childs_death_is_refused(personas):
    people.record_death(by=personas.sam, person=personas.lily, date_of_death=D(2025, 10, 1))
    personas.lily.refresh_from_db()
    error = refused_visit(personas, visited_on=D(2025, 10, 2))
    assert error.field == "visited_on"
    assert "after the child's death" in error.text


def test_an_unknown_kind_of_visit_is_refused(personas):
    error = refused_visit(personas, kind="social")
    assert error.field == "kind"


def test_an_unsuccessful_visit_is_recorded_with_the_child_not_seen(personas):
    saved = visit(personas, method="unsuccessful", seen=False)
    assert Visit.objects.get(pk=saved.pk).method == "unsuccessful"


def test_a_child_cannot_be_seen_on_a_visit_that_did_not_happen(personas):
    error = refused_visit(personas, method="unsuccessful", seen=True)
    assert error.field == "seen"


def test_a_bedroom_cannot_be_seen_on_a_visit_that_did_not_happen(personas):
    error = refused_visit(personas, method="unsuccessful", seen=False, bedroom_seen=True)
    assert error.field == "bedroom_seen"


def test_a_virtual_visit_is_recorded(personas):
    saved = visit(personas, method="virtual", seen_alone=True)
    assert Visit.objects.get(pk=saved.pk).method == "virtual"
