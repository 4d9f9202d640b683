"""Allocating a worker to a child in the browser (``workforce.actions.allocate``)."""

import datetime as dt

import pytest
from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.people.access import visible_children
from opencsc.workforce import actions as wf

pytestmark = pytest.mark.usefixtures("today")


def allocation(worker, day=dt.date(2026, 11, 16), **extra) -> dict[str, str]:
    return {
        "worker": str(worker.pk),
        "role": "social_worker",
        "started_on_day": str(day.day),
        "started_on_month": str(day.month),
        "started_on_year": str(day.year),
        **extra,
    }


@pytest.fixture
def nina(personas):
    """A second social worker in Sam's team."""
    return wf.create_worker(
        by=personas.ada,
        staff_id="NINA",
        first_name="Nina",
        last_name="Cobblestone",
        job_title="Social worker",
        team=personas.north,
        started_on=dt.date(2024, 2, 5),
    )


def test_tara_hands_lily_from_sam_to_nina(client, personas, nina):
    lily = personas.lily
    client.force_login(personas.tara)
    url = reverse("people:allocation-create", args=[lily.pk])
    assert url in client.get(lily.get_absolute_url()).content.decode()

    response = client.post(url, allocation(nina, change_reason="MANAGE"))

    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    sams, ninas = lily.allocations.order_by("started_on")
    assert (sams.worker, sams.ended_on) == (personas.sam.worker, dt.date(2026, 11, 16))
    assert (ninas.worker, ninas.ended_on, ninas.change_reason) == (nina, None, "MANAGE")
    assert AuditEvent.objects.filter(action="allocate", object_id=str(ninas.pk)).exists()


def test_sam_hands_lily_to_another_team_and_goes_home_not_to_a_missing_record(client, personas):
    lily = personas.lily
    client.force_login(personas.sam)
    response = client.post(
        reverse("people:allocation-create", args=[lily.pk]),
        allocation(personas.olly.worker, change_reason="TSPROC"),
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not visible_children(personas.sam).filter(pk=lily.pk).exists()
    assert visible_children(personas.olly).filter(pk=lily.pk).exists()


def test_a_worker_who_has_left_is_not_offered_and_the_same_worker_is_refused(
    client, personas, nina
):
    lily = personas.lily
    wf.worker_leaves(by=personas.ada, worker=nina, left_on=dt.date(2026, 10, 1))
    client.force_login(personas.tara)
    url = reverse("people:allocation-create", args=[lily.pk])
    assert "Nina Cobblestone" not in client.get(url).content.decode()

    response = client.post(url, allocation(nina))
    assert response.status_code == 400
    assert "Select the worker from the list" in response.content.decode()

    response = client.post(url, allocation(personas.sam.worker))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_worker"' in page and "already holds this child" in page
    assert lily.allocations.count() == 1


def test_the_inspector_and_the_analyst_cannot_allocate(client, personas):
    url = reverse("people:allocation-create", args=[personas.lily.pk])
    for user in (personas.ines, personas.alex):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, allocation(personas.sam.worker)).status_code == 403
