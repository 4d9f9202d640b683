"""The days opencsc reports on: from the first day of its first collection year to today."""

import datetime as dt

import pytest

from opencsc.core.checks import FIRST_COLLECTION_YEAR, FIRST_REPORTING_DAY, check_reporting_date
from opencsc.core.errors import ActionError


def test_the_first_reporting_day_is_the_start_of_the_first_collection_year():
    assert FIRST_COLLECTION_YEAR == 2023
    assert dt.date(2022, 4, 1) == FIRST_REPORTING_DAY


# Each day is a function of the pinned today (the ``today`` fixture), so none is read at import.
@pytest.mark.parametrize(
    "day",
    [lambda today: FIRST_REPORTING_DAY, lambda today: dt.date(2024, 2, 29), lambda today: today],
    ids=["first", "leap", "today"],
)
def test_a_day_from_the_first_to_today_is_accepted(day, today):
    check_reporting_date(day(today), field="on", what="on date")


@pytest.mark.parametrize(
    "day",
    [
        lambda today: dt.date(1900, 1, 1),
        lambda today: dt.date(2022, 3, 31),
        lambda today: today + dt.timedelta(days=1),
        lambda today: dt.date(2099, 1, 1),
    ],
    ids=["1900", "day before first", "tomorrow", "2099"],
)
def test_a_day_outside_them_is_refused_naming_the_field_and_the_range(day, today):
    with pytest.raises(ActionError) as refused:
        check_reporting_date(day(today), field="as_of", what="date of the extract")
    assert refused.value.field == "as_of"
    assert refused.value.text == (
        "Date of the extract must be between 1 April 2022 and today, 30 November 2026."
    )


def test_a_missing_day_is_refused():
    with pytest.raises(ActionError, match="Enter the date of the extract"):
        check_reporting_date(None, field="as_of", what="date of the extract")
