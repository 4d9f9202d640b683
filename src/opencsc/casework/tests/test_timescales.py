"""Help and protection timescales, and the catalogue they register in.

Expected dates are worked out by hand; the comments show the counting for the tricky ones.
"""

import inspect
import types
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from opencsc.casework import timescales as casework
from opencsc.casework.timescales import (
    allocation_due,
    assessment_due_from_referral,
    assessment_due_from_start,
    care_proceedings_due,
    cin_visit_due,
    contact_decision_due,
    cp_plan_duration_band,
    cp_visit_due,
    ehcp_due,
    first_cp_review_due,
    icpc_due,
    is_re_referral,
    is_second_or_subsequent_cp_plan,
    next_cp_review_due,
    referral_decision_due,
    strategy_discussion_due,
    unborn_first_review_due,
)
from opencsc.core import timescales as registry
from opencsc.core.calendar import is_working_day
from opencsc.core.timescales import CATALOGUE, load_clocks, local_setting, timescale

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


# --- T1 referral and contact decisions ----------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2024, 3, 11), date(2024, 3, 12)),  # Monday -> Tuesday
        (date(2024, 3, 9), date(2024, 3, 11)),  # Saturday -> Monday
        (date(2024, 3, 28), date(2024, 4, 2)),  # Maundy Thursday -> Tuesday after Easter
        (date(2022, 12, 23), date(2022, 12, 28)),  # Boxing Day and Christmas substitute
    ],
)
def test_referral_decision_is_due_one_working_day_after_receipt(received: date, due: date) -> None:
    assert referral_decision_due(received) == due


def test_contact_decision_is_24_real_hours_even_across_the_clock_change() -> None:
    # Clocks go forward at 01:00 GMT on 31 Mar 2024: 24 hours after 12:00 GMT is 13:00 BST.
    due = contact_decision_due(datetime(2024, 3, 30, 12, 0, tzinfo=LONDON))
    assert due.astimezone(UTC) == datetime(2024, 3, 31, 12, 0, tzinfo=UTC)
    assert due.hour == 13


def test_contact_decision_hours_are_configurable(council_settings) -> None:
    council_settings(**{"T1-contact": 48})
    due = contact_decision_due(datetime(2024, 6, 3, 9, 0, tzinfo=LONDON))
    assert due == datetime(2024, 6, 5, 9, 0, tzinfo=LONDON)


# --- T2 assessments: two clocks -----------------------------------------------------------


def test_assessment_is_due_45_working_days_after_the_referral() -> None:
    # Fri 27 Jan 2023: 30-31 Jan (2) + February (20) + March (23) = 45 on Fri 31 March.
    assert assessment_due_from_referral(date(2023, 1, 27)) == date(2023, 3, 31)
    # Wed 1 Nov 2023, across Christmas: 21 in November, 1-22 Dec makes 37, 27-29 Dec 40,
    # New Year's Day skipped, 2-5 Jan 44, Mon 8 Jan 45.
    assert assessment_due_from_referral(date(2023, 11, 1)) == date(2024, 1, 8)


def test_the_start_clock_runs_from_the_assessment_start() -> None:
    # Referral on Fri 27 Jan, assessment started Mon 30 Jan: due 31 Mar and 3 Apr respectively
    # (30 Jan: 31 Jan (1) + February (21) + March (44) + Mon 3 Apr (45)).
    assert assessment_due_from_referral(date(2023, 1, 27)) == date(2023, 3, 31)
    assert assessment_due_from_start(date(2023, 1, 30)) == date(2023, 4, 3)


# --- T3, T4 strategy discussion and ICPC --------------------------------------------------


def test_strategy_discussion_is_due_the_next_working_day() -> None:
    assert strategy_discussion_due(date(2023, 5, 5)) == date(2023, 5, 9)  # coronation Monday


def test_icpc_is_due_15_working_days_after_the_strategy_discussion() -> None:
    # Wed 7 Sep 2022: 8-9 Sep (2), 12-16 (7), 19th is the state funeral, 20-23 (11),
    # 26-29 (15): Thursday 29 September.
    assert icpc_due(date(2022, 9, 7)) == date(2022, 9, 29)
    # Fri 8 Mar 2024: 11-15 (5), 18-22 (10), 25-28 (14), Good Friday and Easter Monday, Tue 2 Apr.
    assert icpc_due(date(2024, 3, 8)) == date(2024, 4, 2)


def test_icpc_target_is_never_a_weekend_or_bank_holiday() -> None:
    # CIN query 8870Q: the InitialCPCtarget must not be a weekend.
    day = date(2022, 1, 1)
    while day < date(2025, 1, 1):
        target = icpc_due(day)
        assert target.weekday() < 5
        assert is_working_day(target)
        day += timedelta(days=1)


# --- T5-T7 child protection reviews -------------------------------------------------------


@pytest.mark.parametrize(
    ("icpc", "due"),
    [
        (date(2023, 11, 30), date(2024, 2, 29)),  # 30 Nov + 3 months, leap year
        (date(2022, 11, 30), date(2023, 2, 28)),  # common year
        (date(2024, 1, 15), date(2024, 4, 15)),
    ],
)
def test_first_cp_review_is_due_3_months_after_the_icpc(icpc: date, due: date) -> None:
    assert first_cp_review_due(icpc) == due


@pytest.mark.parametrize(
    ("previous", "due"),
    [
        (date(2023, 8, 31), date(2024, 2, 29)),  # 31 Aug + 6 months, leap year
        (date(2022, 8, 31), date(2023, 2, 28)),
        (date(2024, 2, 29), date(2024, 8, 29)),
    ],
)
def test_later_cp_reviews_are_due_6_months_after_the_last(previous: date, due: date) -> None:
    assert next_cp_review_due(previous) == due


def test_unborn_review_before_the_birth_is_the_usual_3_months() -> None:
    assert unborn_first_review_due(icpc_date=date(2024, 1, 10), birth_date=None) == date(
        2024, 4, 10
    )


def test_unborn_review_is_the_sooner_of_10_working_days_after_birth_and_3_months() -> None:
    # Born Wed 20 Mar 2024: 21-22 (2), 25-28 (6), Easter, 2-5 Apr (10): Fri 5 April, before the
    # 3-month date of 10 April.
    assert unborn_first_review_due(icpc_date=date(2024, 1, 10), birth_date=date(2024, 3, 20)) == (
        date(2024, 4, 5)
    )
    # Born Fri 5 Apr: 10 WD is 19 April, later than 10 April, so 10 April stands.
    assert unborn_first_review_due(icpc_date=date(2024, 1, 10), birth_date=date(2024, 4, 5)) == (
        date(2024, 4, 10)
    )


# --- T8, T9 visits (local, configurable) --------------------------------------------------


def test_cp_visit_is_due_10_working_days_after_the_last() -> None:
    # Fri 22 Dec 2023: 25-26 Dec holidays, 27-29 (3), 1 Jan holiday, 2-5 (7), 8-10 (10).
    assert cp_visit_due(date(2023, 12, 22)) == date(2024, 1, 10)


def test_cp_visit_interval_is_configurable(council_settings) -> None:
    council_settings(T8=5)
    # 27-29 Dec (3), 2 Jan (4), 3 Jan (5).
    assert cp_visit_due(date(2023, 12, 22)) == date(2024, 1, 3)


def test_cin_visit_is_due_4_weeks_after_the_last_by_default() -> None:
    assert cin_visit_due(date(2024, 2, 1)) == date(2024, 2, 29)


def test_cin_visit_interval_is_configurable(council_settings) -> None:
    council_settings(T9=6)
    assert cin_visit_due(date(2024, 2, 1)) == date(2024, 3, 14)


# --- T30-T32 re-referrals and CP plans ----------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "referral", "expected"),
    [
        (date(2023, 5, 10), date(2024, 5, 10), True),  # the anniversary is still within
        (date(2023, 5, 10), date(2024, 5, 11), False),
        (date(2023, 5, 10), date(2023, 5, 11), True),
        (date(2024, 2, 29), date(2025, 2, 28), True),  # 12 months after 29 Feb is 28 Feb
        (date(2024, 2, 29), date(2025, 3, 1), False),
        # Counted forward from the previous referral: 28 Feb 2023's 12 months end on 28 Feb 2024.
        (date(2023, 2, 28), date(2024, 2, 28), True),
        (date(2023, 2, 28), date(2024, 2, 29), False),
        (date(2023, 2, 28), date(2024, 3, 1), False),
        (date(2024, 6, 1), date(2024, 5, 1), False),  # a later referral is not a previous one
    ],
)
def test_re_referral_within_12_months(previous: date, referral: date, expected: bool) -> None:
    assert is_re_referral(previous, referral) is expected


def test_second_or_subsequent_cp_plan_counts_any_earlier_plan() -> None:
    assert is_second_or_subsequent_cp_plan(
        plan_start=date(2024, 5, 1), previous_plan_starts=[date(2012, 1, 9)]
    )
    assert not is_second_or_subsequent_cp_plan(plan_start=date(2024, 5, 1), previous_plan_starts=[])
    # The plan itself is not a previous plan.
    assert not is_second_or_subsequent_cp_plan(
        plan_start=date(2024, 5, 1), previous_plan_starts=[date(2024, 5, 1)]
    )


@pytest.mark.parametrize(
    ("end", "band"),
    [
        (date(2023, 5, 31), "under 3 months"),
        (date(2023, 6, 1), "3 months to under 6 months"),
        (date(2023, 9, 1), "6 months to under 1 year"),
        (date(2024, 3, 1), "1 year to under 2 years"),
        (date(2025, 2, 28), "1 year to under 2 years"),
        (date(2025, 3, 1), "2 years or more"),
    ],
)
def test_cp_plan_duration_bands(end: date, band: str) -> None:
    assert cp_plan_duration_band(date(2023, 3, 1), end) == band


def test_cp_plan_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError):
        cp_plan_duration_band(date(2023, 3, 1), date(2023, 2, 28))


# --- T33, T34 court and EHC plans ---------------------------------------------------------


def test_care_proceedings_end_the_day_before_the_26_week_anniversary() -> None:
    # Issued Mon 8 Jan 2024: "26 weeks beginning with the day" of issue, so day 1 is 8 Jan and
    # day 182 is Sun 7 Jul (8 Jul is the 26-week anniversary).
    assert care_proceedings_due(date(2024, 1, 8)) == date(2024, 7, 7)


def test_ehc_plan_is_due_20_weeks_after_the_request() -> None:
    # 140 days from 8 Jan 2024: 31 Jan is +23, 29 Feb +52, 31 Mar +83, 30 Apr +113, 27 May +140.
    assert ehcp_due(date(2024, 1, 8)) == date(2024, 5, 27)


# --- T37 allocation -----------------------------------------------------------------------


def test_unallocated_case_alerts_at_once_by_default(council_settings) -> None:
    assert allocation_due(date(2024, 3, 28)) == date(2024, 3, 28)
    council_settings(T37=2)
    # Two working days after Maundy Thursday: Tue 2 and Wed 3 April.
    assert allocation_due(date(2024, 3, 28)) == date(2024, 4, 3)


# --- The catalogue ------------------------------------------------------------------------


def _public_functions(module: types.ModuleType) -> list:
    return [
        f
        for name, f in inspect.getmembers(module, inspect.isfunction)
        if f.__module__ == module.__name__ and not name.startswith("_")
    ]


def test_every_casework_timescale_is_registered_with_its_source() -> None:
    registered = {entry.function: entry for entry in CATALOGUE.values()}
    clocks = {entry.function for entry in load_clocks()}
    functions = [f for f in _public_functions(casework) if f not in clocks]
    # And the other way round: every catalogue entry from this module is one of its functions.
    from_module = [e for e in CATALOGUE.values() if e.function.__module__ == casework.__name__]
    assert len(from_module) == len(functions) == 17
    for function in functions:
        entry = registered.get(function)
        assert entry is not None, f"{function.__name__} is not registered"
        assert entry.doc.strip(), entry.code
        assert entry.source.strip(), entry.code
        assert entry.title.strip(), entry.code


def test_the_codes_from_the_brief_are_in_the_catalogue() -> None:
    for code in ["T1", "T2", "T2-start", "T4", "T5", "T6", "T7", "T8", "T9", "T30", "T33", "T34"]:
        assert CATALOGUE[code].function.__module__ == "opencsc.casework.timescales"


def test_local_standards_are_configurable_and_show_their_setting(council_settings) -> None:
    for entry in CATALOGUE.values():
        if entry.status == "L":
            assert entry.configurable, entry.code
    assert CATALOGUE["T8"].setting == 10
    council_settings(T8=7)
    assert CATALOGUE["T8"].setting == 7
    assert CATALOGUE["T4"].setting is None  # statutory: nothing to configure


def test_local_setting_falls_back_when_django_is_not_configured(monkeypatch) -> None:
    import django.conf
    from django.core.exceptions import ImproperlyConfigured

    class Unconfigured:
        def __getattr__(self, name: str) -> object:
            raise ImproperlyConfigured("settings are not configured")

    monkeypatch.setattr(django.conf, "settings", Unconfigured())
    assert local_setting("T8", 10) == 10
    assert cp_visit_due(date(2023, 12, 22)) == date(2024, 1, 10)


def test_the_decorator_refuses_bad_registrations(monkeypatch) -> None:
    monkeypatch.setattr(registry, "CATALOGUE", {})

    def documented(d: date) -> date:
        """A rule."""
        return d

    def undocumented(d: date) -> date:
        return d

    with pytest.raises(ValueError, match="configurable"):
        timescale(code="TX", title="x", status="L", source="s", confidence="unverified")
    with pytest.raises(ValueError, match="docstring"):
        timescale(code="TX", title="x", status="S", source="s", confidence="verified")(undocumented)

    def another(d: date) -> date:
        """Another rule."""
        return d

    timescale(code="TX", title="x", status="S", source="s", confidence="verified")(documented)
    with pytest.raises(ValueError, match="already registered"):
        timescale(code="TX", title="x", status="S", source="s", confidence="verified")(another)
    assert registry.CATALOGUE["TX"].function is documented


def test_load_catalogue_orders_codes_numerically() -> None:
    codes = [entry.code for entry in registry.load_catalogue()]
    assert codes.index("T2") < codes.index("T2-start") < codes.index("T3") < codes.index("T10")
    assert len(codes) == len(set(codes))
