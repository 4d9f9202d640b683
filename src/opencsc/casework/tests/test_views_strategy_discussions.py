"""Recording a strategy discussion and the section 47 outcome through their pages."""

import datetime as dt

from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.testing import posted_date

D = dt.date


def record_discussion(client, lily, referral, **data):
    return client.post(
        reverse("casework:strategy-discussion-create", args=[lily.pk, referral.pk]),
        {
            **posted_date("held_on", D(2026, 11, 2)),
            "agencies": ["social_care", "police", "health"],
            "s47_initiated": "yes",
            **data,
        },
    )


def test_sam_records_a_strategy_discussion_that_starts_an_enquiry(client, personas, today):
    lily, referral = personas.lily, personas.lily_referral
    client.force_login(personas.sam)
    url = reverse("casework:strategy-discussion-create", args=[lily.pk, referral.pk])
    assert url in client.get(lily.get_absolute_url()).content.decode()

    response = record_discussion(
        client, lily, referral, worker=personas.sam.worker.pk, summary="Police to visit jointly."
    )

    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    discussion = lily.strategy_discussions.get()
    assert (discussion.held_on, discussion.agencies, discussion.summary) == (
        D(2026, 11, 2),
        ["social_care", "police", "health"],
        "Police to visit jointly.",
    )
    enquiry = lily.section47_enquiries.get()
    assert (enquiry.started_on, enquiry.worker) == (D(2026, 11, 2), personas.sam.worker)
    assert AuditEvent.objects.filter(
        action="hold_strategy_discussion", object_id=str(discussion.pk)
    ).exists()
    record = client.get(lily.get_absolute_url()).content.decode()
    assert reverse("casework:section47-complete", args=[lily.pk, enquiry.pk]) in record
    assert "Agencies: Children&#x27;s social care, Police, Health" in record  # the chronology


def test_the_agencies_that_took_part_must_be_given(client, personas, today):
    client.force_login(personas.sam)
    response = record_discussion(client, personas.lily, personas.lily_referral, agencies=[])
    assert response.status_code == 400
    assert "Select the agencies that took part" in response.content.decode()
    assert not personas.lily.strategy_discussions.exists()


def test_sam_records_the_section_47_outcome(client, personas, today):
    lily = personas.lily
    client.force_login(personas.sam)
    record_discussion(client, lily, personas.lily_referral)
    enquiry = lily.section47_enquiries.get()

    response = client.post(
        reverse("casework:section47-complete", args=[lily.pk, enquiry.pk]),
        {"outcome": "cin_services", **posted_date("ended_on", D(2026, 11, 20))},
    )

    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert (enquiry.ended_on, enquiry.outcome, enquiry.icpc_not_required) == (
        D(2026, 11, 20),
        "cin_services",
        True,
    )
    assert AuditEvent.objects.filter(
        action="complete_section47", object_id=str(enquiry.pk)
    ).exists()
    # Concluded without a conference: neither the outcome nor the conference is offered now.
    record = client.get(lily.get_absolute_url()).content.decode()
    assert reverse("casework:section47-complete", args=[lily.pk, enquiry.pk]) not in record
    assert reverse("casework:initial-conference-create", args=[lily.pk, enquiry.pk]) not in record


def test_an_outcome_before_the_enquiry_started_is_refused_beside_its_date(client, personas, today):
    lily = personas.lily
    client.force_login(personas.sam)
    record_discussion(client, lily, personas.lily_referral)
    enquiry = lily.section47_enquiries.get()

    response = client.post(
        reverse("casework:section47-complete", args=[lily.pk, enquiry.pk]),
        {"outcome": "nfa", **posted_date("ended_on", D(2026, 10, 1))},
    )

    assert response.status_code == 400
    assert 'href="#id_ended_on_day"' in response.content.decode()
    enquiry.refresh_from_db()
    assert (enquiry.ended_on, enquiry.outcome) == (None, "")


def test_another_teams_referral_is_not_found(client, personas, today):
    client.force_login(personas.olly)
    url = reverse(
        "casework:strategy-discussion-create", args=[personas.lily.pk, personas.lily_referral.pk]
    )
    assert client.get(url).status_code == 404
