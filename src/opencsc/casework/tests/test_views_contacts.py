"""Recording a contact and its decision in the browser's forms (the first pages of the pattern)."""

from django.urls import reverse

from opencsc.audit.models import AuditEvent


def test_sam_records_a_contact_and_the_decision(client, personas, today):
    lily = personas.lily
    client.force_login(personas.sam)
    record = client.get(lily.get_absolute_url()).content.decode()
    url = reverse("casework:contact-create", args=[lily.pk])
    assert url in record

    response = client.post(
        url,
        {
            "received_on_day": "2",
            "received_on_month": "11",
            "received_on_year": "2026",
            "source": "2A",
            "summary": "School worried about bruising.",
        },
    )
    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    contact = lily.contacts.get()
    assert (contact.source, contact.summary) == ("2A", "School worried about bruising.")
    assert AuditEvent.objects.filter(action="record_contact", object_id=str(contact.pk)).exists()

    decide = reverse("casework:contact-decide", args=[lily.pk, contact.pk])
    assert decide in client.get(lily.get_absolute_url()).content.decode()
    response = client.post(
        decide,
        {
            "outcome": "NFA",
            "decided_on_day": "3",
            "decided_on_month": "11",
            "decided_on_year": "2026",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.outcome == "NFA"


def test_a_decision_before_the_contact_is_refused_beside_its_field(client, personas, today):
    lily = personas.lily
    client.force_login(personas.sam)
    client.post(
        reverse("casework:contact-create", args=[lily.pk]),
        {
            "received_on_day": "2",
            "received_on_month": "11",
            "received_on_year": "2026",
            "source": "2A",
        },
    )
    contact = lily.contacts.get()
    response = client.post(
        reverse("casework:contact-decide", args=[lily.pk, contact.pk]),
        {
            "outcome": "NFA",
            "decided_on_day": "1",
            "decided_on_month": "11",
            "decided_on_year": "2026",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_decided_on_day"' in page
    contact.refresh_from_db()
    assert contact.outcome == ""


def test_another_teams_worker_cannot_reach_the_form(client, personas, today):
    client.force_login(personas.olly)
    url = reverse("casework:contact-create", args=[personas.lily.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_the_inspector_and_the_analyst_cannot_record(client, personas, today):
    url = reverse("casework:contact-create", args=[personas.lily.pk])
    for user in (personas.ines, personas.alex):
        client.force_login(user)
        assert client.get(url).status_code == 403
