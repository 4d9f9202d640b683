"""Annex A list 3's "referrals in the last 12 months" and T30 (re-referral within 12 months)
give the same answer, on the day a leap year makes them easy to get wrong."""

import datetime as dt

import openpyxl
import pytest

from opencsc.casework import actions as cw
from opencsc.casework.timescales import is_re_referral
from opencsc.people import actions as people
from opencsc.returns.annex_a.export import export_annex_a

D = dt.date
FIRST = D(2023, 2, 28)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize(
    ("second", "re_referral"),
    [
        (D(2024, 2, 28), True),  # the anniversary: still within 12 months
        (D(2024, 2, 29), False),  # 12 months after 28 February 2023 ended the day before
        (D(2024, 3, 1), False),
    ],
)
def test_list_3_counts_an_earlier_referral_as_t30_does(personas, tmp_path, second, re_referral):
    p = personas
    child = people.register_person(
        by=p.sam,
        first_name="Leap",
        last_name="Day",
        sex="F",
        ethnicity="WBRI",
        date_of_birth=D(2015, 6, 1),
        la_child_id="LEAP",
        disabilities=["NONE"],
    )
    first = cw.open_referral(by=p.sam, person=child, received_on=FIRST, source="1A")
    cw.decide_referral(by=p.sam, referral=first, decided_on=FIRST, nfa=True)
    cw.open_referral(by=p.sam, person=child, received_on=second, source="2A")

    out = tmp_path / "annex_a.xlsx"
    export_annex_a(as_of=D(2024, 3, 31), out_file=out, la_name="Norfolk")
    sheet = openpyxl.load_workbook(out)["List 3"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    (row,) = [r for r in rows if r[header[0]] == "LEAP"]

    assert is_re_referral(FIRST, second) is re_referral
    assert row["Number of Referrals in Last 12 Months"] == (1 if re_referral else 0)
