"""Which help-and-protection clock applies now: the next CP review and the next CP or CIN visit.

Expected dates are counted by hand on the England and Wales calendar (2026: Good Friday 3 April,
Easter Monday 6 April, bank holidays 4 and 25 May).
"""

import types
from datetime import date

import pytest

from opencsc.casework.timescales import next_cin_visit, next_cp_review, next_cp_visit


@pytest.fixture
def council_settings(monkeypatch: pytest.MonkeyPatch):
    """Stand in for Django settings with a council's OPENCSC_TIMESCALES overrides."""
    import django.conf

    def configure(**overrides: object) -> None:
        monkeypatch.setattr(
            django.conf, "settings", types.SimpleNamespace(OPENCSC_TIMESCALES=overrides)
        )

    return configure


def test_first_cp_review_is_3_months_after_the_icpc_clamped_to_the_month_end() -> None:
    assert next_cp_review(icpc_on=date(2025, 11, 30), reviews_held=[]) == date(2026, 2, 28)


def test_later_cp_reviews_are_6_months_after_the_latest_review() -> None:
    reviews = [date(2026, 2, 20), date(2023, 8, 31)]
    assert next_cp_review(icpc_on=date(2025, 11, 30), reviews_held=reviews) == date(2026, 8, 20)
    # 31 August + 6 months in a leap year is 29 February.
    assert next_cp_review(icpc_on=date(2023, 6, 1), reviews_held=[date(2023, 8, 31)]) == date(
        2024, 2, 29
    )


def test_reviews_of_an_earlier_plan_do_not_count() -> None:
    earlier_plan = [date(2024, 3, 1), date(2024, 9, 1)]
    assert next_cp_review(icpc_on=date(2025, 11, 30), reviews_held=earlier_plan) == date(
        2026, 2, 28
    )


def test_pre_birth_plan_first_review_is_10_working_days_after_the_birth_when_sooner() -> None:
    # Born Thursday 19 March 2026: 20, 23-27, 30, 31 March, 1 and 2 April are the 10 WD.
    assert next_cp_review(
        icpc_on=date(2026, 1, 5), reviews_held=[], born_on=date(2026, 3, 19)
    ) == date(2026, 4, 2)
    # Born 1 April: Easter takes 3 and 6 April, so 10 WD is 17 April, after the T5 date.
    assert next_cp_review(
        icpc_on=date(2026, 1, 5), reviews_held=[], born_on=date(2026, 4, 1)
    ) == date(2026, 4, 5)


def test_cp_visit_before_the_first_counts_from_the_plan_start_over_a_bank_holiday() -> None:
    # Plan from Friday 22 May 2026; Monday 25 May is a bank holiday: 26-29 May, 1-5 June, 8 June.
    assert next_cp_visit(plan_started_on=date(2026, 5, 22), last_visit=None) == date(2026, 6, 8)
    before_the_plan = date(2026, 5, 1)
    assert next_cp_visit(plan_started_on=date(2026, 5, 22), last_visit=before_the_plan) == date(
        2026, 6, 8
    )


def test_cp_visit_counts_from_the_last_visit() -> None:
    assert next_cp_visit(plan_started_on=date(2026, 5, 22), last_visit=date(2026, 6, 1)) == date(
        2026, 6, 15
    )


def test_cin_visit_is_4_weeks_after_the_plan_start_or_last_visit(council_settings) -> None:
    assert next_cin_visit(plan_started_on=date(2026, 1, 31), last_visit=None) == date(2026, 2, 28)
    assert next_cin_visit(plan_started_on=date(2026, 1, 31), last_visit=date(2026, 2, 20)) == date(
        2026, 3, 20
    )
    council_settings(T9=6)
    assert next_cin_visit(plan_started_on=date(2026, 1, 31), last_visit=None) == date(2026, 3, 14)
