"""Assessments in the browser's forms, as Sam on Lily: starting one on the open referral, and
recording it as authorised, with the factors identified (CIN census AssessmentFactors)."""

import datetime as dt

from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.casework import actions as cw
from opencsc.testing import posted_date


def test_sam_starts_an_assessment_and_records_it_authorised(client, personas, today):
    lily, sam, referral = personas.lily, personas.sam, personas.lily_referral
    client.force_login(sam)
    start = reverse("casework:assessment-start", args=[lily.pk, referral.pk])
    assert start in client.get(lily.get_absolute_url()).content.decode()

    response = client.post(
        start,
        {
            **posted_date("started_on", dt.date(2025, 9, 3)),
            "worker": sam.worker.pk,
            "team": personas.north.pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    assessment = lily.assessments.get()
    assert (assessment.referral, assessment.started_on, assessment.worker, assessment.team) == (
        referral,
        dt.date(2025, 9, 3),
        sam.worker,
        personas.north,
    )
    assert AuditEvent.objects.filter(
        action="start_assessment", object_id=str(assessment.pk), actor=sam
    ).exists()

    complete = reverse("casework:assessment-complete", args=[lily.pk, assessment.pk])
    record = client.get(lily.get_absolute_url()).content.decode()
    assert complete in record and start not in record
    page = client.get(complete).content.decode()
    assert "Record the authorised assessment" in page
    # The perpetrator-unspecified codes are refused by the action (DfE query 8945Q): not offered.
    assert 'value="18A"' not in page and 'value="18C"' in page

    response = client.post(
        complete,
        {
            **posted_date("authorised_on", dt.date(2025, 10, 20)),
            "child_seen": "yes",
            "factors": ["3B", "16A"],
            "services_required": "yes",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (
        assessment.authorised_on,
        assessment.child_seen,
        assessment.factors,
        assessment.services_required,
    ) == (dt.date(2025, 10, 20), True, ["3B", "16A"], True)
    assert AuditEvent.objects.filter(
        action="complete_assessment", object_id=str(assessment.pk)
    ).exists()
    assert complete not in client.get(lily.get_absolute_url()).content.decode()


def test_no_factors_identified_with_services_is_refused_beside_the_factors(client, personas, today):
    lily = personas.lily
    assessment = cw.start_assessment(
        by=personas.sam, referral=personas.lily_referral, started_on=dt.date(2025, 9, 3)
    )
    client.force_login(personas.sam)
    response = client.post(
        reverse("casework:assessment-complete", args=[lily.pk, assessment.pk]),
        {
            **posted_date("authorised_on", dt.date(2025, 10, 20)),
            "child_seen": "no",
            "factors": ["21"],
            "services_required": "yes",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_factors_0"' in page
    assert "stands alone" in page
    assessment.refresh_from_db()
    assert assessment.authorised_on is None and assessment.factors == []


def test_an_assessment_cannot_start_on_a_closed_referral(client, personas, today):
    lily, referral = personas.lily, personas.lily_referral
    cw.decide_referral(by=personas.sam, referral=referral, decided_on=dt.date(2025, 9, 2), nfa=True)
    client.force_login(personas.sam)
    start = reverse("casework:assessment-start", args=[lily.pk, referral.pk])
    assert start not in client.get(lily.get_absolute_url()).content.decode()
    response = client.post(start, posted_date("started_on", dt.date(2025, 9, 3)))
    assert response.status_code == 400
    assert "is closed" in response.content.decode()
    assert not lily.assessments.exists()
