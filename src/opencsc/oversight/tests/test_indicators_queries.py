"""Every indicator costs a fixed number of queries, whatever the council's size."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.core.years import latest_complete_year
from opencsc.oversight.indicators import Period, catalogue

pytestmark = pytest.mark.django_db


def queries_per_indicator(period: Period) -> dict[str, int]:
    out = {}
    for entry in catalogue():
        with CaptureQueriesContext(connection) as queries:
            entry.compute(period)
        out[entry.code] = len(queries)
    return out


def test_the_whole_small_council_costs_what_an_empty_one_costs(today):
    period = Period.for_year(latest_complete_year(today))
    few = queries_per_indicator(period)
    call_command("synth", size="small", seed=3, as_of=today, no_progress=True)
    many = queries_per_indicator(period)
    assert many == few
    referrals = next(e for e in catalogue() if e.code == "referrals_count").compute(period)
    assert referrals.numerator > 20  # the council really is bigger than the personas
