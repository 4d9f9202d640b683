"""Which looked-after clock applies now: reviews, visits, health assessments, PEPs, pathway plans.

Expected dates are counted by hand on the England and Wales calendar (2026: Good Friday 3 April,
Easter Monday 6 April).
"""

import types
from datetime import date

import pytest

from opencsc.care.timescales import (
    next_cla_review,
    next_cla_visit,
    next_health_assessment,
    next_pathway_plan_review,
    next_pep,
    next_statutory_visit,
    special_visit_case,
)
from opencsc.casework.timescales import next_cin_visit, next_cp_visit
from opencsc.core import timescales as registry
from opencsc.core.timescales import CATALOGUE, load_clocks

BECAME_LOOKED_AFTER = date(2026, 3, 19)  # a Thursday, two weeks before Easter
# 20 March (1), 23-27 (2-6), 30 March-2 April (7-10), Easter, 7-10 April (11-14),
# 13-17 April (15-19), 20 April (20).
TWENTY_WORKING_DAYS_LATER = date(2026, 4, 20)


@pytest.fixture
def council_settings(monkeypatch: pytest.MonkeyPatch):
    """Stand in for Django settings with a council's OPENCSC_TIMESCALES overrides."""
    import django.conf

    def configure(**overrides: object) -> None:
        monkeypatch.setattr(
            django.conf, "settings", types.SimpleNamespace(OPENCSC_TIMESCALES=overrides)
        )

    return configure


# --- looked-after reviews (T10-T12) ---------------------------------------------------------


def test_first_review_is_20_working_days_after_becoming_looked_after_over_easter() -> None:
    assert (
        next_cla_review(became_looked_after=BECAME_LOOKED_AFTER, reviews_held=[])
        == TWENTY_WORKING_DAYS_LATER
    )


def test_second_review_is_3_months_after_the_first_clamped_to_the_month_end() -> None:
    assert next_cla_review(
        became_looked_after=date(2025, 11, 1), reviews_held=[date(2025, 11, 30)]
    ) == date(2026, 2, 28)


def test_third_and_later_reviews_are_6_months_after_the_latest() -> None:
    held = [date(2023, 8, 31), date(2023, 5, 31)]  # any order
    assert next_cla_review(became_looked_after=date(2023, 5, 1), reviews_held=held) == date(
        2024, 2, 29
    )


def test_a_new_period_starts_the_review_clock_again() -> None:
    earlier_period = [date(2025, 1, 10), date(2025, 4, 10), date(2025, 10, 10)]
    assert (
        next_cla_review(became_looked_after=BECAME_LOOKED_AFTER, reviews_held=earlier_period)
        == TWENTY_WORKING_DAYS_LATER
    )


# --- statutory visits (T13-T15, and T8/T9 through the dispatcher) --------------------------


def test_first_visit_is_a_week_after_the_placement_starts() -> None:
    assert next_cla_visit(
        placement_started_on=date(2026, 2, 22), last_visit=None, long_term_until_18=False
    ) == date(2026, 3, 1)


def test_a_visit_in_an_earlier_placement_does_not_count_for_a_new_one() -> None:
    assert next_cla_visit(
        placement_started_on=date(2026, 2, 22),
        last_visit=date(2026, 2, 20),
        long_term_until_18=True,
    ) == date(2026, 3, 1)


def test_visits_in_the_first_year_are_6_weeks_apart() -> None:
    assert next_cla_visit(
        placement_started_on=date(2026, 2, 22),
        last_visit=date(2026, 3, 1),
        long_term_until_18=True,
    ) == date(2026, 4, 12)


def test_after_the_first_year_a_long_term_placement_is_visited_3_monthly() -> None:
    # A placement from 29 February 2024: its first year is over on 28 February 2025.
    start = date(2024, 2, 29)
    kwargs = {"placement_started_on": start, "last_visit": date(2025, 2, 28)}
    assert next_cla_visit(**kwargs, long_term_until_18=True) == date(2025, 5, 28)
    assert next_cla_visit(**kwargs, long_term_until_18=False) == date(2025, 4, 11)


@pytest.mark.parametrize(
    ("place", "legal_status", "case"),
    [
        ("P1", "C1", "interim_care_order_with_parent"),
        ("P1", "C2", "care_order_with_parent"),
        ("P1", "V2", None),
        ("U6", "C2", None),
    ],
)
def test_special_visit_case_from_the_codes(place: str, legal_status: str, case: str | None) -> None:
    assert special_visit_case(place=place, legal_status=legal_status) == case


def test_child_on_an_interim_order_at_home_is_visited_weekly_until_the_first_review() -> None:
    kwargs = {
        "placement_started_on": date(2026, 1, 5),
        "long_term_until_18": False,
        "special_case": "interim_care_order_with_parent",
    }
    assert next_cla_visit(**kwargs, last_visit=None) == date(2026, 1, 12)
    assert next_cla_visit(**kwargs, last_visit=date(2026, 1, 12)) == date(2026, 1, 19)
    after_review = {"last_visit": date(2026, 2, 2), "first_review": date(2026, 2, 2)}
    assert next_cla_visit(**kwargs, **after_review) == date(2026, 3, 2)


def test_child_on_a_care_order_at_home_is_visited_6_weekly_after_the_first_week() -> None:
    kwargs = {
        "placement_started_on": date(2026, 1, 5),
        "long_term_until_18": False,
        "special_case": "care_order_with_parent",
    }
    assert next_cla_visit(**kwargs, last_visit=None) == date(2026, 1, 12)
    assert next_cla_visit(**kwargs, last_visit=date(2026, 1, 12)) == date(2026, 2, 23)


def test_next_statutory_visit_applies_the_clock_of_the_status() -> None:
    since, last = date(2026, 5, 22), date(2026, 6, 1)
    assert next_statutory_visit(status="cp", since=since, last_visit=last) == next_cp_visit(
        plan_started_on=since, last_visit=last
    )
    assert next_statutory_visit(status="cin", since=since, last_visit=last) == next_cin_visit(
        plan_started_on=since, last_visit=last
    )
    assert next_statutory_visit(status="cla", since=since, last_visit=last) == date(2026, 7, 13)
    with pytest.raises(ValueError, match="no statutory visit clock"):
        next_statutory_visit(status="early_help", since=since, last_visit=last)  # type: ignore[arg-type]


# --- health (T17, T18), PEP (T20), pathway plans (T21) ---------------------------------------


def test_initial_health_assessment_is_due_20_working_days_after_becoming_looked_after() -> None:
    assert (
        next_health_assessment(
            became_looked_after=BECAME_LOOKED_AFTER,
            date_of_birth=date(2022, 6, 1),
            assessments_done=[],
        )
        == TWENTY_WORKING_DAYS_LATER
    )


def test_an_assessment_in_the_3_months_before_care_stands_for_the_initial_one() -> None:
    kwargs = {"became_looked_after": BECAME_LOOKED_AFTER, "date_of_birth": date(2022, 6, 1)}
    # 3 months before 19 March is 19 December: an assessment then counts, the day before not.
    assert next_health_assessment(**kwargs, assessments_done=[date(2025, 12, 19)]) == date(
        2026, 6, 19
    )
    assert (
        next_health_assessment(**kwargs, assessments_done=[date(2025, 12, 18)])
        == TWENTY_WORKING_DAYS_LATER
    )


def test_review_health_assessments_are_6_monthly_under_5_and_yearly_from_5() -> None:
    # Born 29 February 2020: the fifth birthday is 28 February 2025.
    kwargs = {"became_looked_after": date(2024, 1, 8), "date_of_birth": date(2020, 2, 29)}
    assert next_health_assessment(**kwargs, assessments_done=[date(2025, 2, 27)]) == date(
        2025, 8, 27
    )
    assert next_health_assessment(**kwargs, assessments_done=[date(2025, 2, 28)]) == date(
        2026, 2, 28
    )


def test_pep_is_due_for_the_first_review_then_termly(council_settings) -> None:
    assert next_pep(became_looked_after=BECAME_LOOKED_AFTER, peps_held=[]) == (
        TWENTY_WORKING_DAYS_LATER
    )
    assert next_pep(became_looked_after=date(2025, 9, 1), peps_held=[date(2025, 10, 31)]) == date(
        2026, 2, 28
    )
    council_settings(**{"T20-review": 3})
    assert next_pep(became_looked_after=date(2025, 9, 1), peps_held=[date(2025, 10, 31)]) == date(
        2026, 1, 31
    )


def test_pathway_plan_review_is_6_months_after_the_latest_plan() -> None:
    assert next_pathway_plan_review(plans_held=[]) is None
    assert next_pathway_plan_review(plans_held=[date(2025, 8, 31), date(2025, 2, 1)]) == date(
        2026, 2, 28
    )


# --- the registry ------------------------------------------------------------------------


def test_every_clock_is_registered_with_the_rules_it_applies() -> None:
    clocks = {c.name: c for c in load_clocks()}
    assert clocks["next_cla_review"].codes == ("T10", "T11", "T12")
    assert {"next_cp_review", "next_statutory_visit", "next_health_assessment"} <= set(clocks)
    for entry in clocks.values():
        assert all(code in CATALOGUE for code in entry.codes), entry.name
        assert entry.doc, entry.name


def test_the_clock_decorator_refuses_bad_registrations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "CLOCKS", {})
    with pytest.raises(ValueError, match="title and the codes"):
        registry.clock(title="Next thing", codes=())

    def undocumented() -> None:
        pass

    with pytest.raises(ValueError, match="docstring"):
        registry.clock(title="Next thing", codes=("T10",))(undocumented)

    def documented() -> None:
        """Cites T99."""

    registry.clock(title="Next thing", codes=("T99",))(documented)
    with pytest.raises(ValueError, match=r"unregistered timescales \['T99'\]"):
        registry.load_clocks()
