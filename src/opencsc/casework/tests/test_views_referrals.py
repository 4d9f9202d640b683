"""Referrals in the browser's forms, as Sam on Lily: recording one (from a contact or not), the
decision on it, and the closure of the case."""

import datetime as dt

from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.casework import actions as cw
from opencsc.testing import new_child, posted_date


def test_an_nfa_decision_closes_the_referral_and_a_new_one_comes_from_a_contact(
    client, personas, today
):
    lily, sam, referral = personas.lily, personas.sam, personas.lily_referral
    client.force_login(sam)
    decide = reverse("casework:referral-decide", args=[lily.pk, referral.pk])
    create = reverse("casework:referral-create", args=[lily.pk])
    record = client.get(lily.get_absolute_url()).content.decode()
    assert decide in record and create not in record

    response = client.post(
        decide,
        {**posted_date("decided_on", dt.date(2025, 9, 2)), "nfa": "yes", "primary_need": "N1"},
    )
    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    referral.refresh_from_db()
    assert (referral.nfa, referral.closed_on, referral.closure_reason) == (
        True,
        dt.date(2025, 9, 2),
        "RC8",
    )
    assert AuditEvent.objects.filter(action="decide_referral", object_id=str(referral.pk)).exists()

    contact = cw.record_contact(by=sam, person=lily, received_on=dt.date(2026, 11, 2), source="6")
    cw.decide_contact(by=sam, contact=contact, outcome="REFERRAL", decided_on=dt.date(2026, 11, 2))
    record = client.get(lily.get_absolute_url()).content.decode()
    from_contact = f"{create}?contact={contact.pk}"
    assert decide not in record and from_contact in record

    page = client.get(from_contact).content.decode()
    assert '<option value="6" selected>' in page and 'value="2026"' in page
    response = client.post(
        create,
        {
            **posted_date("received_on", dt.date(2026, 11, 3)),
            "source": "6",
            "primary_need": "N1",
            "contact": contact.pk,
            "team": personas.north.pk,
            "worker": sam.worker.pk,
        },
    )
    assert response.status_code == 302
    new = lily.referrals.get(closed_on__isnull=True)
    assert (new.received_on, new.contact, new.team, new.worker, new.primary_need) == (
        dt.date(2026, 11, 3),
        contact,
        personas.north,
        sam.worker,
        "N1",
    )
    assert AuditEvent.objects.filter(
        action="open_referral", object_id=str(new.pk), actor=sam
    ).exists()


def test_sam_decides_on_next_steps_and_closes_the_case(client, personas, today):
    lily, referral = personas.lily, personas.lily_referral
    client.force_login(personas.sam)
    decide = reverse("casework:referral-decide", args=[lily.pk, referral.pk])
    assert '<option value="N1" selected>' in client.get(decide).content.decode()
    response = client.post(
        decide,
        {**posted_date("decided_on", dt.date(2025, 9, 2)), "nfa": "no", "primary_need": "N4"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.decided_on, referral.nfa, referral.primary_need, referral.closed_on) == (
        dt.date(2025, 9, 2),
        False,
        "N4",
        None,
    )

    close = reverse("casework:referral-close", args=[lily.pk, referral.pk])
    record = client.get(lily.get_absolute_url()).content.decode()
    assert close in record and decide not in record
    response = client.post(
        close, {**posted_date("closed_on", dt.date(2025, 10, 6)), "reason": "RC7"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.closed_on, referral.closure_reason) == (dt.date(2025, 10, 6), "RC7")
    assert AuditEvent.objects.filter(action="close_referral", object_id=str(referral.pk)).exists()


def test_a_case_with_an_open_assessment_is_not_closed(client, personas, today):
    lily, referral = personas.lily, personas.lily_referral
    cw.decide_referral(by=personas.sam, referral=referral, decided_on=dt.date(2025, 9, 2))
    cw.start_assessment(by=personas.sam, referral=referral, started_on=dt.date(2025, 9, 3))
    client.force_login(personas.sam)
    close = reverse("casework:referral-close", args=[lily.pk, referral.pk])
    assert close not in client.get(lily.get_absolute_url()).content.decode()
    response = client.post(
        close, {**posted_date("closed_on", dt.date(2025, 10, 6)), "reason": "RC7"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "An assessment on this referral is still open" in page
    assert 'href="#id_closed_on_day"' in page
    referral.refresh_from_db()
    assert referral.closed_on is None and referral.closure_reason == ""


def test_only_the_childs_own_contacts_are_offered(client, personas, today):
    lily, sam = personas.lily, personas.sam
    cw.decide_referral(
        by=sam, referral=personas.lily_referral, decided_on=dt.date(2025, 9, 2), nfa=True
    )
    noah = new_child(by=sam)
    theirs = cw.record_contact(by=sam, person=noah, received_on=dt.date(2026, 11, 2), source="6")
    client.force_login(sam)
    create = reverse("casework:referral-create", args=[lily.pk])
    # Another child's contact, or nonsense, in the address is ignored rather than refused.
    for asked in (theirs.pk, "abc", "99999999999999999999"):
        page = client.get(f"{create}?contact={asked}")
        assert page.status_code == 200
        assert "2 November 2026" not in page.content.decode()
    response = client.post(
        create,
        {
            **posted_date("received_on", dt.date(2026, 11, 3)),
            "source": "6",
            "primary_need": "N0",
            "contact": theirs.pk,
        },
    )
    assert response.status_code == 400
    assert "Select the contact from the list" in response.content.decode()
    assert not lily.referrals.filter(closed_on__isnull=True).exists()
