"""Starting and ending early help in the browser's forms, as Sam on Lily."""

import datetime as dt

from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.casework import actions as cw
from opencsc.testing import new_child, posted_date
from opencsc.workforce import actions as wf


def test_sam_starts_and_ends_early_help(client, personas, today):
    lily, sam = personas.lily, personas.sam
    client.force_login(sam)
    start = reverse("casework:early-help-start", args=[lily.pk])
    assert start in client.get(lily.get_absolute_url()).content.decode()

    response = client.post(
        start,
        {
            **posted_date("started_on", dt.date(2026, 10, 5)),
            "reason": "Parenting support after a house move",
            "worker": sam.worker.pk,
            "organisation": "Riverside Primary School",
        },
    )
    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    episode = lily.early_help_episodes.get()
    assert (episode.started_on, episode.worker, episode.organisation) == (
        dt.date(2026, 10, 5),
        sam.worker,
        "Riverside Primary School",
    )
    assert AuditEvent.objects.filter(
        action="start_early_help", object_id=str(episode.pk), actor=sam
    ).exists()

    record = client.get(lily.get_absolute_url()).content.decode()
    end = reverse("casework:early-help-end", args=[lily.pk, episode.pk])
    assert end in record and start not in record
    response = client.post(
        end,
        {
            **posted_date("ended_on", dt.date(2026, 11, 20)),
            "end_reason": "outcomes_met",
            **posted_date("assessment_completed_on", dt.date(2026, 10, 19)),
        },
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.ended_on, episode.end_reason, episode.assessment_completed_on) == (
        dt.date(2026, 11, 20),
        "outcomes_met",
        dt.date(2026, 10, 19),
    )
    assert AuditEvent.objects.filter(action="end_early_help", object_id=str(episode.pk)).exists()
    assert start in client.get(lily.get_absolute_url()).content.decode()


def test_an_end_before_the_start_is_refused_beside_its_field(client, personas, today):
    lily = personas.lily
    client.force_login(personas.sam)
    client.post(
        reverse("casework:early-help-start", args=[lily.pk]),
        posted_date("started_on", dt.date(2026, 10, 5)),
    )
    episode = lily.early_help_episodes.get()
    response = client.post(
        reverse("casework:early-help-end", args=[lily.pk, episode.pk]),
        {**posted_date("ended_on", dt.date(2026, 10, 1)), "end_reason": "nfa"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_ended_on_day"' in page
    episode.refresh_from_db()
    assert episode.ended_on is None and episode.end_reason == ""


def test_another_childs_early_help_is_not_found_under_this_child(client, personas, today):
    lily, sam = personas.lily, personas.sam
    noah = new_child(by=sam)
    wf.allocate(
        by=personas.tara,
        person=noah,
        worker=sam.worker,
        started_on=dt.date(2026, 1, 5),
        change_reason="FCONTA",
    )
    episode = cw.start_early_help(by=sam, person=lily, started_on=dt.date(2026, 10, 5))
    client.force_login(sam)
    url = reverse("casework:early-help-end", args=[noah.pk, episode.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(
            url, {**posted_date("ended_on", dt.date(2026, 11, 2)), "end_reason": "nfa"}
        ).status_code
        == 404
    )
    episode.refresh_from_db()
    assert episode.ended_on is None
