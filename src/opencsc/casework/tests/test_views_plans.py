"""Ending a child protection plan, and starting and ending a child in need plan, through their
pages."""

import datetime as dt

from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.casework import actions as cw
from opencsc.testing import new_child, posted_date

D = dt.date


def test_sam_ends_a_child_protection_plan(client, personas, today):
    lily = personas.lily
    plan = cw.hold_transfer_in_conference(
        by=personas.sam, referral=personas.lily_referral, held_on=D(2026, 6, 1), category="NEG"
    ).plan_made
    client.force_login(personas.sam)
    url = reverse("casework:cp-plan-end", args=[lily.pk, plan.pk])
    assert url in client.get(lily.get_absolute_url()).content.decode()

    response = client.post(url, posted_date("ended_on", D(2026, 10, 5)))

    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    plan.refresh_from_db()
    assert plan.ended_on == D(2026, 10, 5)
    assert AuditEvent.objects.filter(action="end_cp_plan", object_id=str(plan.pk)).exists()
    record = client.get(lily.get_absolute_url()).content.decode()
    assert url not in record
    # With the CP plan ended, a CIN plan can follow.
    assert reverse("casework:cin-plan-create", args=[lily.pk, personas.lily_referral.pk]) in record


def test_sam_starts_and_ends_a_child_in_need_plan(client, personas, today):
    lily, referral = personas.lily, personas.lily_referral
    client.force_login(personas.sam)
    start = reverse("casework:cin-plan-create", args=[lily.pk, referral.pk])
    assert start in client.get(lily.get_absolute_url()).content.decode()

    response = client.post(start, posted_date("started_on", D(2026, 9, 7)))

    assert response.status_code == 302
    plan = lily.cin_plans.get()
    assert (plan.referral, plan.started_on, plan.ended_on) == (referral, D(2026, 9, 7), None)
    assert AuditEvent.objects.filter(action="start_cin_plan", object_id=str(plan.pk)).exists()

    end = reverse("casework:cin-plan-end", args=[lily.pk, plan.pk])
    record = client.get(lily.get_absolute_url()).content.decode()
    assert end in record and start not in record
    response = client.post(end, posted_date("ended_on", D(2026, 11, 16)))

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.ended_on == D(2026, 11, 16)
    assert AuditEvent.objects.filter(action="end_cin_plan", object_id=str(plan.pk)).exists()


def test_a_plan_cannot_end_the_day_it_started(client, personas, today):
    lily = personas.lily
    plan = cw.start_cin_plan(by=personas.sam, referral=personas.lily_referral, started_on=today)
    client.force_login(personas.sam)

    response = client.post(
        reverse("casework:cin-plan-end", args=[lily.pk, plan.pk]), posted_date("ended_on", today)
    )

    assert response.status_code == 400
    assert 'href="#id_ended_on_day"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.ended_on is None


def test_another_childs_plan_is_not_found_under_lily(client, personas, today):
    noah = new_child(personas.sam)
    referral = cw.open_referral(
        by=personas.sam, person=noah, received_on=D(2026, 9, 1), source="1A"
    )
    noahs_plan = cw.start_cin_plan(by=personas.sam, referral=referral, started_on=D(2026, 9, 7))
    client.force_login(personas.sam)
    url = reverse("casework:cin-plan-end", args=[personas.lily.pk, noahs_plan.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, posted_date("ended_on", D(2026, 11, 16))).status_code == 404
    noahs_plan.refresh_from_db()
    assert noahs_plan.ended_on is None
