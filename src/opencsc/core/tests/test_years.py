import datetime as dt

import pytest

from opencsc.core.years import (
    collection_year,
    collection_year_bounds,
    collection_year_label,
    collection_year_long_label,
    latest_complete_year,
)


@pytest.mark.parametrize(
    ("on", "year"),
    [
        (dt.date(2025, 3, 31), 2025),
        (dt.date(2025, 4, 1), 2026),
        (dt.date(2026, 1, 1), 2026),
        (dt.date(2026, 3, 31), 2026),
    ],
)
def test_a_date_belongs_to_the_year_ending_the_next_31_march(on, year):
    assert collection_year(on) == year
    start, end = collection_year_bounds(year)
    assert start <= on <= end


def test_a_year_runs_from_1_april_to_31_march():
    assert collection_year_bounds(2026) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))


def test_the_latest_complete_year_is_the_one_before_today():
    assert latest_complete_year(dt.date(2026, 3, 31)) == 2025
    assert latest_complete_year(dt.date(2026, 4, 1)) == 2026


def test_labels_name_both_calendar_years():
    assert collection_year_label(2026) == "2025-26"
    assert collection_year_label(2000) == "1999-00"
    assert collection_year_long_label(2026) == "2025 to 2026 (year ending 31 March 2026)"
