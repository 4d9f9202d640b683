"""Child protection indicators on hand-built plans whose counts are known exactly."""

from decimal import Decimal

import pytest

from opencsc.oversight.indicators import CATALOGUE, Period, value

from . import indicator_scenarios as s

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

YEAR = Period.for_year(s.YEAR)


def run(code):
    entry = CATALOGUE[code]
    count = entry.compute(YEAR)
    return count.numerator, count.denominator, value(entry, count), count.children


@pytest.fixture
def kids(personas):
    return s.protection(personas.sam)


def test_plans_open_on_31_march_leave_out_those_ending_that_day(kids):
    numerator, _, shown, children = run("cpp_31mar_count")
    assert (numerator, shown) == (3, 3)
    assert children == {kids.e.pk, kids.f.pk, kids.g.pk}


def test_a_plan_after_one_that_ended_two_years_before_is_a_second_plan(kids):
    numerator, denominator, shown, children = run("cpp_second_subsequent_pct")
    assert (numerator, denominator, shown) == (1, 3, Decimal("33.3"))
    assert children == {kids.e.pk}
    assert run("cpp_starts_count")[0] == 3


def test_a_plan_ending_on_its_second_anniversary_lasted_two_years(kids):
    numerator, denominator, shown, children = run("cpp_ended_2yrs_plus_pct")
    assert (numerator, denominator, shown) == (1, 2, Decimal("50.0"))
    assert children == {kids.h.pk}
    assert run("cpp_31mar_2yrs_plus_pct")[:3] == (0, 3, Decimal("0.0"))


def test_reviews_in_timescale_count_plans_of_three_months_or_more(kids):
    numerator, denominator, shown, children = run("cpp_reviewed_in_timescale_pct")
    # e reviewed on its due days; f a day late; g under 3 months, so not counted at all.
    assert (numerator, denominator, shown) == (1, 2, Decimal("50.0"))
    assert children == {kids.e.pk}


def test_category_of_abuse_on_31_march(kids):
    assert run("cpp_31mar_category_neg_pct")[:3] == (2, 3, Decimal("66.7"))
    assert run("cpp_31mar_category_phy_pct")[:3] == (1, 3, Decimal("33.3"))
    assert run("cpp_31mar_category_sab_pct")[:3] == (0, 3, Decimal("0.0"))
