"""The England and Wales working-day calendar that every statutory timescale uses.

A *working day* is Monday to Friday, excluding England and Wales bank holidays (substitute days
and one-off days such as the 2022 state funeral included). The bank holidays come from the
``holidays`` package, which ships its data, so nothing here ever touches the network. England
and Wales share one list; Scotland and Northern Ireland differ and are not supported.

Conventions (one set for the whole code base):

- **Working days exclude the starting day.** ``add_working_days(d, n)`` is the n-th working day
  *after* ``d``; ``working_days_between(start, end)`` counts the working days after ``start`` up
  to and including ``end``. This is how "within 20 working days of the date on which C becomes
  looked after" (CPPCR 2010 reg 33(1)) and "15 working days after the strategy discussion"
  (SSD ICPC004A) read: the day of the event is day 0. The DfE CIN validator counts one day
  fewer: its ``england_working_days(n)`` is ``CustomBusinessDay(n - 1)`` "so that it includes
  the end date" (VCIN:``cin_validator/utils.py``), so its queries 8670Q (45 WD) and 8675Q
  (15 WD) fire on the day our due date falls. Those are "please check" queries, not errors;
  our due dates follow the regulations' wording.
- **Months are calendar months, clamped to the month end**: 31 January + 1 month is 28 (or 29)
  February. This matches pandas ``DateOffset(months=n)``, which the DfE validators use.
- **Birthdays of 29 February fall on 28 February in common years**, for the same reason
  (``DateOffset(years=n)``); see ``age_on``.
- Statutory facts are dates, not datetimes; the only elapsed-time rules (the 24- and 72-hour
  ones) use ``add_elapsed_hours`` on timezone-aware datetimes.

Speed matters (the synthetic council generator calls these millions of times), so the working
days of 2005-2040 are precomputed once into lookup tables; dates outside that range still work,
one day at a time.
"""

from datetime import UTC, date, datetime, timedelta
from functools import cache

import holidays

__all__ = [
    "add_days",
    "add_elapsed_hours",
    "add_months",
    "add_weeks",
    "add_working_days",
    "age_in_months_on",
    "age_on",
    "is_bank_holiday",
    "is_working_day",
    "live_between",
    "open_on",
    "working_days_between",
]

# The fast tables cover children born in 2005 to plans reviewed in 2040.
_TABLE_FIRST = date(2005, 1, 1)
_TABLE_LAST = date(2040, 12, 31)


def _england_and_wales_bank_holidays(years: range) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=years).keys())


_BANK_HOLIDAYS: frozenset[date] = _england_and_wales_bank_holidays(
    range(_TABLE_FIRST.year, _TABLE_LAST.year + 1)
)


@cache
def _bank_holidays_in(year: int) -> frozenset[date]:
    # Only reached for years outside the precomputed range.
    return _england_and_wales_bank_holidays(range(year, year + 1))


def is_bank_holiday(d: date) -> bool:
    """True if ``d`` is an England and Wales bank holiday (including substitute days).

    ``d`` must be a ``date``: a ``datetime`` never compares equal to a date, so it would silently
    never be a holiday.
    """
    if isinstance(d, datetime):
        raise TypeError("is_bank_holiday() takes a date, not a datetime")
    if _TABLE_FIRST <= d <= _TABLE_LAST:
        return d in _BANK_HOLIDAYS
    return d in _bank_holidays_in(d.year)


def is_working_day(d: date) -> bool:
    """True if ``d`` is Monday to Friday and not an England and Wales bank holiday."""
    return d.weekday() < 5 and not is_bank_holiday(d)


def _build_tables() -> tuple[list[int], list[int]]:
    """Return (working-day ordinals in order, count of working days on or before each day)."""
    working: list[int] = []
    count_to: list[int] = []
    day = _TABLE_FIRST
    while day <= _TABLE_LAST:
        if is_working_day(day):
            working.append(day.toordinal())
        count_to.append(len(working))
        day += timedelta(days=1)
    return working, count_to


_FIRST_ORDINAL = _TABLE_FIRST.toordinal()
_LAST_ORDINAL = _TABLE_LAST.toordinal()
# _WORKING[k] is the ordinal of the (k+1)-th working day in the table;
# _COUNT_TO[i] is how many working days fall on or before _TABLE_FIRST + i days.
_WORKING, _COUNT_TO = _build_tables()


def add_working_days(d: date, n: int) -> date:
    """Return the n-th working day after ``d`` (``d`` itself is not counted).

    For n >= 1 the result is always a working day, whatever day ``d`` is: one working day after
    a Friday is the Monday (or the Tuesday after a bank holiday Monday), and one working day after
    a Saturday is also that Monday. ``add_working_days(d, 0)`` returns ``d`` unchanged.

    Raises ValueError for negative n: nothing statutory counts working days backwards.
    """
    if n < 0:
        raise ValueError(f"n must be zero or more, not {n}")
    if n == 0:
        return d
    ordinal = d.toordinal()
    if _FIRST_ORDINAL <= ordinal <= _LAST_ORDINAL:
        # _COUNT_TO counts working days on or before d, so _WORKING[that count] is the first
        # working day after d, and the n-th is n - 1 places further on.
        k = _COUNT_TO[ordinal - _FIRST_ORDINAL] + n - 1
        if k < len(_WORKING):
            return date.fromordinal(_WORKING[k])
    day = date.fromordinal(ordinal)
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Count the working days after ``start`` up to and including ``end``.

    The inverse of ``add_working_days``: ``working_days_between(d, add_working_days(d, n)) == n``
    for any n >= 1. Same day gives 0; when ``end`` is before ``start`` the count is negative
    (``-working_days_between(end, start)``), so "working days overdue" can be read off directly.
    """
    if end < start:
        return -working_days_between(end, start)
    s, e = start.toordinal(), end.toordinal()
    if s >= _FIRST_ORDINAL and e <= _LAST_ORDINAL:
        return _COUNT_TO[e - _FIRST_ORDINAL] - _COUNT_TO[s - _FIRST_ORDINAL]
    count = 0
    day = date.fromordinal(s)
    last = date.fromordinal(e)
    while day < last:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def add_months(d: date, n: int) -> date:
    """Return the same day of the month n calendar months later (n may be negative).

    When that month is shorter the result is clamped to its last day: 31 January + 1 month is
    28 February (29 in a leap year), 31 August + 6 months is 28/29 February, 30 November +
    3 months is 28/29 February. Regulations that say "three months" or "six months" mean
    calendar months.
    """
    month_index = d.month - 1 + n
    year = d.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(d.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def add_weeks(d: date, n: int) -> date:
    """Return ``d`` plus n weeks (7n calendar days): "within one week" of a Monday is the Monday."""
    return d + timedelta(weeks=n)


def add_days(d: date, n: int) -> date:
    """Return ``d`` plus n calendar days (n may be negative)."""
    return d + timedelta(days=n)


def add_elapsed_hours(moment: datetime, hours: int) -> datetime:
    """Return the moment ``hours`` hours of real time after ``moment``, in ``moment``'s timezone.

    Python's ``aware + timedelta`` is wall-clock arithmetic, so across a clock change it would be
    an hour out; this adds in UTC instead. ``moment`` must be timezone-aware.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("add_elapsed_hours() needs a timezone-aware datetime")
    return (moment.astimezone(UTC) + timedelta(hours=hours)).astimezone(moment.tzinfo)


def age_on(date_of_birth: date, on: date) -> int:
    """Return a person's age in whole years on the date ``on``.

    The n-th birthday is ``add_months(date_of_birth, 12 * n)``, so someone born on 29 February
    turns a year older on 28 February in a common year, as the DfE validators' ``DateOffset``
    arithmetic has it.
    """
    return age_in_months_on(date_of_birth, on) // 12


def age_in_months_on(date_of_birth: date, on: date) -> int:
    """Return a person's age in whole months on the date ``on``, on the same rule as
    ``age_on``: the n-th month is reached on ``add_months(date_of_birth, n)``, so a child born
    on 31 January is one month old on 28 February."""
    months = (on.year - date_of_birth.year) * 12 + on.month - date_of_birth.month
    if add_months(date_of_birth, months) > on:
        months -= 1
    return months


def open_on(started: date, ended: date | None, on: date) -> bool:
    """A span from ``started`` to ``ended`` (None: not ended) is open on ``on``: begun by then,
    and not ended on or before it (``core.models.Span`` is the same rule for records)."""
    return started <= on and (ended is None or ended > on)


def live_between(started: date, ended: date | None, first: date, last: date) -> bool:
    """A span from ``started`` to ``ended`` (None: not ended) was live on some day from
    ``first`` to ``last``, both included: it began by ``last`` and had not ended before
    ``first``. Unlike "open on a date", the end day itself counts: a period of care that ended
    on 1 April is in the collection year that 1 April begins (its DEC is that year's)."""
    return started <= last and (ended is None or ended >= first)
