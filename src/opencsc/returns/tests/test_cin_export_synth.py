"""The CIN census of a generated council (the `small` size), checked by the DfE rules.

Its own module because the council is generated once, outside the tests' transactions: the
function-scoped tests of ``test_cin_export.py`` must not see it.
"""

import datetime as dt
import time
from collections import Counter
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from lxml import etree

from opencsc.care.models import LookedAfterPeriod
from opencsc.casework.models import Referral
from opencsc.returns.cin_census.export import CensusPeriod, export_cin
from opencsc.returns.validators import validate_cin

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def last_census_year(on: dt.date) -> int:
    """The collection year ending on the last 31 March before ``on``."""
    return on.year if on > dt.date(on.year, 3, 31) else on.year - 1


@pytest.fixture(scope="module")
def council(django_db_setup, django_db_blocker, tmp_path_factory, today):
    with django_db_blocker.unblock():
        call_command("synth", size="small", seed=3, as_of=today, no_progress=True)
        year = last_census_year(today)
        out = tmp_path_factory.mktemp("cin") / f"cin_{year}.xml"
        started = time.perf_counter()
        counts = export_cin(year=year, out_file=out)
        seconds = time.perf_counter() - started
        yield SimpleNamespace(
            year=year,
            period=CensusPeriod.for_year(year),
            out=out,
            counts=counts,
            seconds=seconds,
            root=etree.parse(str(out)).getroot(),
        )
        call_command("flush", interactive=False)


@pytest.fixture(scope="module")
def report(council):
    return validate_cin(council.out, year=council.year)


def returned_ids(council) -> list[str]:
    return [
        c.findtext("ChildIdentifiers/LAchildID") for c in council.root.iterfind("Children/Child")
    ]


def test_every_child_with_an_episode_in_the_year_is_returned_once(council):
    period = council.period
    expected = set(
        Referral.objects.filter(received_on__lte=period.end)
        .exclude(closed_on__lt=period.start)
        .values_list("person__la_child_id", flat=True)
    )
    ids = returned_ids(council)
    assert len(ids) > 50
    assert Counter(ids).most_common(1)[0][1] == 1
    assert set(ids) == expected


def test_every_child_looked_after_in_the_year_is_a_child_in_need_in_it(council):
    period = council.period
    looked_after = set(
        LookedAfterPeriod.objects.overlapping(
            period.start, period.end + dt.timedelta(days=1)
        ).values_list("person__la_child_id", flat=True)
    )
    assert looked_after
    assert looked_after <= set(returned_ids(council))


def test_the_dfe_rules_find_no_error(report):
    from opencsc.returns.validators.report import format_report

    assert report.errors == [], format_report(report)
