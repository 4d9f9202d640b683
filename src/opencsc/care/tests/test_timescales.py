"""Children in care, care leaver and adoption timescales.

Expected dates are worked out by hand; the comments show the counting for the tricky ones.
"""

import inspect
import types
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from opencsc.care import timescales as care
from opencsc.care.timescales import (
    A1_THRESHOLD_DAYS,
    A1_THRESHOLD_MONTHS,
    A2_THRESHOLD_DAYS,
    A2_THRESHOLD_MONTHS,
    a1_days,
    a2_days,
    a3_within_14_months,
    a10_days,
    first_cla_review_due,
    first_placement_visit_due,
    initial_health_assessment_due,
    living_with_same_carer_two_years,
    long_term_stability_cohort,
    looked_after_continuously_12_months,
    missing_episode_open_until,
    next_cla_review_due,
    next_pathway_plan_review_due,
    next_pep_review_due,
    next_statutory_visit_due,
    oc3_window,
    pep_due,
    return_interview_due,
    review_health_assessment_due,
    second_cla_review_due,
    short_breaks_modifications_apply,
    special_case_visit_due,
    three_or_more_placements,
    workforce_census_date,
)
from opencsc.core.timescales import CATALOGUE, load_clocks

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def council_settings(monkeypatch: pytest.MonkeyPatch):
    """Stand in for Django settings with a council's OPENCSC_TIMESCALES overrides."""
    import django.conf

    def configure(**overrides: object) -> None:
        monkeypatch.setattr(
            django.conf, "settings", types.SimpleNamespace(OPENCSC_TIMESCALES=overrides)
        )

    return configure


# --- T10-T12 looked-after reviews ---------------------------------------------------------


@pytest.mark.parametrize(
    ("became_looked_after", "due"),
    [
        # Fri 1 Dec 2023: 4-22 Dec (15), Christmas and Boxing Day, 27-29 Dec (18), New Year's
        # Day, 2-3 Jan (20).
        (date(2023, 12, 1), date(2024, 1, 3)),
        # Sat 9 Mar 2024 (the start is day 0 even at a weekend): 11-28 Mar (14), Easter,
        # 2-5 Apr (18), 8-9 Apr (20).
        (date(2024, 3, 9), date(2024, 4, 9)),
    ],
)
def test_first_review_is_due_20_working_days_after_becoming_looked_after(
    became_looked_after: date, due: date
) -> None:
    assert first_cla_review_due(became_looked_after) == due


@pytest.mark.parametrize(
    ("first", "due"),
    [
        (date(2023, 11, 30), date(2024, 2, 29)),  # leap year
        (date(2024, 11, 30), date(2025, 2, 28)),  # common year
        (date(2024, 1, 31), date(2024, 4, 30)),
    ],
)
def test_second_review_is_due_3_months_after_the_first(first: date, due: date) -> None:
    assert second_cla_review_due(first) == due


@pytest.mark.parametrize(
    ("previous", "due"),
    [
        (date(2023, 8, 31), date(2024, 2, 29)),
        (date(2024, 8, 31), date(2025, 2, 28)),
        (date(2024, 2, 29), date(2024, 8, 29)),
    ],
)
def test_later_reviews_are_due_6_months_after_the_last(previous: date, due: date) -> None:
    assert next_cla_review_due(previous) == due


# --- T13-T16 statutory visits -------------------------------------------------------------


def test_first_visit_is_due_a_calendar_week_after_the_placement_starts() -> None:
    assert first_placement_visit_due(date(2024, 2, 26)) == date(2024, 3, 4)  # across 29 Feb
    # Calendar weeks, not working days: the due date may be a bank holiday.
    assert first_placement_visit_due(date(2023, 12, 25)) == date(2024, 1, 1)


@pytest.mark.parametrize(
    ("last_visit", "long_term", "due"),
    [
        # Placement started 15 Mar 2023; its first year ends on the anniversary, 15 Mar 2024.
        (date(2024, 3, 14), True, date(2024, 4, 25)),  # last day of year one: 6 weeks
        (date(2024, 3, 15), True, date(2024, 6, 15)),  # anniversary, long-term: 3 months
        (date(2024, 3, 15), False, date(2024, 4, 26)),  # not long-term: always 6 weeks
        (date(2023, 6, 1), True, date(2023, 7, 13)),
    ],
)
def test_visits_after_the_first(last_visit: date, long_term: bool, due: date) -> None:
    assert (
        next_statutory_visit_due(
            last_visit=last_visit, placement_start=date(2023, 3, 15), long_term_until_18=long_term
        )
        == due
    )


def test_first_year_of_a_placement_starting_on_29_february() -> None:
    # The first anniversary of 29 Feb 2020 is 28 Feb 2021.
    start = date(2020, 2, 29)
    assert next_statutory_visit_due(
        last_visit=date(2021, 2, 27), placement_start=start, long_term_until_18=True
    ) == date(2021, 4, 10)  # 27 Feb + 42 days: 28 Feb is +1, 29 Mar +30, 10 Apr +42
    assert next_statutory_visit_due(
        last_visit=date(2021, 2, 28), placement_start=start, long_term_until_18=True
    ) == date(2021, 5, 28)


def test_special_cases_are_weekly_until_the_first_review() -> None:
    start = date(2024, 1, 10)
    review = date(2024, 2, 7)
    kind = "placed_with_parent_before_assessment"
    due = special_case_visit_due(kind=kind, start=start, last_visit=None, first_review=None)
    assert due == date(2024, 1, 17)
    due = special_case_visit_due(
        kind=kind, start=start, last_visit=date(2024, 1, 17), first_review=None
    )
    assert due == date(2024, 1, 24)
    # The review is fixed for 7 Feb but the last visit was the day before: still weekly.
    due = special_case_visit_due(
        kind=kind, start=start, last_visit=date(2024, 2, 6), first_review=review
    )
    assert due == date(2024, 2, 13)


@pytest.mark.parametrize(
    ("kind", "due"),
    [
        # Last visit on the day of the first review, 7 Feb 2024; February has 29 days.
        ("placed_with_parent_before_assessment", date(2024, 3, 20)),  # 6 weeks
        ("connected_person_temporary_approval", date(2024, 3, 6)),  # 4 weeks
        ("interim_care_order_with_parent", date(2024, 3, 6)),  # 4 weeks
        ("care_order_with_parent", date(2024, 3, 20)),  # 6 weeks
    ],
)
def test_special_cases_after_the_first_review(kind: str, due: date) -> None:
    assert (
        special_case_visit_due(
            kind=kind,  # type: ignore[arg-type]
            start=date(2024, 1, 10),
            last_visit=date(2024, 2, 7),
            first_review=date(2024, 2, 7),
        )
        == due
    )


def test_care_order_with_parent_has_no_weekly_phase() -> None:
    # Within a week of the order, then 6-weekly even before any review.
    assert special_case_visit_due(
        kind="care_order_with_parent", start=date(2024, 1, 10), last_visit=None, first_review=None
    ) == date(2024, 1, 17)
    assert special_case_visit_due(
        kind="care_order_with_parent",
        start=date(2024, 1, 10),
        last_visit=date(2024, 1, 17),
        first_review=None,
    ) == date(2024, 2, 28)


def test_unknown_special_case_is_refused() -> None:
    with pytest.raises(ValueError):
        special_case_visit_due(
            kind="respite",  # type: ignore[arg-type]
            start=date(2024, 1, 10),
            last_visit=None,
            first_review=None,
        )


@pytest.mark.parametrize(
    ("longest", "total", "applies"),
    [(17, 75, True), (18, 20, False), (10, 76, False), (1, 1, True)],
)
def test_short_breaks_limits(longest: int, total: int, applies: bool) -> None:
    assert (
        short_breaks_modifications_apply(
            longest_placement_days=longest, total_days_in_12_months=total
        )
        is applies
    )


# --- T17-T19 health -----------------------------------------------------------------------


def test_initial_health_assessment_is_due_20_working_days_after_becoming_looked_after() -> None:
    # Fri 27 May 2022: 30 May was NOT a holiday that year (moved to 2 June). 30 May-1 Jun (3),
    # jubilee 2-3 Jun, 6-24 Jun (18), 27-28 Jun (20).
    assert initial_health_assessment_due(date(2022, 5, 27)) == date(2022, 6, 28)


@pytest.mark.parametrize(
    ("born", "last", "due"),
    [
        # Fifth birthday 15 Jun 2024. The day before it the child is 4: 6 months.
        (date(2019, 6, 15), date(2024, 6, 14), date(2024, 12, 14)),
        # On the fifth birthday: 12 months.
        (date(2019, 6, 15), date(2024, 6, 15), date(2025, 6, 15)),
        # Assessed at 4 years 10 months: due at 5 years 4 months (the age at the last one sets
        # the interval), not at 5 years 10 months.
        (date(2019, 6, 15), date(2024, 4, 15), date(2024, 10, 15)),
        (date(2020, 1, 1), date(2023, 8, 31), date(2024, 2, 29)),  # 31 Aug + 6 months
        # Born 29 Feb 2020: fifth birthday 28 Feb 2025.
        (date(2020, 2, 29), date(2025, 2, 27), date(2025, 8, 27)),
        (date(2020, 2, 29), date(2025, 2, 28), date(2026, 2, 28)),
    ],
)
def test_review_health_assessment(born: date, last: date, due: date) -> None:
    assert review_health_assessment_due(last_assessment=last, date_of_birth=born) == due


@pytest.mark.parametrize(
    ("start", "end", "in_cohort"),
    [
        (date(2023, 4, 1), None, True),  # from the first day of the collection year
        (date(2023, 4, 2), None, False),  # one day short
        (date(2020, 1, 1), date(2024, 3, 30), False),  # ceased before 31 March: a leaver
        (date(2020, 1, 1), date(2024, 3, 31), True),  # ceased on 31 March: still counted
        (date(2020, 1, 1), date(2024, 4, 1), True),  # ceased after the year end
    ],
)
def test_oc2_cohort_looked_after_continuously_12_months(
    start: date, end: date | None, in_cohort: bool
) -> None:
    assert (
        looked_after_continuously_12_months(start, date(2024, 3, 31), period_end=end) is in_cohort
    )


# --- T20, T21 education and pathway plans -------------------------------------------------


def test_pep_is_due_20_working_days_after_becoming_looked_after() -> None:
    assert pep_due(date(2023, 12, 1)) == date(2024, 1, 3)  # same counting as the first review


def test_pep_review_is_due_4_months_after_the_last_and_configurable(council_settings) -> None:
    assert next_pep_review_due(date(2023, 10, 31)) == date(2024, 2, 29)
    council_settings(**{"T20-review": 3})
    assert next_pep_review_due(date(2023, 10, 31)) == date(2024, 1, 31)


def test_pathway_plan_review_is_due_6_months_after_the_last() -> None:
    assert next_pathway_plan_review_due(date(2023, 8, 31)) == date(2024, 2, 29)


# --- T22 OC3 window -----------------------------------------------------------------------


def test_oc3_window_is_3_months_before_to_1_month_after_the_birthday() -> None:
    # 31 May - 3 months clamps to 29 Feb 2024; + 1 month clamps to 30 June.
    assert oc3_window(date(2024, 5, 31)) == (date(2024, 2, 29), date(2024, 6, 30))


def test_oc3_window_is_configurable(council_settings) -> None:
    council_settings(T22=(2, 2))
    assert oc3_window(date(2024, 5, 31)) == (date(2024, 3, 31), date(2024, 7, 31))


# --- T24, T25 missing from care -----------------------------------------------------------


def test_return_interview_is_due_72_real_hours_after_return_across_the_spring_change() -> None:
    # Back at 12:00 GMT on Sat 30 Mar 2024; clocks go forward on 31 March, so 72 hours later is
    # 12:00 UTC = 13:00 BST on 2 April (not 12:00 BST, which would be only 71 hours).
    due = return_interview_due(datetime(2024, 3, 30, 12, 0, tzinfo=LONDON))
    assert due.astimezone(UTC) == datetime(2024, 4, 2, 12, 0, tzinfo=UTC)
    assert due == datetime(2024, 4, 2, 13, 0, tzinfo=LONDON)


def test_return_interview_across_the_autumn_change() -> None:
    # 12:00 BST on 26 Oct 2024 is 11:00 UTC; clocks go back on 27 October: 11:00 GMT on 29th.
    due = return_interview_due(datetime(2024, 10, 26, 12, 0, tzinfo=LONDON))
    assert due == datetime(2024, 10, 29, 11, 0, tzinfo=LONDON)


def test_return_interview_needs_an_aware_datetime() -> None:
    with pytest.raises(ValueError):
        return_interview_due(datetime(2024, 3, 30, 12, 0))


def test_missing_episode_stays_open_until_the_18th_birthday() -> None:
    assert missing_episode_open_until(date(2010, 6, 15)) == date(2028, 6, 15)
    assert missing_episode_open_until(date(2008, 2, 29)) == date(2026, 2, 28)  # common year


# --- T26-T29 adoption scorecard -----------------------------------------------------------


def test_a1_days() -> None:
    # 1 Jan 2022 to 1 Jan 2023 is 365 days, to 1 Mar 2023 another 31 + 28.
    assert a1_days(date(2022, 1, 1), date(2023, 3, 1)) == 424
    with pytest.raises(ValueError):
        a1_days(date(2023, 3, 1), date(2022, 1, 1))


def test_a2_days_is_zero_when_matched_before_the_order() -> None:
    # June 30 + July 31 + August 31 + September 30.
    assert a2_days(date(2023, 6, 1), date(2023, 10, 1)) == 122
    assert a2_days(date(2023, 6, 1), date(2023, 5, 20)) == 0
    assert a2_days(date(2023, 6, 1), date(2023, 6, 1)) == 0


def test_a10_days_counts_to_the_foster_placement_for_foster_carer_adoptions() -> None:
    assert a10_days(date(2022, 1, 1), date(2023, 3, 1)) == 424
    assert a10_days(
        date(2022, 1, 1), date(2023, 3, 1), foster_placement_start=date(2022, 2, 1)
    ) == (31)


@pytest.mark.parametrize(
    ("entered", "moved_in", "within"),
    [
        (date(2023, 1, 1), date(2024, 2, 29), True),
        (date(2023, 1, 1), date(2024, 3, 1), False),  # exactly 14 months is not "less than"
        # 31 Dec 2022 + 14 months clamps to 29 Feb 2024.
        (date(2022, 12, 31), date(2024, 2, 28), True),
        (date(2022, 12, 31), date(2024, 2, 29), False),
    ],
)
def test_a3_less_than_14_months(entered: date, moved_in: date, within: bool) -> None:
    assert a3_within_14_months(entered, moved_in) is within


def test_adoption_thresholds_follow_dfes_months_to_days_pattern() -> None:
    # DfE's earlier thresholds were months x 30.44 rounded down (21 m -> 639, 7 m -> 213); the
    # final 426 and 121 day values are that pattern applied to 14 and 4 months (UNVERIFIED).
    assert int(21 * 30.44) == 639
    assert int(7 * 30.44) == 213
    assert int(A1_THRESHOLD_MONTHS * 30.44) == A1_THRESHOLD_DAYS == 426
    assert int(A2_THRESHOLD_MONTHS * 30.44) == A2_THRESHOLD_DAYS == 121


# --- T35 placement stability --------------------------------------------------------------

YEAR_START, YEAR_END = date(2023, 4, 1), date(2024, 3, 31)


def test_three_or_more_placements_counts_those_open_during_the_year() -> None:
    two_in_year = [(date(2023, 1, 1), date(2023, 3, 31)), (date(2023, 4, 1), date(2023, 9, 1))]
    # The first ended the day before the year began, so only two count...
    assert not three_or_more_placements(
        [*two_in_year, (date(2023, 9, 1), None)], year_start=YEAR_START, year_end=YEAR_END
    )
    # ...but one ending on the first day of the year counts.
    assert three_or_more_placements(
        [(date(2023, 1, 1), date(2023, 4, 1)), *two_in_year[1:], (date(2023, 9, 1), None)],
        year_start=YEAR_START,
        year_end=YEAR_END,
    )
    # A placement starting after the year end does not count.
    assert not three_or_more_placements(
        [*two_in_year[1:], (date(2023, 9, 1), date(2024, 4, 1)), (date(2024, 4, 1), None)],
        year_start=YEAR_START,
        year_end=YEAR_END,
    )


@pytest.mark.parametrize(
    ("born", "since", "in_cohort"),
    [
        # Aged 15 at 31 Mar 2024 (16 the next day); in care since 1 Oct 2021: 31 Mar 2024 - 30
        # months is 30 Sep 2021 (September has no 31st), and both end days count.
        (date(2008, 4, 1), date(2021, 10, 1), True),
        (date(2008, 4, 1), date(2021, 10, 2), False),
        (date(2008, 3, 31), date(2015, 1, 1), False),  # 16 on 31 March: too old
    ],
)
def test_long_term_stability_cohort(born: date, since: date, in_cohort: bool) -> None:
    assert (
        long_term_stability_cohort(date_of_birth=born, looked_after_since=since, year_end=YEAR_END)
        is in_cohort
    )


def test_living_with_the_same_carer_for_two_years() -> None:
    assert living_with_same_carer_two_years(same_carer_since=date(2022, 4, 1), year_end=YEAR_END)
    assert not living_with_same_carer_two_years(
        same_carer_since=date(2022, 4, 2), year_end=YEAR_END
    )


# --- T36 workforce ------------------------------------------------------------------------


def test_workforce_census_is_30_september() -> None:
    assert workforce_census_date(2025) == date(2025, 9, 30)


# --- The catalogue ------------------------------------------------------------------------


def test_every_care_timescale_is_registered_with_its_source() -> None:
    registered = {entry.function: entry for entry in CATALOGUE.values()}
    # Clocks are registered in CLOCKS; special_visit_case reads codes for the visit clock.
    not_rules = {entry.function for entry in load_clocks()} | {care.special_visit_case}
    functions = [
        f
        for name, f in inspect.getmembers(care, inspect.isfunction)
        if f.__module__ == care.__name__ and not name.startswith("_") and f not in not_rules
    ]
    # And the other way round: every catalogue entry from this module is one of its functions.
    from_module = [e for e in CATALOGUE.values() if e.function.__module__ == care.__name__]
    assert len(from_module) == len(functions) == 24
    for function in functions:
        entry = registered.get(function)
        assert entry is not None, f"{function.__name__} is not registered"
        assert entry.doc.strip(), entry.code
        assert entry.source.strip(), entry.code


def test_unverified_figures_are_configurable() -> None:
    for code in ["T20-review", "T22"]:
        assert CATALOGUE[code].confidence == "unverified"
        assert CATALOGUE[code].configurable
    assert CATALOGUE["T22"].setting == (3, 1)
