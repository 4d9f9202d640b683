"""The DfE collection year: the one definition every return, action and form uses.

A collection year runs from 1 April to 31 March, both days included, and is named by the
31 March it ends on: ``2026`` is 1 April 2025 to 31 March 2026, labelled "2025-26" (the
SSDA903 and CIN census guides' own spelling, with a hyphen).
"""

from datetime import date

__all__ = [
    "collection_year",
    "collection_year_bounds",
    "collection_year_label",
    "collection_year_long_label",
    "latest_complete_year",
]


def collection_year(on: date) -> int:
    """The collection year ``on`` falls in (named by the 31 March it ends on)."""
    return on.year + 1 if on.month >= 4 else on.year


def collection_year_bounds(year: int) -> tuple[date, date]:
    """The first and last days (1 April, 31 March) of collection year ``year``."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def latest_complete_year(today: date) -> int:
    """The last collection year that has ended by ``today``."""
    return collection_year(today) - 1


def collection_year_label(year: int) -> str:
    """``2026`` -> ``"2025-26"``."""
    return f"{year - 1}-{year % 100:02d}"


def collection_year_long_label(year: int) -> str:
    """``2026`` -> ``"2025 to 2026 (year ending 31 March 2026)"``, for choosing a year in a form."""
    return f"{year - 1} to {year} (year ending 31 March {year})"
