"""Front-door indicators on hand-built children whose counts are known exactly."""

import datetime as dt
from decimal import Decimal

import pytest

from opencsc.casework import actions as cw
from opencsc.oversight.indicators import CATALOGUE, Period, value

from . import indicator_scenarios as s

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

D = dt.date
YEAR = Period.for_year(s.YEAR)


def run(code, period=YEAR):
    entry = CATALOGUE[code]
    count = entry.compute(period)
    return count, value(entry, count)


@pytest.fixture
def front(personas):
    return s.front_door(personas.sam)


def test_referrals_are_counted_in_the_year_each_referral_once(front):
    count, shown = run("referrals_count")
    assert (count.numerator, count.denominator, shown) == (5, None, 5)
    assert count.children == {front.a.pk, front.b.pk, front.c.pk, front.d.pk}


def test_a_referral_on_29_february_after_one_on_28_february_a_year_before_is_not_a_re_referral(
    front,
):
    count, shown = run("rereferrals_12m_pct")
    # b (3 July after 1 June) and d (on the anniversary) are; a (366 days later) is not.
    assert (count.numerator, count.denominator) == (2, 5)
    assert shown == Decimal("40.0")
    assert count.children == {front.b.pk, front.d.pk}


def test_no_further_action_referrals(front):
    count, shown = run("referrals_nfa_pct")
    assert (count.numerator, count.denominator, shown) == (1, 5, Decimal("20.0"))
    assert count.children == {front.c.pk}


def test_children_in_need_on_31_march_leave_out_a_referral_closed_that_day(front, personas):
    count, _ = run("cin_31mar_count")
    # Lily's referral is from September 2025, after the year.
    assert count.children == {front.a.pk, front.d.pk}
    assert count.numerator == 2


def test_a_rate_is_per_10000_children_of_the_setting(front, settings):
    settings.OPENCSC_CHILDREN_0_17 = 3_000
    count, shown = run("referrals_rate")
    assert (count.numerator, count.denominator) == (5, 3_000)
    assert shown == Decimal("16.7")  # 5 / 3,000 × 10,000 = 16.666…
    settings.OPENCSC_CHILDREN_0_17 = 0
    assert run("referrals_rate")[1] is None


def test_any_period_will_do_for_events(front):
    count, _ = run("referrals_count", Period(D(2023, 6, 1), D(2023, 7, 3)))
    assert count.numerator == 2  # b's two referrals, both days included


def assess(by, person, started_on, authorised_on):
    r = cw.open_referral(by=by, person=person, received_on=started_on, source="1A")
    a = cw.start_assessment(by=by, referral=r, started_on=started_on)
    return cw.complete_assessment(
        by=by,
        assessment=a,
        authorised_on=authorised_on,
        child_seen=True,
        factors=["21"],
        services_required=False,
    )


def test_45_working_days_run_over_the_christmas_bank_holidays(personas):
    by = personas.sam
    # From Wednesday 1 November 2023 the 45th working day is Monday 8 January 2024: Christmas
    # Day, Boxing Day and New Year's Day are not working days (45 weekdays would end on the 3rd).
    on_time, late = s.child(by, 21), s.child(by, 22)
    assess(by, on_time, D(2023, 11, 1), D(2024, 1, 8))
    assess(by, late, D(2023, 11, 1), D(2024, 1, 9))
    count, shown = run("assessments_45wd_pct")
    assert (count.numerator, count.denominator, shown) == (1, 2, Decimal("50.0"))
    assert count.children == {on_time.pk}


def conference(by, person, s47_on, icpc_on):
    r = cw.open_referral(by=by, person=person, received_on=s47_on, source="1A")
    discussion = cw.hold_strategy_discussion(by=by, referral=r, held_on=s47_on, s47_initiated=True)
    return cw.hold_initial_conference(
        by=by, enquiry=discussion.section47_enquiry, held_on=icpc_on, plan_decided=False
    )


def test_initial_conferences_within_15_working_days_of_the_section_47_start(personas, settings):
    by = personas.sam
    settings.OPENCSC_CHILDREN_0_17 = 10_000  # so a rate per 10,000 is the count
    # From Friday 15 December 2023 the 15th working day is Wednesday 10 January 2024.
    on_time, late, third = s.child(by, 31), s.child(by, 32), s.child(by, 33)
    conference(by, on_time, D(2023, 12, 15), D(2024, 1, 10))
    conference(by, late, D(2023, 12, 15), D(2024, 1, 11))
    conference(by, third, D(2023, 12, 15), D(2023, 12, 15))  # the same day: 0 working days
    count, shown = run("icpc_15wd_pct")
    assert (count.numerator, count.denominator, shown) == (2, 3, Decimal("66.7"))
    assert count.children == {on_time.pk, third.pk}
    assert run("icpc_rate")[0].numerator == 3
    assert run("s47_rate")[1] == Decimal("3.0")


def test_a_period_with_nothing_in_it_has_a_blank_value(personas):
    empty = Period(D(2022, 4, 1), D(2022, 4, 30))
    for code in ("rereferrals_12m_pct", "assessments_45wd_pct", "icpc_15wd_pct"):
        count, shown = run(code, empty)
        assert (count.numerator, count.denominator, shown) == (0, 0, None), code
