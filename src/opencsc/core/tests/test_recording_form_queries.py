"""Every recording form, found from the URL configuration (``core.forms.recording_views``), costs
the same number of queries however long the child's history: the blank page and the refused empty
submission alike. A page that grows with the history does a query per visit, note or relative."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.core.tests.test_every_recording_form import FORMS, url_for
from opencsc.testing import give_history, give_records

# A form page reads the user, the session, the child (and the read log), the warning banner, the
# record it changes and its choices: well under this, whatever the council's size.
CEILING = 25


@pytest.fixture
def lily(personas, today):
    give_records(personas.lily, by=personas.sam)
    give_history(personas.lily, by=personas.sam, rounds=1)
    return personas.lily


def queries(send, url: str, *data: dict) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = send(url, *data)
    assert response.status_code in (200, 400), f"{url}: {response.status_code}"
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "view"), FORMS, ids=[name for name, _ in FORMS])
def test_a_form_page_costs_the_same_however_long_the_childs_history(
    client, personas, lily, name, view
):
    client.force_login(personas.sam)
    url = url_for(name, lily)
    client.get(url)  # the first request of a session warms caches a later one does not read
    short = {"blank": queries(client.get, url), "refused": queries(client.post, url, {})}
    give_history(lily, by=personas.sam, rounds=3, first=1)
    long = {"blank": queries(client.get, url), "refused": queries(client.post, url, {})}
    assert long == short, f"{name}: one history costs {short} queries, a longer one {long}"
    for page, count in short.items():
        assert count <= CEILING, (
            f"{name}: the {page} page costs {count} queries (at most {CEILING})"
        )
