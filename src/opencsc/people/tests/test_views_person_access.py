"""'Who has seen this record': the reads and changes of one child, for managers and leaders."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit.log import record_access
from opencsc.audit.models import AccessEvent
from opencsc.testing import make_user

pytestmark = pytest.mark.django_db


def url(person, **query):
    base = reverse("people:person-access", args=[person.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize(
    "name, status",
    [("tara", 200), ("hana", 200), ("sam", 403), ("alex", 403), ("ines", 403), ("ada", 403)],
)
def test_only_managers_and_leaders_see_who_has_seen_a_record(client, personas, name, status):
    client.force_login(getattr(personas, name))
    assert client.get(url(personas.lily)).status_code == status


def test_a_director_may_too(client, personas):
    client.force_login(make_user("dina", Role.DIRECTOR, "Dina", "Harroway"))
    assert client.get(url(personas.lily)).status_code == 200


def test_a_manager_cannot_see_the_log_of_another_teams_child(client, personas):
    other = make_user("omar", Role.TEAM_MANAGER, "Omar", "Southgate")
    from opencsc.workforce import actions as wf

    wf.create_worker(
        by=personas.ada,
        staff_id="OMAR",
        first_name="Omar",
        last_name="Southgate",
        job_title="Team manager",
        team=personas.south,
        started_on=personas.lily.date_of_birth,
        user=other,
    )
    client.force_login(other)
    assert client.get(url(personas.lily)).status_code == 404
    assert not AccessEvent.objects.filter(user=other).exists()


def test_it_lists_who_read_the_record_newest_first(client, personas):
    client.force_login(personas.sam)
    detail = reverse("people:person-detail", args=[personas.lily.pk])
    client.get(detail)
    record_access(user=personas.hana, person=personas.lily, via=AccessEvent.Via.EXPORT, path="/x/")
    client.force_login(personas.tara)
    page = client.get(url(personas.lily)).content.decode()
    # Tara's own read of this page is the newest, then Hana's export, then Sam's page read.
    tara, hana, sam = (
        page.index(n) for n in ("Tara Brambleton", "Hana Mossbury", "Sam Quillfeather")
    )
    assert tara < hana < sam
    assert "Export" in page and "Web page" in page and detail in page
    assert "Head of service" in page and "Social worker" in page
    assert AccessEvent.objects.filter(user=personas.tara, path=url(personas.lily)).count() == 1


def test_it_lists_who_changed_what_from_and_to(client, personas):
    from opencsc.people import actions as people

    lily = personas.lily
    lily.refresh_from_db()
    people.update_person(by=personas.sam, person=lily, version=lily.version, first_name="Lilian")
    client.force_login(personas.tara)
    page = client.get(url(personas.lily, show="changes")).content.decode()
    assert "Update person" in page and "Register person" in page
    assert "Lily → Lilian" in page
    assert page.index("Update person") < page.index("Register person")


def test_the_detail_page_links_to_it_only_for_those_who_may_see_it(client, personas):
    detail = reverse("people:person-detail", args=[personas.lily.pk])
    client.force_login(personas.tara)
    assert url(personas.lily) in client.get(detail).content.decode()
    client.force_login(personas.sam)
    assert url(personas.lily) not in client.get(detail).content.decode()


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(address).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("show", ["reads", "changes"])
def test_the_page_costs_the_same_queries_however_long_the_log(client, personas, show):
    from opencsc.people import actions as people

    client.force_login(personas.tara)
    few = _queries(client, url(personas.lily, show=show))
    readers = [make_user(f"r{n}", Role.SOCIAL_WORKER, "Reader", f"No{n}") for n in range(8)]
    lily = personas.lily
    for n in range(60):
        record_access(user=readers[n % 8], person=lily, path="/p/")
    for n in range(8):
        lily.refresh_from_db()
        people.update_person(by=readers[n], person=lily, version=lily.version, last_name=f"P{n}")
    many = _queries(client, url(personas.lily, show=show))
    assert many == few


def test_it_is_paginated(client, personas):
    for _ in range(120):
        record_access(user=personas.sam, person=personas.lily, path="/p/")
    client.force_login(personas.tara)
    first = client.get(url(personas.lily)).content.decode()
    assert first.count("Sam Quillfeather") == 49  # Tara's own read comes first, then 49 of Sam's
    assert "Page 2 of 3" in first
    last = client.get(url(personas.lily, page=3)).content.decode()
    # Tara's two reads are now the newest two: pages 1 and 2 hold 48 + 50 of Sam's.
    assert last.count("Sam Quillfeather") == 120 - 48 - 50
