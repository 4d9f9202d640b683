"""Recording a visit through its page: how it took place, who was seen, and the child's own words."""

import datetime as dt

from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.testing import posted_date

D = dt.date
WORDS = "I like it at Nan's. I don't like it when Dad shouts. I want my own room."


def visit(client, lily, **data):
    return client.post(
        reverse("casework:visit-create", args=[lily.pk]),
        {
            "kind": "cin",
            **posted_date("visited_on", D(2026, 11, 24)),
            "method": "face_to_face",
            "seen": "yes",
            "seen_alone": "yes",
            "bedroom_seen": "yes",
            **data,
        },
    )


def test_sam_records_a_visit_with_the_childs_own_words(client, personas, today):
    lily = personas.lily
    client.force_login(personas.sam)
    url = reverse("casework:visit-create", args=[lily.pk])
    assert url in client.get(lily.get_absolute_url()).content.decode()
    page = client.get(url).content.decode()
    # The child's words have a box of their own, labelled for them.
    assert '<textarea name="wishes_and_feelings"' in page
    assert "wishes and feelings, in their own words" in page
    # The worker recording is offered as the one who visited.
    assert f'<option value="{personas.sam.worker.pk}" selected>' in page

    response = visit(client, lily, wishes_and_feelings=WORDS, worker=personas.sam.worker.pk)

    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    saved = lily.visits.get()
    assert (saved.kind, saved.visited_on, saved.method) == ("cin", D(2026, 11, 24), "face_to_face")
    assert (saved.seen, saved.seen_alone, saved.bedroom_seen) == (True, True, True)
    assert (saved.wishes_and_feelings, saved.worker) == (WORDS, personas.sam.worker)
    assert AuditEvent.objects.filter(action="record_visit", object_id=str(saved.pk)).exists()


def test_an_unsuccessful_visit_is_recorded_with_the_child_not_seen(client, personas, today):
    client.force_login(personas.sam)
    response = visit(
        client, personas.lily, method="unsuccessful", seen="no", seen_alone="no", bedroom_seen=""
    )
    assert response.status_code == 302
    saved = personas.lily.visits.get()
    assert (saved.method, saved.seen, saved.bedroom_seen) == ("unsuccessful", False, None)
    record = client.get(personas.lily.get_absolute_url()).content.decode()
    assert "Unsuccessful (the visit did not happen). Child not seen." in record  # the chronology


def test_a_child_seen_on_a_visit_that_did_not_happen_is_refused(client, personas, today):
    client.force_login(personas.sam)
    response = visit(client, personas.lily, method="unsuccessful", seen="yes", seen_alone="no")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_seen_0"' in page
    assert "cannot have been seen on a visit that did not happen" in page
    assert not personas.lily.visits.exists()


def test_a_cp_visit_needs_a_plan_and_says_so(client, personas, today):
    client.force_login(personas.sam)
    response = visit(client, personas.lily, kind="cp")
    assert response.status_code == 400
    assert "not on a child protection plan on that day" in response.content.decode()
    assert not personas.lily.visits.exists()


def test_the_inspector_and_the_analyst_cannot_record_a_visit(client, personas, today):
    url = reverse("casework:visit-create", args=[personas.lily.pk])
    for user in (personas.ines, personas.alex):
        client.force_login(user)
        assert client.get(url).status_code == 403
