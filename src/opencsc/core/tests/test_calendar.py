"""The England and Wales working-day calendar. Expected dates are worked out by hand."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from opencsc.core.calendar import (
    add_days,
    add_elapsed_hours,
    add_months,
    add_weeks,
    add_working_days,
    age_in_months_on,
    age_on,
    is_bank_holiday,
    is_working_day,
    working_days_between,
)

LONDON = ZoneInfo("Europe/London")

# The DfE CIN validator's own list (VCIN: cin_validator/england_holidates.py), an independent
# source for 2022-2025 to check the holidays package against.
CIN_VALIDATOR_HOLIDAYS = {
    date(2022, 1, 3), date(2022, 4, 15), date(2022, 4, 18), date(2022, 5, 2),
    date(2022, 6, 2), date(2022, 6, 3), date(2022, 8, 29), date(2022, 9, 19),
    date(2022, 12, 26), date(2022, 12, 27),
    date(2023, 1, 2), date(2023, 4, 7), date(2023, 4, 10), date(2023, 5, 1),
    date(2023, 5, 8), date(2023, 5, 29), date(2023, 8, 28), date(2023, 12, 25),
    date(2023, 12, 26),
    date(2024, 1, 1), date(2024, 3, 29), date(2024, 4, 1), date(2024, 5, 6),
    date(2024, 5, 27), date(2024, 8, 26), date(2024, 12, 25), date(2024, 12, 26),
    date(2025, 1, 1), date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 5),
    date(2025, 5, 26), date(2025, 8, 25), date(2025, 12, 25), date(2025, 12, 26),
}  # fmt: skip


def _weekday_bank_holidays(year: int) -> set[date]:
    day, found = date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() < 5 and is_bank_holiday(day):
            found.add(day)
        day += timedelta(days=1)
    return found


# --- Bank holidays ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        date(2011, 4, 29),  # royal wedding
        date(2012, 6, 4),  # spring bank holiday moved for the diamond jubilee
        date(2012, 6, 5),  # diamond jubilee
        date(2020, 5, 8),  # early May bank holiday moved to VE Day
        date(2022, 6, 2),  # spring bank holiday moved for the platinum jubilee
        date(2022, 6, 3),  # platinum jubilee
        date(2022, 9, 19),  # state funeral of Queen Elizabeth II
        date(2023, 5, 8),  # coronation
    ],
)
def test_it_knows_one_off_and_moved_bank_holidays(day: date) -> None:
    assert is_bank_holiday(day)
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2012, 5, 28),  # the usual last Monday in May, moved to 4 June that year
        date(2020, 5, 4),  # the usual first Monday in May, moved to 8 May (VE Day)
        date(2022, 5, 30),  # the usual last Monday in May, moved to 2 June
    ],
)
def test_the_usual_day_of_a_moved_holiday_is_a_working_day(day: date) -> None:
    assert not is_bank_holiday(day)
    assert is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        # Christmas on Saturday, Boxing Day on Sunday: substitutes on Monday and Tuesday.
        date(2010, 12, 27),
        date(2010, 12, 28),
        # Boxing Day on Saturday: substitute on Monday 28th.
        date(2020, 12, 28),
        # Christmas on Sunday, Boxing Day on Monday: Christmas's substitute moves to Tuesday.
        date(2022, 12, 27),
        # New Year's Day on Saturday: substitute Monday 3 January.
        date(2022, 1, 3),
        date(2032, 12, 27),
        date(2032, 12, 28),
    ],
)
def test_it_knows_substitute_days(day: date) -> None:
    assert is_bank_holiday(day)
    assert not is_working_day(day)


@pytest.mark.parametrize(
    ("good_friday", "easter_monday"),
    [
        (date(2010, 4, 2), date(2010, 4, 5)),
        (date(2024, 3, 29), date(2024, 4, 1)),
        (date(2027, 3, 26), date(2027, 3, 29)),
        (date(2035, 3, 23), date(2035, 3, 26)),  # Easter Sunday 2035 is 25 March
    ],
)
def test_it_knows_easter(good_friday: date, easter_monday: date) -> None:
    assert is_bank_holiday(good_friday)
    assert is_bank_holiday(easter_monday)
    assert is_working_day(good_friday + timedelta(days=-1))  # Maundy Thursday


@pytest.mark.parametrize(
    "day",
    [
        date(2024, 1, 2),  # 2 January: Scotland only
        date(2024, 8, 5),  # first Monday in August: Scotland only
        date(2023, 11, 30),  # St Andrew's Day: Scotland only
        date(2024, 3, 18),  # St Patrick's Day substitute: Northern Ireland only
        date(2024, 7, 12),  # Battle of the Boyne: Northern Ireland only
    ],
)
def test_other_nations_holidays_are_working_days(day: date) -> None:
    assert is_working_day(day)


def test_it_matches_the_cin_validators_list_for_2022_to_2025() -> None:
    ours = set().union(*(_weekday_bank_holidays(year) for year in range(2022, 2026)))
    assert ours == CIN_VALIDATOR_HOLIDAYS


def test_every_year_from_2010_to_2035_has_its_bank_holidays() -> None:
    # Eight weekday bank holidays a year (substitutes replace weekend days), plus the one-offs:
    # 2011 royal wedding; 2012 diamond jubilee (spring bank holiday moved, not lost);
    # 2022 platinum jubilee and state funeral; 2023 coronation. 2020's VE Day replaced May Day.
    extra = {2011: 1, 2012: 1, 2022: 2, 2023: 1}
    for year in range(2010, 2036):
        assert len(_weekday_bank_holidays(year)) == 8 + extra.get(year, 0), year


def test_weekends_are_not_working_days_but_are_not_bank_holidays_either() -> None:
    assert not is_working_day(date(2024, 3, 9))  # Saturday
    assert not is_working_day(date(2024, 3, 10))  # Sunday
    assert not is_bank_holiday(date(2024, 3, 9))
    assert is_working_day(date(2024, 3, 11))  # Monday


def test_it_refuses_a_datetime() -> None:
    # A datetime never equals a date, so it would silently never be a bank holiday.
    with pytest.raises(TypeError):
        is_bank_holiday(datetime(2023, 12, 25, tzinfo=UTC))


# --- add_working_days ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 3, 8), 1, date(2024, 3, 11)),  # Friday -> Monday
        (date(2024, 3, 9), 1, date(2024, 3, 11)),  # Saturday -> Monday (the start is day 0)
        (date(2024, 3, 11), 5, date(2024, 3, 18)),  # a week of working days
        # Maundy Thursday: Good Friday, the weekend and Easter Monday are skipped.
        (date(2024, 3, 28), 1, date(2024, 4, 2)),
        # Friday before Christmas 2022: Boxing Day Monday and the Tuesday substitute skipped.
        (date(2022, 12, 23), 1, date(2022, 12, 28)),
        (date(2022, 6, 1), 1, date(2022, 6, 6)),  # platinum jubilee Thursday and Friday
        (date(2022, 9, 16), 1, date(2022, 9, 20)),  # state funeral Monday
        (date(2023, 5, 5), 1, date(2023, 5, 9)),  # coronation Monday
        # Thu 21 Apr 2011: Good Friday, Easter Monday, then 26, 27, 28 Apr; the royal wedding
        # Friday and the May Day Monday are skipped, so the 4th is Tuesday 3 May.
        (date(2011, 4, 21), 4, date(2011, 5, 3)),
        # 45 WD from Fri 27 Jan 2023: 30-31 Jan (2) + February (20) + March (23) = 45.
        (date(2023, 1, 27), 45, date(2023, 3, 31)),
        # Wed 1 Nov 2023: 21 left in November, 1 Dec = 22, to 22 Dec = 37, 27-29 Dec = 40,
        # 1 Jan is a holiday, 2-5 Jan = 44, Monday 8 Jan = 45.
        (date(2023, 11, 1), 45, date(2024, 1, 8)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_zero_working_days_is_the_day_itself_even_at_a_weekend() -> None:
    assert add_working_days(date(2024, 3, 10), 0) == date(2024, 3, 10)


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2024, 3, 11), -1)


def test_add_working_days_outside_the_precomputed_years() -> None:
    # Christmas 2004 and 2045 fall on a Saturday and a Monday respectively.
    assert add_working_days(date(2004, 12, 24), 1) == date(2004, 12, 29)
    assert add_working_days(date(2045, 12, 22), 1) == date(2045, 12, 27)
    # Running off the end of the table falls back to counting day by day.
    assert add_working_days(date(2040, 12, 28), 3) == date(2041, 1, 3)


def test_add_working_days_always_lands_on_a_working_day() -> None:
    day = date(2021, 12, 1)
    while day < date(2023, 2, 1):
        for n in (1, 10, 15, 20, 45):
            assert is_working_day(add_working_days(day, n))
        day += timedelta(days=1)


# --- working_days_between -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 3, 11), date(2024, 3, 11), 0),  # same day
        (date(2024, 3, 8), date(2024, 3, 11), 1),  # Friday to Monday
        (date(2024, 3, 9), date(2024, 3, 10), 0),  # Saturday to Sunday
        (date(2024, 3, 28), date(2024, 4, 2), 1),  # across Easter
        (date(2024, 3, 11), date(2024, 3, 8), -1),  # backwards: negative
        # All of 2024: 366 days from a Monday = 52 weeks + Mon, Tue = 262 weekdays, less 8.
        (date(2023, 12, 31), date(2024, 12, 31), 254),
        # Slow path (starts before the table): 29-31 Dec, 3 Jan 2005 is New Year's substitute,
        # then 4 Jan.
        (date(2004, 12, 24), date(2005, 1, 4), 4),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


def test_working_days_between_inverts_add_working_days() -> None:
    start = date(2022, 12, 20)
    for n in range(1, 80):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_the_cin_validator_counts_the_start_day_as_day_one() -> None:
    # CIN query 8670Q flags an open assessment that started before ReferenceDate minus
    # CustomBusinessDay(44) (VCIN england_working_days(45)). For ReferenceDate 31 Mar 2023 that
    # is Mon 30 Jan 2023, which we count as 44 working days before it, not 45...
    assert working_days_between(date(2023, 1, 30), date(2023, 3, 31)) == 44
    # ...so an assessment started on Fri 27 Jan is queried on 31 March, the day it is due.
    assert add_working_days(date(2023, 1, 27), 45) == date(2023, 3, 31)


# --- Months, weeks, days ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year: clamp to the 29th
        (date(2023, 1, 31), 1, date(2023, 2, 28)),  # common year: clamp to the 28th
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2022, 11, 30), 3, date(2023, 2, 28)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
        (date(2023, 11, 15), 3, date(2024, 2, 15)),  # across the year end
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 3, 31), -12, date(2023, 3, 31)),
        (date(2024, 1, 15), -1, date(2023, 12, 15)),
        (date(2024, 3, 31), -30, date(2021, 9, 30)),  # September has no 31st
    ],
)
def test_add_months(start: date, n: int, expected: date) -> None:
    assert add_months(start, n) == expected


def test_add_months_chains_from_the_actual_date() -> None:
    # Clamping loses the day: a clock restarted from 29 Feb runs to 29 Mar, not 31 Mar.
    assert add_months(add_months(date(2024, 1, 31), 1), 1) == date(2024, 3, 29)
    assert add_months(date(2024, 1, 31), 2) == date(2024, 3, 31)


def test_add_weeks_and_days_are_calendar_days() -> None:
    assert add_weeks(date(2024, 2, 26), 1) == date(2024, 3, 4)  # across 29 Feb
    assert add_weeks(date(2023, 2, 27), 1) == date(2023, 3, 6)
    assert add_days(date(2024, 2, 28), 1) == date(2024, 2, 29)
    assert add_days(date(2024, 3, 1), -1) == date(2024, 2, 29)


# --- Elapsed hours and ages ---------------------------------------------------------------


def test_add_elapsed_hours_across_the_spring_clock_change() -> None:
    # Clocks go forward at 01:00 GMT on 31 Mar 2024: 72 real hours after 12:00 GMT on 30 March
    # is 12:00 UTC on 2 April, which is 13:00 BST on the wall.
    due = add_elapsed_hours(datetime(2024, 3, 30, 12, 0, tzinfo=LONDON), 72)
    assert due.astimezone(UTC) == datetime(2024, 4, 2, 12, 0, tzinfo=UTC)
    assert (due.hour, due.tzname()) == (13, "BST")


def test_add_elapsed_hours_across_the_autumn_clock_change() -> None:
    # Clocks go back at 01:00 UTC on 27 Oct 2024: 12:00 BST is 11:00 UTC, so 72 hours later is
    # 11:00 GMT on 29 October.
    due = add_elapsed_hours(datetime(2024, 10, 26, 12, 0, tzinfo=LONDON), 72)
    assert due.astimezone(UTC) == datetime(2024, 10, 29, 11, 0, tzinfo=UTC)
    assert (due.hour, due.tzname()) == (11, "GMT")


def test_add_elapsed_hours_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError):
        add_elapsed_hours(datetime(2024, 3, 30, 12, 0), 72)


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2010, 6, 15), date(2015, 6, 14), 4),
        (date(2010, 6, 15), date(2015, 6, 15), 5),
        # A 29 February birthday falls on 28 February in a common year (as DateOffset does).
        (date(2008, 2, 29), date(2026, 2, 27), 17),
        (date(2008, 2, 29), date(2026, 2, 28), 18),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
    ],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        (date(2026, 1, 15), date(2026, 2, 14), 0),
        (date(2026, 1, 15), date(2026, 2, 15), 1),
        # The month is reached on the last day of a shorter month, as add_months clamps.
        (date(2026, 1, 31), date(2026, 2, 28), 1),
        (date(2024, 2, 29), date(2025, 2, 28), 12),
    ],
)
def test_age_in_months_on(born: date, on: date, months: int) -> None:
    assert age_in_months_on(born, on) == months
