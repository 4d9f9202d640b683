"""The indicator catalogue: its entries, their values' rounding, and the DfE's codes."""

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from opencsc.oversight.indicators import (
    AREAS,
    TOTALS,
    Count,
    Period,
    PeriodError,
    catalogue,
    indicator,
    value,
)

BENCHMARKS = Path(__file__).parent / "data" / "benchmark_indicator_codes.txt"


def entry(unit):
    return next(e for e in catalogue() if e.unit == unit)


@pytest.mark.parametrize(
    "numerator, denominator, shown",
    [
        (2, 3, "66.7"),
        (1, 3, "33.3"),
        (1, 8, "12.5"),
        (1, 16, "6.3"),  # 6.25: half up, where a float's round() gives 6.2
        (1, 40, "2.5"),
        (1, 400, "0.3"),  # 0.25
        (3, 3, "100.0"),
        (0, 5, "0.0"),
    ],
)
def test_a_percentage_has_one_decimal_place_rounded_half_up(numerator, denominator, shown):
    assert value(entry("pct"), Count(numerator, denominator)) == Decimal(shown)
    assert str(value(entry("pct"), Count(numerator, denominator))) == shown


def test_the_value_is_blank_when_the_denominator_is_0():
    assert value(entry("pct"), Count(0, 0)) is None
    assert value(entry("rate"), Count(4, 0)) is None


def test_a_count_is_whole_and_has_no_denominator():
    assert value(entry("count"), Count(7)) == 7
    assert all(e.denominator == "" for e in catalogue() if e.unit in TOTALS)


def test_a_rate_is_per_10000_to_one_decimal_place():
    assert value(entry("rate"), Count(5, 3_000)) == Decimal("16.7")
    assert value(entry("rate"), Count(1, 80_000)) == Decimal("0.1")  # 0.125


def test_every_entry_says_what_it_counts():
    for e in catalogue():
        assert e.ref.startswith("I") and 1 <= int(e.ref[1:]) <= 27, e.code
        assert e.area in AREAS, e.code
        assert e.definition and e.numerator and e.source and e.doc, e.code
        assert e.unit in TOTALS or e.denominator, e.code


def test_the_catalogue_is_in_the_order_of_the_indicator_table():
    refs = [int(e.ref[1:]) for e in catalogue()]
    assert refs == sorted(refs)


def test_every_published_code_is_one_the_dfe_publishes():
    published = set(BENCHMARKS.read_text().split())
    ours = {e.dfe_code for e in catalogue() if e.dfe_code}
    assert ours, "no entry carries a DfE code"
    assert not ours - published, sorted(ours - published)
    # A local measure must not borrow a DfE code it does not match.
    assert not {e.code for e in catalogue() if not e.dfe_code} & published


def test_a_year_only_indicator_refuses_another_period_in_one_line():
    year_only = dataclasses.replace(entry("pct"), period="year")
    assert year_only.allows(Period.for_year(2024))
    with pytest.raises(PeriodError) as error:
        year_only.compute(Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    assert "\n" not in str(error.value) and "--year" in str(error.value)


def test_a_period_knows_when_it_is_a_collection_year():
    assert Period.for_year(2026) == Period(dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert Period.for_year(2026).year == 2026
    assert Period(dt.date(2025, 4, 1), dt.date(2026, 3, 30)).year is None
    with pytest.raises(PeriodError):
        Period(dt.date(2025, 4, 2), dt.date(2025, 4, 1))


TERMS = {
    "ref": "I1",
    "name": "x",
    "area": AREAS[0],
    "unit": "count",
    "period": "events",
    "definition": "x",
    "numerator": "x",
    "source": "x",
}


def test_registration_refuses_a_second_function_for_a_code():
    with pytest.raises(ValueError, match="already registered"):

        @indicator(code="referrals_count", denominator="", **TERMS)
        def another(period):
            """x"""


def test_registration_refuses_a_count_with_a_denominator():
    with pytest.raises(ValueError, match="denominator"):
        indicator(code="x_count", denominator="children", **TERMS)
