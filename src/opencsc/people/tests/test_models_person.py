"""Ages and birthdays, on the one rule the returns are checked against."""

from datetime import date as D

import pytest

from opencsc.people.models import Person


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (D(2026, 2, 27), 17),
        (D(2026, 2, 28), 18),  # common year: 28 February, as DateOffset(years=18) has it
        (D(2028, 2, 28), 19),
        (D(2028, 2, 29), 20),
    ],
)
def test_a_leap_day_baby_ages_on_28_february_in_a_common_year(on, age):
    kenji = Person(date_of_birth=D(2008, 2, 29))

    assert kenji.age_on(on) == age


def test_a_leap_day_babys_birthdays_fall_on_28_february_in_common_years():
    kenji = Person(date_of_birth=D(2008, 2, 29))

    assert [kenji.birthday(n) for n in (16, 17, 18)] == [
        D(2024, 2, 29),
        D(2025, 2, 28),
        D(2026, 2, 28),
    ]


def test_birthdays_and_ages_agree_for_an_ordinary_date():
    amara = Person(date_of_birth=D(2009, 7, 31))

    assert amara.birthday(17) == D(2026, 7, 31)
    assert (amara.age_on(D(2026, 7, 30)), amara.age_on(D(2026, 7, 31))) == (16, 17)
