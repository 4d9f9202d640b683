"""Recording initial, transfer-in and review child protection conferences through their pages."""

import datetime as dt

from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.casework import actions as cw
from opencsc.testing import posted_date

D = dt.date


def open_enquiry(personas):
    discussion = cw.hold_strategy_discussion(
        by=personas.sam,
        referral=personas.lily_referral,
        held_on=D(2026, 11, 2),
        s47_initiated=True,
    )
    return discussion.section47_enquiry


def test_sam_records_an_initial_conference_that_makes_a_plan(client, personas, today):
    lily = personas.lily
    enquiry = open_enquiry(personas)
    client.force_login(personas.sam)
    url = reverse("casework:initial-conference-create", args=[lily.pk, enquiry.pk])
    assert url in client.get(lily.get_absolute_url()).content.decode()

    response = client.post(
        url,
        {
            **posted_date("held_on", D(2026, 11, 20)),
            "participation": "PN1",
            "plan_decided": "yes",
            "category": "EMO",
        },
    )

    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    conference = lily.cp_conferences.get()
    assert (conference.kind, conference.held_on, conference.participation) == (
        "initial",
        D(2026, 11, 20),
        "PN1",
    )
    plan = lily.cp_plans.get()
    assert (plan.started_on, plan.initial_category) == (D(2026, 11, 20), "EMO")
    assert AuditEvent.objects.filter(
        action="hold_initial_conference", object_id=str(conference.pk)
    ).exists()
    record = client.get(lily.get_absolute_url()).content.decode()
    assert reverse("casework:review-conference-create", args=[lily.pk, plan.pk]) in record
    assert url not in record


def test_a_plan_without_a_category_is_refused(client, personas, today):
    lily = personas.lily
    enquiry = open_enquiry(personas)
    client.force_login(personas.sam)

    response = client.post(
        reverse("casework:initial-conference-create", args=[lily.pk, enquiry.pk]),
        {**posted_date("held_on", D(2026, 11, 20)), "plan_decided": "yes"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Select the category of abuse, as the conference decided on a plan" in page
    assert not lily.cp_conferences.exists() and not lily.cp_plans.exists()


def test_sam_records_a_transfer_in_conference(client, personas, today):
    lily, referral = personas.lily, personas.lily_referral
    client.force_login(personas.sam)
    url = reverse("casework:transfer-in-conference-create", args=[lily.pk, referral.pk])
    assert url in client.get(lily.get_absolute_url()).content.decode()

    response = client.post(url, {**posted_date("held_on", D(2026, 11, 3)), "category": "NEG"})

    assert response.status_code == 302
    conference = lily.cp_conferences.get()
    assert (conference.kind, conference.plan_decided) == ("transfer_in", True)
    assert lily.cp_plans.get().initial_category == "NEG"
    assert AuditEvent.objects.filter(
        action="hold_transfer_in_conference", object_id=str(conference.pk)
    ).exists()


def test_tara_records_a_review_that_ends_the_plan(client, personas, today):
    lily = personas.lily
    conference = cw.hold_transfer_in_conference(
        by=personas.sam, referral=personas.lily_referral, held_on=D(2026, 6, 1), category="NEG"
    )
    plan = conference.plan_made
    client.force_login(personas.tara)
    url = reverse("casework:review-conference-create", args=[lily.pk, plan.pk])
    page = client.get(url).content.decode()
    assert 'value="NEG" checked' in page  # the category now, to change only if it has

    response = client.post(
        url,
        {
            **posted_date("held_on", D(2026, 9, 1)),
            "participation": "PN7",
            "quorate": "yes",
            "plan_continues": "no",
            "latest_category": "PHY",
        },
    )

    assert response.status_code == 302
    review = plan.reviews.get()
    assert (review.participation, review.quorate, review.plan_decided) == ("PN7", True, False)
    plan.refresh_from_db()
    assert (plan.ended_on, plan.latest_category) == (D(2026, 9, 1), "PHY")
    assert AuditEvent.objects.filter(action="hold_cp_review", object_id=str(review.pk)).exists()


def test_pn0_for_a_ten_year_old_is_refused_beside_its_field(client, personas, today):
    lily = personas.lily
    plan = cw.hold_transfer_in_conference(
        by=personas.sam, referral=personas.lily_referral, held_on=D(2026, 6, 1), category="NEG"
    ).plan_made
    client.force_login(personas.sam)

    response = client.post(
        reverse("casework:review-conference-create", args=[lily.pk, plan.pk]),
        {
            **posted_date("held_on", D(2026, 9, 1)),
            "participation": "PN0",
            "quorate": "yes",
            "plan_continues": "yes",
        },
    )

    assert response.status_code == 400
    assert 'href="#id_participation"' in response.content.decode()
    assert not plan.reviews.exists()


def test_a_review_that_keeps_the_category_leaves_the_plan_unchanged(client, personas, today):
    lily = personas.lily
    plan = cw.hold_transfer_in_conference(
        by=personas.sam, referral=personas.lily_referral, held_on=D(2026, 6, 1), category="NEG"
    ).plan_made
    client.force_login(personas.sam)

    response = client.post(
        reverse("casework:review-conference-create", args=[lily.pk, plan.pk]),
        {
            **posted_date("held_on", D(2026, 9, 1)),
            "quorate": "yes",
            "plan_continues": "yes",
            "latest_category": "NEG",  # as the page offers it
        },
    )

    assert response.status_code == 302
    assert plan.reviews.count() == 1
    plan.refresh_from_db()
    assert (plan.version, plan.latest_category, plan.ended_on) == (1, "NEG", None)
    assert not AuditEvent.objects.filter(
        action="hold_cp_review", model="casework.CPPlan", object_id=str(plan.pk)
    ).exists()
