"""Who holds a child: hand-overs between social workers, and workers leaving."""

import datetime as dt

import pytest

from opencsc.audit.models import AuditEvent
from opencsc.core.errors import ActionError
from opencsc.workforce import actions as wf
from opencsc.workforce.codes import AllocationRole
from opencsc.workforce.models import Allocation

D = dt.date


def spans(person, role=AllocationRole.SOCIAL_WORKER):
    return [
        (a.worker.staff_id, a.started_on, a.ended_on)
        for a in Allocation.objects.filter(person=person, role=role).order_by("started_on")
    ]


def test_allocate_hands_over_on_the_same_day_with_no_gap_or_overlap(personas):
    lily, olly = personas.lily, personas.olly.worker

    new = wf.allocate(
        by=personas.tara,
        person=lily,
        worker=olly,
        started_on=D(2025, 11, 3),
        change_reason="LEFTRL",
    )

    assert spans(lily) == [("SAM", D(2025, 9, 1), D(2025, 11, 3)), ("OLLY", D(2025, 11, 3), None)]
    assert (new.team, new.change_reason) == (personas.south, "LEFTRL")
    assert [a.worker.staff_id for a in Allocation.objects.filter(person=lily).open()] == ["OLLY"]
    assert [a.worker_id for a in Allocation.objects.open(D(2025, 11, 2))] == [
        personas.sam.worker.pk
    ]
    handover = AuditEvent.objects.get(action="allocate", changes__has_key="ended_on")
    assert handover.changes == {"ended_on": [None, "2025-11-03"]}
    assert handover.actor == personas.tara


def test_allocate_keeps_roles_apart(personas):
    wf.allocate(
        by=personas.tara,
        person=personas.lily,
        worker=personas.imran.worker,
        started_on=D(2025, 9, 15),
        role=AllocationRole.IRO,
    )

    assert spans(personas.lily) == [("SAM", D(2025, 9, 1), None)]
    assert spans(personas.lily, AllocationRole.IRO) == [("IMRAN", D(2025, 9, 15), None)]


def test_allocate_refuses_the_worker_who_already_holds_the_child(personas):
    with pytest.raises(ActionError) as caught:
        wf.allocate(
            by=personas.tara,
            person=personas.lily,
            worker=personas.sam.worker,
            started_on=D(2025, 11, 3),
        )
    assert caught.value.field == "worker"
    assert spans(personas.lily) == [("SAM", D(2025, 9, 1), None)]


@pytest.mark.parametrize("started_on", [D(2025, 8, 29), D(2025, 9, 1)])
def test_allocate_refuses_a_start_on_or_before_the_current_allocation(personas, started_on):
    with pytest.raises(ActionError) as caught:
        wf.allocate(
            by=personas.tara,
            person=personas.lily,
            worker=personas.olly.worker,
            started_on=started_on,
        )
    assert caught.value.field == "started_on"
    assert spans(personas.lily) == [("SAM", D(2025, 9, 1), None)]


def test_allocate_refuses_an_unknown_change_reason(personas):
    with pytest.raises(ActionError) as caught:
        wf.allocate(
            by=personas.tara,
            person=personas.lily,
            worker=personas.olly.worker,
            started_on=D(2025, 11, 3),
            change_reason="BORED",
        )
    assert caught.value.field == "change_reason"


def test_worker_leaves_is_refused_while_they_hold_children(personas):
    sam = personas.sam.worker
    with pytest.raises(ActionError) as caught:
        wf.worker_leaves(by=personas.tara, worker=sam, left_on=D(2025, 11, 3))
    assert caught.value.field == "left_on"
    sam.refresh_from_db()
    assert sam.left_on is None


def test_worker_leaves_once_their_children_are_reallocated(personas):
    sam = personas.sam.worker
    wf.allocate(
        by=personas.tara,
        person=personas.lily,
        worker=personas.olly.worker,
        started_on=D(2025, 11, 3),
        change_reason="LEFTRL",
    )

    wf.worker_leaves(by=personas.tara, worker=sam, left_on=D(2025, 11, 3))

    sam.refresh_from_db()
    assert sam.left_on == D(2025, 11, 3)
    with pytest.raises(ActionError) as caught:
        wf.allocate(by=personas.tara, person=personas.lily, worker=sam, started_on=D(2025, 11, 10))
    assert caught.value.field == "worker"
    assert "left on 03/11/2025" in caught.value.text

    with pytest.raises(ActionError) as caught:
        wf.worker_leaves(by=personas.tara, worker=sam, left_on=D(2025, 11, 10))
    assert (caught.value.field, "already ended" in caught.value.text) == ("left_on", True)
    sam.refresh_from_db()
    assert sam.left_on == D(2025, 11, 3)


def test_end_allocation_refuses_an_end_before_the_start(personas):
    allocation = Allocation.objects.get(person=personas.lily)
    with pytest.raises(ActionError) as caught:
        wf.end_allocation(by=personas.tara, allocation=allocation, ended_on=D(2025, 8, 31))
    assert caught.value.field == "ended_on"

    wf.end_allocation(by=personas.tara, allocation=allocation, ended_on=D(2025, 9, 30))
    assert spans(personas.lily) == [("SAM", D(2025, 9, 1), D(2025, 9, 30))]
