"""Annex A List 11 (adopters) from the records, and its cross-match with List 10.

Households are built through the real actions (``care.actions.adopters``) and children's
adoptions through ``care.actions``. The inspection is on 30 June 2026, so the 12 months of
Lists 10 and 11 start on 30 June 2025.
"""

import dataclasses
import datetime as dt

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails, adopters
from opencsc.care.actions.adopters import AdopterDetails
from opencsc.people import actions as people
from opencsc.returns.annex_a.export import export_annex_a

D = dt.date
AS_OF = D(2026, 6, 30)

# The scenarios record events up to the end of 2026: they need the pinned today, not the clock.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def household(w, family_id, enquiry, members, *, approved_on=None, left=None, ffa=False):
    """A household through the actions: enquiry; if ``approved_on``, Stage 1 from a month
    after the enquiry for two months, the application when it ends, Stage 2 a week later to
    a week before approval; if ``left`` = (date, reason), leaving the process."""
    h = adopters.record_adopter_enquiry(
        by=w.sam,
        family_id=family_id,
        received_on=enquiry,
        adopters=members,
        fostering_for_adoption=ffa,
    )
    if approved_on is not None:
        s1 = enquiry + dt.timedelta(days=30)
        h = adopters.record_adoption_stages(
            by=w.sam,
            household=h,
            stage1_started_on=s1,
            stage1_ended_on=s1 + dt.timedelta(days=60),
            applied_on=s1 + dt.timedelta(days=60),
            stage2_started_on=s1 + dt.timedelta(days=67),
            stage2_ended_on=approved_on - dt.timedelta(days=7),
        )
        h = adopters.approve_adopters(by=w.sam, household=h, approved_on=approved_on)
    if left is not None:
        h = adopters.record_leaving_adoption_process(
            by=w.sam, household=h, left_on=left[0], reason=left[1]
        )
    return h


def adopted_child(w, la_id, *, started, matched, placed=None, order=None, household=None, sex="MF"):
    """A child in care from ``started``, matched (with ``household`` if given, else with
    adopters of another agency, family OTHER1), placed and adopted on the dates given."""
    child = people.register_person(
        by=w.sam,
        first_name="Kit",
        last_name="Eleven",
        sex="M",
        ethnicity="WBRI",
        date_of_birth=D(2022, 2, 2),
        la_child_id=la_id,
        disabilities=["NONE"],
    )
    period = care.start_looked_after(
        by=w.sam,
        person=child,
        started_on=started,
        legal_status="C2",
        primary_need="N1",
        placement=PlacementDetails(place="U6", provider="PR1", postcode="NR4 7TJ"),
    )
    case = care.record_adoption_decision(
        by=w.sam, period=period, decision_on=started + dt.timedelta(days=60)
    )
    care.record_placement_order(by=w.sam, case=case, on=started + dt.timedelta(days=90))
    couple = sex not in ("F1", "M1")
    case = care.record_adoption_match(
        by=w.sam,
        case=case,
        matched_on=matched,
        number_of_adopters=2 if couple else 1,
        adopter_sex=sex,
        adopter_legal_status=("L11" if sex == "MF" else "L12") if couple else "L0",
        adopted_by_foster_carer=False,
        family_id="" if household else "OTHER1",
    )
    if household is not None:
        case = adopters.link_adoption_match(by=w.sam, case=case, household=household)
    if placed:
        case = care.place_for_adoption(
            by=w.sam,
            case=case,
            placed_on=placed,
            placement=PlacementDetails(place="A6", provider="PR1", postcode="NR14 6AB"),
        )
    if order:
        care.record_adoption_order(by=w.sam, case=case, on=order)
    return child


FRAN = AdopterDetails(adopter_id="ADP101", sex="F", ethnicity="WBRI", disabled=False)
MO = AdopterDetails(adopter_id="ADP102", sex="M", ethnicity="MWAS")  # disability not known
SOLO = AdopterDetails(adopter_id="ADP201", sex="F", ethnicity="BAFR", disabled=True)


def build_adopters(w, n=""):
    """AF100 (a couple): approved, matched with two siblings in the 12 months, both placed,
    one adopted. AF200 (single): enquired in the 12 months, withdrew in Stage 1. AF600: approved
    and waiting, fostering for adoption. Not on List 11: AF300 left before the 12 months,
    AF400 whose only child was adopted before them, AF500 whose enquiry came after the
    inspection."""

    def ids(d: AdopterDetails) -> AdopterDetails:
        return dataclasses.replace(d, adopter_id=d.adopter_id + n)

    af100 = household(
        w, f"AF100{n}", D(2024, 9, 2), (ids(FRAN), ids(MO)), approved_on=D(2025, 4, 14)
    )
    adopted_child(
        w,
        f"SIB1{n}",
        started=D(2024, 6, 3),
        matched=D(2025, 7, 7),
        placed=D(2025, 8, 4),
        order=D(2026, 3, 2),
        household=af100,
    )
    adopted_child(
        w,
        f"SIB2{n}",
        started=D(2024, 6, 3),
        matched=D(2025, 7, 7),
        placed=D(2025, 8, 4),
        household=af100,
    )
    af200 = household(w, f"AF200{n}", D(2025, 8, 1), (ids(SOLO),))
    af200 = adopters.record_adoption_stages(
        by=w.sam, household=af200, stage1_started_on=D(2025, 9, 1)
    )
    adopters.record_leaving_adoption_process(
        by=w.sam, household=af200, left_on=D(2025, 10, 15), reason="1"
    )
    household(
        w,
        f"AF300{n}",
        D(2024, 1, 8),
        (AdopterDetails(adopter_id=f"ADP301{n}", sex="M", ethnicity="WBRI"),),
        left=(D(2025, 3, 1), "2"),
    )
    af400 = household(
        w,
        f"AF400{n}",
        D(2022, 5, 9),
        (AdopterDetails(adopter_id=f"ADP401{n}", sex="F", ethnicity="WBRI"),),
        approved_on=D(2023, 3, 6),
    )
    adopted_child(
        w,
        f"OLD{n}",
        started=D(2023, 1, 9),
        matched=D(2023, 9, 4),
        placed=D(2023, 10, 2),
        order=D(2024, 5, 13),
        household=af400,
        sex="F1",
    )
    household(
        w,
        f"AF500{n}",
        D(2026, 7, 10),
        (AdopterDetails(adopter_id=f"ADP501{n}", sex="F", ethnicity="WBRI"),),
    )
    household(
        w,
        f"AF600{n}",
        D(2025, 1, 6),
        (
            AdopterDetails(adopter_id=f"ADP601{n}", sex="M", ethnicity="CHNE"),
            AdopterDetails(adopter_id=f"ADP602{n}", sex="M", ethnicity="WBRI"),
        ),
        approved_on=D(2025, 11, 3),
        ffa=True,
    )
    adopted_child(
        w, f"EXT{n}", started=D(2024, 6, 3), matched=D(2025, 9, 1)
    )  # another agency's adopters
    return af100


def read(path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    plain = lambda v: v.date() if isinstance(v, dt.datetime) else v  # noqa: E731
    return {ws.title: [tuple(plain(v) for v in row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}  # fmt: skip


@pytest.fixture
def book(personas, tmp_path):
    build_adopters(personas)
    out = tmp_path / "annex_a.xlsx"
    export_annex_a(as_of=AS_OF, out_file=out)
    return read(out)


def rows(book, sheet="List 11"):
    return {row[0]: row for row in book[sheet][1:]}


def test_list_11_has_one_row_per_adopter_in_contact_in_the_12_months(book):
    assert list(rows(book)) == ["ADP101", "ADP102", "ADP601", "ADP602", "ADP201"]


def test_the_couples_rows_carry_the_household_journey_and_its_childrens_dates(book):
    journey = (
        "AF100", "b) No", D(2024, 9, 2), D(2024, 10, 2), D(2024, 12, 1), D(2024, 12, 8),
        D(2025, 4, 7), D(2024, 12, 1), D(2025, 4, 14), D(2025, 7, 7), D(2025, 8, 4), 2,
        D(2026, 3, 2), None, None,
    )  # fmt: skip
    fran, mo = rows(book)["ADP101"], rows(book)["ADP102"]
    assert fran == ("ADP101", journey[0], "b) Female", "a) WBRI", "b) No", *journey[1:])
    assert mo == ("ADP102", journey[0], "a) Male", "h) MWAS", "c) Unknown", *journey[1:])


def test_a_household_that_left_shows_the_date_and_reason(book):
    assert rows(book)["ADP201"] == (
        "ADP201", "AF200", "b) Female", "o) BAFR", "a) Yes", "b) No", D(2025, 8, 1),
        D(2025, 9, 1), None, None, None, None, None, None, None, 0, None,
        D(2025, 10, 15), "1 - Adopter withdrew from process",
    )  # fmt: skip


def test_approved_adopters_waiting_for_a_match_are_listed_as_fostering_for_adoption(book):
    row = rows(book)["ADP601"]
    assert row[1] == "AF600" and row[5] == "a) Yes" and row[12] == D(2025, 11, 3)
    assert row[13:] == (None, None, 0, None, None, None)


def test_list_10_names_the_same_family_as_list_11(book):
    list_10 = rows(book, "List 10")
    on_list_11 = {row[1] for row in rows(book).values()}
    assert list_10["SIB1"][1] == list_10["SIB2"][1] == "AF100"
    assert {list_10[c][1] for c in ("SIB1", "SIB2")} <= on_list_11
    # Adopters approved by another agency keep the identifier the match recorded; they are
    # not this agency's adopters, so not on List 11.
    assert list_10["EXT"][1] == "OTHER1" and "OTHER1" not in on_list_11
    # Every matched case on List 10 whose family is ours: the family is on List 11.
    ours = {row[1] for row in list_10.values() if row[1] and row[1].startswith("AF")}
    assert ours <= on_list_11


def test_it_shows_the_households_as_they_stood_on_the_inspection_day(personas, tmp_path):
    build_adopters(personas)
    out = tmp_path / "earlier.xlsx"
    export_annex_a(as_of=D(2025, 9, 30), out_file=out)
    book = read(out)
    # AF100: matched in July, placed in August; the March 2026 order had not been made.
    assert rows(book)["ADP101"][13:] == (D(2025, 7, 7), D(2025, 8, 4), 2, None, None, None)
    # AF200 had not left yet; AF600 was not yet approved; AF300 left within the 12 months.
    assert rows(book)["ADP201"][17:] == (None, None)
    assert rows(book)["ADP601"][12] is None
    assert "ADP301" in rows(book)
    assert "ADP401" not in rows(book)  # adopted in May 2024, before the 12 months


def test_list_11_has_no_note_saying_it_is_empty(personas, tmp_path):
    out = tmp_path / "a.xlsx"
    result = export_annex_a(as_of=AS_OF, out_file=out)
    sheet = openpyxl.load_workbook(out)["List 11"]
    assert sheet.max_row == 1 and sheet["A1"].comment is None
    assert result["rows"]["List 11"] == 0 and "List 11" not in result["notes"]


def test_the_number_of_queries_does_not_grow_with_the_number_of_households(personas, tmp_path):
    build_adopters(personas, "A")
    with CaptureQueriesContext(connection) as one:
        first = export_annex_a(as_of=AS_OF, out_file=tmp_path / "one.xlsx")
    build_adopters(personas, "B")
    build_adopters(personas, "C")
    with CaptureQueriesContext(connection) as three:
        third = export_annex_a(as_of=AS_OF, out_file=tmp_path / "three.xlsx")
    assert third["rows"]["List 11"] == 3 * first["rows"]["List 11"] == 15
    assert len(three.captured_queries) == len(one.captured_queries)
