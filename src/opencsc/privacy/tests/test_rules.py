"""The retention rules' dates (pure functions: no database)."""

import datetime as dt

import pytest

from opencsc.privacy.rules import BY_CODE, RULES, Facts, anniversary, decide

D = dt.date


BORN = D(1950, 5, 17)


def facts(born=BORN, died=None, looked_after=False, order=None) -> Facts:
    return Facts(
        date_of_birth=born, date_of_death=died, looked_after=looked_after, adoption_order_on=order
    )


@pytest.mark.parametrize("looked_after", [False, True])
@pytest.mark.parametrize(
    "as_of, due", [(D(2025, 5, 16), False), (D(2025, 5, 17), False), (D(2025, 5, 18), True)]
)
def test_records_are_kept_through_the_75th_birthday_and_due_the_day_after(looked_after, as_of, due):
    outcome = decide(facts(looked_after=looked_after), as_of)
    assert outcome.keep_until == D(2025, 5, 17)
    assert outcome.due is due
    assert outcome.rule.code == ("cla-75" if looked_after else "csc-75")


def test_adoption_records_are_kept_100_years_from_the_order():
    f = facts(born=D(1950, 5, 17), looked_after=True, order=D(1952, 9, 3))
    assert decide(f, D(2052, 9, 3)).due is False
    outcome = decide(f, D(2052, 9, 4))
    assert outcome.due and outcome.rule.code == "adoption-100"
    # Long past the 75th birthday, the adoption rule still keeps them.
    assert decide(f, D(2030, 1, 1)).due is False


def test_a_looked_after_child_who_died_before_18_is_kept_15_years_from_the_death():
    f = facts(born=D(2000, 1, 10), died=D(2005, 3, 1), looked_after=True)
    assert decide(f, D(2020, 3, 1)).due is False
    assert decide(f, D(2020, 3, 2)).due is True


def test_a_death_after_18_does_not_shorten_retention():
    f = facts(born=D(1950, 1, 10), died=D(1990, 3, 1), looked_after=True)
    assert decide(f, D(2025, 1, 10)).keep_until == D(2025, 1, 10)


def test_without_a_date_of_birth_nothing_is_due():
    outcome = decide(facts(born=None), D(2300, 1, 1))
    assert outcome.keep_until is None and not outcome.due and outcome.rule is not None


def test_29_february_anniversaries_fall_on_1_march():
    assert anniversary(D(2008, 2, 29), 75) == D(2083, 3, 1)
    assert anniversary(D(2008, 2, 29), 4) == D(2012, 2, 29)


def test_every_rule_names_its_source_and_unverified_ones_say_so():
    assert len(BY_CODE) == len(RULES)
    for rule in RULES:
        assert rule.source and rule.applies_to and rule.keeps
        if not rule.verified:
            assert "UNVERIFIED" in rule.source
