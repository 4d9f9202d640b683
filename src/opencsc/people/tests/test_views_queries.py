"""The child's record and the lists cost the same number of queries however long the child's
history and however many children: each page reads its rows in a fixed number of queries.

The record's chronology is one query per registered source (``people.chronology``), a fixed
number too. The history is built through the actions (``opencsc.testing.give_history``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.testing import give_history, give_records

pytestmark = pytest.mark.django_db

# Each page reads the user, the session, the rows, what each row shows (in bulk) and, on the
# record, one query per chronology source: under this, whatever the council's size.
CEILING = {"record": 60, "note": 25, "home": 15, "search": 15, "seen": 20, "changed": 20}


def pages(personas) -> dict[str, tuple[object, str]]:
    """Who opens which page: Sam his child's record, one of her notes, his home page and a search
    that finds her siblings; Tara her team's home page and who has seen or changed the record."""
    lily = personas.lily
    note = lily.case_notes.order_by("pk").first()
    access = reverse("people:person-access", args=[lily.pk])
    return {
        "record": (personas.sam, reverse("people:person-detail", args=[lily.pk])),
        "note": (personas.sam, reverse("casework:note-detail", args=[lily.pk, note.pk])),
        "home": (personas.sam, reverse("home")),
        "team home": (personas.tara, reverse("home")),
        "search": (personas.sam, reverse("people:person-search") + "?q=Brackenridge"),
        "seen": (personas.tara, access + "?show=reads"),
        "changed": (personas.tara, access + "?show=changes"),
    }


def costs(client, personas) -> dict[str, tuple[int, bytes]]:
    out = {}
    for page, (user, url) in pages(personas).items():
        client.force_login(user)
        client.get(url)  # the first request of a session warms caches a later one does not read
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, f"{page}: {response.status_code}"
        out[page] = (len(ctx.captured_queries), response.content)
    return out


def test_the_record_and_the_lists_cost_the_same_however_long_the_history(client, personas, today):
    lily = personas.lily
    give_records(lily, by=personas.sam)
    give_history(lily, by=personas.sam, rounds=1)
    short = costs(client, personas)
    give_history(lily, by=personas.sam, rounds=4, first=1)
    long = costs(client, personas)
    # The longer history is on the pages (more siblings found, more visits on the record).
    assert long["search"][1].count(b"Sibling") == 5 > short["search"][1].count(b"Sibling") == 1
    assert long["home"][1].count(b"Sibling") == 5
    assert long["record"][1].count(b"visit 4.") >= 1
    counts = {page: n for page, (n, _) in short.items()}
    assert {page: n for page, (n, _) in long.items()} == counts, (
        f"one round of history costs {counts}, five cost "
        f"{ {page: n for page, (n, _) in long.items()} }"
    )
    for page, n in counts.items():
        ceiling = CEILING.get(page, CEILING["home"])
        assert n <= ceiling, f"the {page} page costs {n} queries (at most {ceiling})"
