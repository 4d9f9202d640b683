"""Ofsted Annex A workbook: a known child's row on every list, cohort boundaries, the
template's sheets and headers, atomic writing, and a query count that does not grow with the
number of children.

State is built through the real actions with fixed past dates. The inspection is on 30 June
2026, so the reporting period of lists 1–8 starts on 30 December 2025 and the 12 months of
list 10 and the "last 12 months" columns on 30 June 2025.
"""

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails
from opencsc.casework import actions as cw
from opencsc.people import actions as people
from opencsc.returns.annex_a import export as export_module
from opencsc.returns.annex_a.export import export_annex_a
from opencsc.returns.annex_a.template import JAN_2024
from opencsc.workforce import actions as wf

D = dt.date
AS_OF = D(2026, 6, 30)
TEMPLATE_FILE = "annex_a_sample_fake_2024_jan.xlsx"

# The scenarios record events up to the end of 2026: they need the pinned today, not the clock.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The personas sign in with Argon2 hashes otherwise: ~0.3 s a user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Building the council, through the actions ----------------------------------------------


def child(p, la_id, first, dob, *, sex="F", ethnicity="WBRI", disabilities=("NONE",)):
    return people.register_person(
        by=p.sam,
        first_name=first,
        last_name="Annexa",
        sex=sex,
        ethnicity=ethnicity,
        date_of_birth=dob,
        la_child_id=la_id,
        disabilities=list(disabilities),
    )


def contact_child(p, n=""):
    """List 1: contacts on the period's first day, inside it, on the inspection day; one the
    day before the period (seven months back) and one after the inspection."""
    c = child(p, f"CON{n}", "Cody", D(2016, 4, 10), sex="M")
    for on, source in [
        (D(2025, 11, 30), "2A"),
        (D(2025, 12, 29), "5D"),
        (D(2025, 12, 30), "1A"),
        (D(2026, 3, 2), "6"),
        (D(2026, 6, 30), "3A"),
        (D(2026, 7, 15), "9"),
    ]:
        cw.record_contact(by=p.sam, person=c, received_on=on, source=source)
    return c


def early_help_children(p, n=""):
    """List 2: an assessment completed in the period (its episode ended), an intervention
    still open from before the period, and an episode over before the period began."""
    erin = child(p, f"EH{n}", "Erin", D(2014, 9, 15), ethnicity="MWBA")
    old = cw.start_early_help(by=p.sam, person=erin, started_on=D(2025, 3, 1), organisation="Old")
    cw.end_early_help(
        by=p.sam,
        episode=old,
        ended_on=D(2025, 6, 1),
        end_reason="outcomes_met",
        assessment_completed_on=D(2025, 4, 1),
    )
    ep = cw.start_early_help(
        by=p.sam, person=erin, started_on=D(2026, 1, 10), organisation="Family Hub North"
    )
    cw.end_early_help(
        by=p.sam,
        episode=ep,
        ended_on=D(2026, 4, 20),
        end_reason="outcomes_met",
        assessment_completed_on=D(2026, 2, 1),
    )
    ezra = child(p, f"EHO{n}", "Ezra", D(2015, 1, 20), sex="M")
    cw.start_early_help(
        by=p.sam, person=ezra, started_on=D(2025, 5, 1), worker=p.olly.worker, organisation=""
    )
    return erin, ezra


def referral_child(p, n=""):
    """List 3: two NFA referrals (one before the period) and an open one."""
    rosa = child(p, f"REF{n}", "Rosa", D(2011, 2, 20))
    a = cw.open_referral(by=p.sam, person=rosa, received_on=D(2025, 8, 1), source="1A")
    cw.decide_referral(by=p.sam, referral=a, decided_on=D(2025, 8, 2), nfa=True)
    b = cw.open_referral(by=p.sam, person=rosa, received_on=D(2026, 1, 5), source="2A")
    cw.decide_referral(by=p.sam, referral=b, decided_on=D(2026, 1, 6), nfa=True)
    cw.open_referral(
        by=p.sam,
        person=rosa,
        received_on=D(2026, 2, 10),
        source="3E",
        team=p.north,
        worker=p.sam.worker,
    )
    return rosa


def assessment_children(p, n=""):
    """List 4 (and 6): a completed assessment that closed the episode, and an open one."""
    asha = child(p, f"ASM{n}", "Asha", D(2013, 7, 1), ethnicity="AIND", disabilities=["LD"])
    ref = cw.open_referral(
        by=p.sam, person=asha, received_on=D(2026, 1, 5), source="8", primary_need="N5"
    )
    held = wf.allocate(by=p.tara, person=asha, worker=p.olly.worker, started_on=D(2026, 1, 6))
    a = cw.start_assessment(
        by=p.sam, referral=ref, started_on=D(2026, 1, 6), worker=p.olly.worker, team=p.south
    )
    cw.record_visit(by=p.sam, person=asha, kind="assessment", visited_on=D(2026, 1, 20), seen=True)
    cw.complete_assessment(
        by=p.sam,
        assessment=a,
        authorised_on=D(2026, 2, 15),
        child_seen=True,
        factors=["21"],
        services_required=False,
    )
    cw.close_referral(by=p.sam, referral=ref, closed_on=D(2026, 2, 20), reason="RC8")
    wf.end_allocation(by=p.tara, allocation=held, ended_on=D(2026, 2, 20))

    amir = child(p, f"ASO{n}", "Amir", D(2018, 11, 3), sex="M", ethnicity="APKN")
    ref = cw.open_referral(by=p.sam, person=amir, received_on=D(2026, 5, 1), source="3B")
    wf.allocate(by=p.tara, person=amir, worker=p.sam.worker, started_on=D(2026, 5, 1))
    cw.start_assessment(by=p.sam, referral=ref, started_on=D(2026, 5, 2))
    cw.record_visit(by=p.sam, person=amir, kind="assessment", visited_on=D(2026, 5, 10), seen=True)
    return asha, amir


def protection_child(p, n=""):
    """Lists 3, 5, 6 and 7: a plan in 2024, an enquiry in 2025 that needed no conference, and
    a referral in the period whose enquiry led to the current plan."""
    priya = child(p, f"CP{n}", "Priya", D(2012, 10, 5), ethnicity="BAFR")
    a = cw.open_referral(by=p.sam, person=priya, received_on=D(2024, 1, 10), source="6")
    sd = cw.hold_strategy_discussion(
        by=p.sam, referral=a, held_on=D(2024, 1, 12), s47_initiated=True
    )
    cw.hold_initial_conference(
        by=p.sam,
        enquiry=sd.section47_enquiry,
        held_on=D(2024, 1, 30),
        plan_decided=True,
        category="PHY",
    )
    cw.end_cp_plan(by=p.sam, plan=priya.cp_plans.get(), ended_on=D(2024, 7, 1))
    cw.close_referral(by=p.sam, referral=a, closed_on=D(2024, 7, 10), reason="RC7")

    b = cw.open_referral(by=p.sam, person=priya, received_on=D(2025, 9, 1), source="6")
    sd = cw.hold_strategy_discussion(
        by=p.sam, referral=b, held_on=D(2025, 9, 3), s47_initiated=True
    )
    cw.complete_section47(
        by=p.sam, enquiry=sd.section47_enquiry, ended_on=D(2025, 9, 20), outcome="nfa"
    )
    cw.close_referral(by=p.sam, referral=b, closed_on=D(2025, 10, 1), reason="RC7")

    c = cw.open_referral(
        by=p.sam,
        person=priya,
        received_on=D(2026, 2, 1),
        source="6",
        primary_need="N1",
        team=p.north,
        worker=p.sam.worker,
    )
    wf.allocate(by=p.tara, person=priya, worker=p.sam.worker, started_on=D(2026, 2, 1))
    sd = cw.hold_strategy_discussion(
        by=p.sam, referral=c, held_on=D(2026, 2, 3), s47_initiated=True, worker=p.sam.worker
    )
    cw.hold_initial_conference(
        by=p.sam,
        enquiry=sd.section47_enquiry,
        held_on=D(2026, 2, 20),
        plan_decided=True,
        category="NEG",
    )
    plan = priya.cp_plans.get(ended_on__isnull=True)
    for on, alone in [(D(2026, 3, 1), True), (D(2026, 4, 10), False), (D(2026, 7, 10), True)]:
        cw.record_visit(
            by=p.sam, person=priya, kind="cp", visited_on=on, seen=True, seen_alone=alone
        )
    # No one was home: recorded, but no statutory visit (List 7 keeps 10 April).
    cw.record_visit(
        by=p.sam,
        person=priya,
        kind="cp",
        visited_on=D(2026, 4, 20),
        seen=False,
        method="unsuccessful",
    )
    cw.hold_cp_review(
        by=p.sam, plan=plan, held_on=D(2026, 5, 15), plan_continues=True, latest_category="EMO"
    )
    return priya


def cin_child(p, n=""):
    """List 6: a CIN plan; the assessment was authorised before the period (not on List 4)."""
    chloe = child(p, f"CIN{n}", "Chloe", D(2010, 1, 15))
    ref = cw.open_referral(
        by=p.sam, person=chloe, received_on=D(2025, 11, 1), source="2A", primary_need="N4"
    )
    wf.allocate(by=p.tara, person=chloe, worker=p.olly.worker, started_on=D(2025, 11, 1))
    a = cw.start_assessment(by=p.sam, referral=ref, started_on=D(2025, 11, 3))
    cw.complete_assessment(
        by=p.sam,
        assessment=a,
        authorised_on=D(2025, 12, 10),
        child_seen=True,
        factors=["3B"],
        services_required=True,
    )
    cw.start_cin_plan(by=p.sam, referral=ref, started_on=D(2025, 12, 15))
    cw.record_visit(by=p.sam, person=chloe, kind="cin", visited_on=D(2026, 5, 20), seen=True)
    cw.record_visit(by=p.sam, person=chloe, kind="cin", visited_on=D(2026, 6, 10), seen=False)
    return chloe


def looked_after_child(p, n=""):
    """List 8: back in care for a second time within 12 months, placed out of county."""
    kai = child(p, f"LAC{n}", "Kai", D(2012, 4, 1), sex="M")
    wf.allocate(by=p.tara, person=kai, worker=p.sam.worker, started_on=D(2025, 8, 1))
    first = care.start_looked_after(
        by=p.sam,
        person=kai,
        started_on=D(2025, 8, 1),
        legal_status="V2",
        primary_need="N1",
        placement=PlacementDetails(place="U6", provider="PR1", postcode="NR2 1AA"),
    )
    care.record_health_check(by=p.sam, person=kai, kind="review_health", done_on=D(2025, 9, 1))
    care.cease_looked_after(by=p.sam, period=first, ended_on=D(2025, 10, 1), reason="E4A")
    # Missing from home, not from a placement: not counted.
    care.record_missing_episode(
        by=p.sam, person=kai, kind="M", started_on=D(2025, 11, 1), ended_on=D(2025, 11, 2)
    )
    period = care.start_looked_after(
        by=p.sam,
        person=kai,
        started_on=D(2026, 1, 15),
        legal_status="C1",
        primary_need="N1",
        placement=PlacementDetails(place="U6", provider="PR4", postcode="IP1 1AA"),
    )
    wf.allocate(by=p.tara, person=kai, worker=p.imran.worker, started_on=D(2026, 1, 15), role="iro")
    care.change_legal_status(by=p.sam, period=period, code="C2", started_on=D(2026, 3, 1))
    care.change_placement(
        by=p.sam,
        period=period,
        started_on=D(2026, 4, 1),
        placement=PlacementDetails(place="K2", provider="PR4", postcode="IP4 2BB", urn="SC123456"),
        change_reason="CARPL",
    )
    care.record_cla_review(
        by=p.sam, period=period, held_on=D(2026, 2, 10), participation="PN1", iro=p.imran.worker
    )
    care.record_cla_review(
        by=p.sam, period=period, held_on=D(2026, 5, 1), participation="PN5", iro=p.imran.worker
    )
    for on, worker in [
        (D(2026, 2, 1), p.sam.worker),
        (D(2026, 5, 20), None),  # no worker recorded: still a social work visit
        (D(2026, 5, 25), p.imran.worker),  # the IRO's visit: IRO contact, not a social work visit
        (D(2026, 7, 2), p.sam.worker),  # after the inspection
    ]:
        cw.record_visit(by=p.sam, person=kai, kind="cla", visited_on=on, seen=True, worker=worker)
    for on, worker in [(D(2026, 5, 22), p.sam.worker), (D(2026, 5, 28), p.imran.worker)]:
        # Visits that did not happen count as neither a social work nor an IRO visit.
        cw.record_visit(
            by=p.sam,
            person=kai,
            kind="cla",
            visited_on=on,
            seen=False,
            worker=worker,
            method="unsuccessful",
        )
    care.set_permanence_plan(
        by=p.sam, period=period, plan="lt_fostering", decided_on=D(2026, 3, 10)
    )
    care.record_health_check(by=p.sam, person=kai, kind="review_health", done_on=D(2026, 2, 20))
    care.record_health_check(by=p.sam, person=kai, kind="dental", done_on=D(2026, 3, 5))
    care.record_health_check(by=p.sam, person=kai, kind="dental", done_on=D(2026, 7, 5))
    care.record_missing_episode(
        by=p.sam,
        person=kai,
        kind="M",
        started_on=D(2026, 4, 10),
        ended_on=D(2026, 4, 11),
        rhi_offered=True,
        rhi_accepted=False,
    )
    care.record_missing_episode(
        by=p.sam, person=kai, kind="A", started_on=D(2026, 4, 20), ended_on=D(2026, 4, 20)
    )
    care.record_missing_episode(
        by=p.sam,
        person=kai,
        kind="M",
        started_on=D(2026, 5, 5),
        ended_on=D(2026, 5, 6),
        rhi_offered=True,
        rhi_accepted=True,
        rhi_held_on=D(2026, 5, 7),
    )
    return kai


def care_leavers(p, n=""):
    """List 9: a former relevant young person, formerly UASC, in touch; and one not in touch."""
    lee = child(p, f"CL{n}", "Lee", D(2007, 3, 1), sex="M")
    people.record_immigration_status(
        by=p.sam, person=lee, status="UASC", started_on=D(2022, 6, 1), ended_on=D(2025, 3, 1)
    )
    period = care.start_looked_after(
        by=p.sam,
        person=lee,
        started_on=D(2022, 6, 1),
        legal_status="V2",
        primary_need="N8",
        placement=PlacementDetails(place="U6", provider="PR1", postcode="NR5 8AA"),
    )
    care.record_pathway_plan(by=p.sam, person=lee, held_on=D(2024, 12, 1), is_review=False)
    care.cease_looked_after(by=p.sam, period=period, ended_on=D(2025, 3, 1), reason="E5")
    care.become_care_leaver(
        by=p.sam, person=lee, eligibility="former_relevant", since=D(2025, 3, 1)
    )
    wf.allocate(
        by=p.tara,
        person=lee,
        worker=p.pat.worker,
        started_on=D(2025, 3, 1),
        role="personal_adviser",
    )
    care.record_pathway_plan(by=p.sam, person=lee, held_on=D(2026, 2, 1), is_review=True)
    for on, touch, activity, accom, ok in [
        (D(2026, 3, 1), "YES", "F1", "U", True),
        (D(2026, 6, 1), "YES", "G5", "D", False),
        (D(2026, 7, 20), "NO", "", "", None),
    ]:
        care.record_care_leaver_contact(
            by=p.sam,
            person=lee,
            contacted_on=on,
            in_touch=touch,
            activity=activity,
            accommodation=accom,
            accommodation_suitable=ok,
        )

    nia = child(p, f"CLN{n}", "Nia", D(2006, 5, 1))
    period = care.start_looked_after(
        by=p.sam,
        person=nia,
        started_on=D(2021, 6, 1),
        legal_status="C2",
        primary_need="N1",
        placement=PlacementDetails(place="U4", provider="PR1", postcode="NR7 0AA"),
    )
    care.cease_looked_after(by=p.sam, period=period, ended_on=D(2024, 5, 1), reason="E17")
    care.become_care_leaver(
        by=p.sam, person=nia, eligibility="former_relevant", since=D(2024, 5, 1)
    )
    care.record_care_leaver_contact(
        by=p.sam,
        person=nia,
        contacted_on=D(2025, 10, 1),
        in_touch="YES",
        activity="P5",
        accommodation="E",
        accommodation_suitable=True,
    )
    care.record_care_leaver_contact(by=p.sam, person=nia, contacted_on=D(2026, 4, 1), in_touch="NO")
    return lee, nia


def adopted_children(p, n=""):
    """List 10 (and 8): adopted in the period; and a child whose first decision was reversed
    more than 12 months back (not listed) and whose second was reversed within 12 months."""
    milo = child(p, f"ADO{n}", "Milo", D(2022, 5, 1), sex="M")
    period = care.start_looked_after(
        by=p.sam,
        person=milo,
        started_on=D(2024, 3, 1),
        legal_status="C1",
        primary_need="N1",
        placement=PlacementDetails(place="U6", provider="PR1", postcode="NR4 7TJ"),
    )
    case = care.record_adoption_decision(by=p.sam, period=period, decision_on=D(2024, 9, 1))
    care.record_placement_order(by=p.sam, case=case, on=D(2025, 1, 10))
    care.record_adoption_match(
        by=p.sam,
        case=case,
        matched_on=D(2025, 6, 1),
        number_of_adopters=2,
        adopter_sex="MF",
        adopter_legal_status="L11",
        adopted_by_foster_carer=False,
        family_id=f"FAM42{n}",
    )
    care.place_for_adoption(
        by=p.sam,
        case=case,
        placed_on=D(2025, 7, 1),
        placement=PlacementDetails(place="A6", provider="PR1", postcode="NR14 6AB"),
    )
    care.record_adoption_order(by=p.sam, case=case, on=D(2026, 2, 10))

    zara = child(p, f"ADR{n}", "Zara", D(2021, 1, 1))
    period = care.start_looked_after(
        by=p.sam,
        person=zara,
        started_on=D(2024, 6, 1),
        legal_status="C2",
        primary_need="N1",
        placement=PlacementDetails(place="U4", provider="PR1", postcode="NR4 7TJ"),
    )
    first = care.record_adoption_decision(by=p.sam, period=period, decision_on=D(2024, 12, 1))
    care.reverse_adoption_decision(by=p.sam, case=first, on=D(2025, 5, 1), reason="RD1")
    second = care.record_adoption_decision(by=p.sam, period=period, decision_on=D(2025, 7, 1))
    care.reverse_adoption_decision(by=p.sam, case=second, on=D(2025, 8, 1), reason="RD3")
    return milo, zara


def build_council(p, n=""):
    contact_child(p, n)
    early_help_children(p, n)
    referral_child(p, n)
    assessment_children(p, n)
    protection_child(p, n)
    cin_child(p, n)
    looked_after_child(p, n)
    care_leavers(p, n)
    adopted_children(p, n)


# --- Reading the workbook back --------------------------------------------------------------


def _plain(value):
    return value.date() if isinstance(value, dt.datetime) else value


def read(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: [tuple(_plain(v) for v in row) for row in ws.iter_rows(values_only=True)]
        for ws in wb.worksheets
    }


def rows_for(book, sheet: str, child_id: str) -> list[tuple]:
    return [row for row in book[sheet][1:] if row[0] == child_id]


def the_row(book, sheet: str, child_id: str) -> tuple:
    rows = rows_for(book, sheet, child_id)
    assert len(rows) == 1, f"{child_id} has {len(rows)} rows on {sheet}"
    return rows[0]


def as_dict(book, sheet: str, row: tuple) -> dict:
    return dict(zip(book[sheet][0], row, strict=True))


@pytest.fixture
def book(personas, tmp_path):
    build_council(personas)
    out = tmp_path / "annex_a.xlsx"
    result = export_annex_a(as_of=AS_OF, out_file=out, la_name="Norfolk")
    assert result["path"] == out
    return read(out)


SAM = ("North Family Support", "Sam Quillfeather")
OLLY = ("South Family Support", "Olly Fennelwick")


# --- One known child per list ---------------------------------------------------------------


def test_list_1_has_each_contact_in_the_six_months_and_no_other(book):
    assert rows_for(book, "List 1", "CON") == [
        ("CON", "a) Male", "a) WBRI", D(2016, 4, 10), 10, D(2025, 12, 30), "a) 1A: Individual"),
        ("CON", "a) Male", "a) WBRI", D(2016, 4, 10), 10, D(2026, 3, 2), "q) 6: Police"),
        ("CON", "a) Male", "a) WBRI", D(2016, 4, 10), 10, D(2026, 6, 30), "g) 3A: Health services"),
    ]


def test_list_2_has_assessments_in_the_period_and_current_interventions(book):
    assert rows_for(book, "List 2", "EH") == [
        (
            "EH",
            "b) Female",
            "g) MWBA",
            D(2014, 9, 15),
            11,
            D(2026, 1, 10),
            D(2026, 2, 1),
            "Family Hub North",
        )
    ]
    # Open since before the period; no organisation recorded, so the worker's team.
    assert the_row(book, "List 2", "EHO") == (
        "EHO",
        "a) Male",
        "a) WBRI",
        D(2015, 1, 20),
        11,
        D(2025, 5, 1),
        None,
        "South Family Support",
    )


def test_list_3_counts_the_other_referrals_in_the_12_months_before_each(book):
    assert rows_for(book, "List 3", "REF") == [
        (
            "REF",
            "b) Female",
            "a) WBRI",
            D(2011, 2, 20),
            15,
            D(2026, 1, 5),
            "e) 2A: Schools",
            "a) Yes",
            1,
            None,
            None,
        ),
        (
            "REF",
            "b) Female",
            "a) WBRI",
            D(2011, 2, 20),
            15,
            D(2026, 2, 10),
            "k) 3E: Health services",
            "b) No",
            2,
            *SAM,
        ),
    ]
    assert the_row(book, "List 3", "CP") == (
        "CP",
        "b) Female",
        "o) BAFR",
        D(2012, 10, 5),
        13,
        D(2026, 2, 1),
        "q) 6: Police",
        "b) No",
        1,
        *SAM,
    )


def test_list_4_has_completed_and_open_assessments(book):
    assert the_row(book, "List 4", "ASM") == (
        "ASM", "b) Female", "j) AIND", D(2013, 7, 1), 12, "a) Yes",
        D(2026, 1, 6), "a) Yes", D(2026, 2, 15), "b) No", *OLLY,
    )  # fmt: skip
    # Open: seen on a visit since it started; no outcome yet; the allocated social worker.
    assert the_row(book, "List 4", "ASO") == (
        "ASO", "a) Male", "k) APKN", D(2018, 11, 3), 7, "b) No",
        D(2026, 5, 2), "a) Yes", None, None, *SAM,
    )  # fmt: skip


def test_list_5_has_the_enquiry_its_conference_plan_and_12_month_counts(book):
    # The 2025 enquiry (over before the period) counts; the 2024 conference is too old.
    assert rows_for(book, "List 5", "CP") == [
        (
            "CP", "b) Female", "o) BAFR", D(2012, 10, 5), 13, "b) No",
            D(2026, 2, 3), "b) No", D(2026, 2, 20), "a) Yes", 1, 0, *SAM,
        )
    ]  # fmt: skip


def test_list_6_has_status_last_seen_and_closure(book):
    assert the_row(book, "List 6", "CIN") == (
        "CIN", "b) Female", "a) WBRI", D(2010, 1, 15), 16, "b) No",
        D(2025, 11, 1), "N4 - Family in acute stress", D(2026, 5, 20), None, None,
        "c) Child in need plan", *OLLY,
    )  # fmt: skip
    assert the_row(book, "List 6", "CP") == (
        "CP", "b) Female", "o) BAFR", D(2012, 10, 5), 13, "b) No",
        D(2026, 2, 1), "N1 - Abuse or neglect", D(2026, 4, 10), None, None,
        "b) Child Protection plan", *SAM,
    )  # fmt: skip
    assert the_row(book, "List 6", "ASM") == (
        "ASM", "b) Female", "j) AIND", D(2013, 7, 1), 12, "a) Yes",
        D(2026, 1, 5), "N5 - Family dysfunction", D(2026, 1, 20), D(2026, 2, 20),
        "RC8 - Case closed after assessment, no further action", "e) Closed episode", *OLLY,
    )  # fmt: skip
    assert the_row(book, "List 6", "ASO")[11] == "d) Open assessment"


def test_list_7_has_last_visit_seen_alone_review_and_previous_plans(book):
    assert the_row(book, "List 7", "CP") == (
        "CP", "b) Female", "o) BAFR", D(2012, 10, 5), 13, "b) No",
        D(2026, 2, 20), "a) Neglect", "d) Emotional abuse", D(2026, 4, 10), "b) No",
        D(2026, 5, 15), None, "b) No", 1, *SAM,
    )  # fmt: skip


def test_list_8_has_placement_legal_status_reviews_health_missing_and_rhi(book):
    assert as_dict(book, "List 8", the_row(book, "List 8", "LAC")) == {
        "Child Unique ID": "LAC",
        "Gender": "a) Male",
        "Ethnicity": "a) WBRI",
        "Date of Birth": D(2012, 4, 1),
        "Age": 14,
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))": "b) No",
        "Does the Child have a Disability": "b) No",
        "Date Started to be Looked After": D(2026, 1, 15),
        "Child's Category of Need": "N1 - Abuse or neglect",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)": "a) Yes",
        "Start date of current legal status": D(2026, 3, 1),
        "Child's Legal Status": "C2: FCO",
        "Date of Latest Statutory Review": D(2026, 5, 1),
        "Date of Last Social Work Visit": D(2026, 5, 20),
        "What is the permanence plan for this child?": "f) Long-term fostering",
        "Date of Last IRO Visit / Contact to the Child": D(2026, 5, 25),
        "Date of Last Health Assessment": D(2026, 2, 20),
        "Date of Last Dental Check": D(2026, 3, 5),
        "Number of Placements in the Last 12 months": 3,
        "Date Ceased to be Looked After": None,
        "Reason Ceased to be Looked After": None,
        "Start Date of Most Recent Placement": D(2026, 4, 1),
        "Placement Type": "p) K2: Children's Homes",
        "Placement Provider": "e) PR4: Private provision",
        "Placement postcode": "IP4 2BB",
        "URN of Placement": "SC123456",
        "Placement Location": "b) Out",
        "LA of Placement": None,
        "Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months": 2,
        "Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months": 1,
        "Was the child offered a Return Interview after their last missing episode (Y/N)?": "a) Yes",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?": "a) Yes",
        "Allocated Team": "North Family Support",
        "Allocated Worker": "Sam Quillfeather",
    }


def test_list_8_has_a_child_who_left_care_in_the_period(book):
    row = as_dict(book, "List 8", the_row(book, "List 8", "ADO"))
    assert row["Date Ceased to be Looked After"] == D(2026, 2, 10)
    assert row["Reason Ceased to be Looked After"] == "a) E11: Adopted - application unopposed"
    assert row["Child's Legal Status"] == "E1: Placement order"
    assert row["Start date of current legal status"] == D(2025, 1, 10)
    assert row["Placement Type"] == "j) A6: Placed for adoption - order - not foster"
    assert (row["Placement Location"], row["LA of Placement"]) == ("a) In", "Norfolk")
    assert row["Number of Placements in the Last 12 months"] == 2  # U6 until 1 July 2025, A6
    assert (
        row[
            "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)"
        ]
        == "b) No"
    )
    assert (
        row[
            "Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months"
        ]
        == 0
    )
    assert (
        row["Was the child offered a Return Interview after their last missing episode (Y/N)?"]
        is None
    )


def test_list_9_has_adviser_eligibility_pathway_plan_accommodation_and_activity(book):
    assert the_row(book, "List 9", "CL") == (
        "CL", "a) Male", "a) WBRI", D(2007, 3, 1), 19, "a) Yes", "b) No",
        "Leaving Care", None, "Pat Thistlewood", "b) Former relevant child", D(2026, 2, 1),
        "a) Yes", D(2026, 6, 1),
        "D: Semi-independent, transitional accommodation and self-contained accommodation",
        "b) Unsuitable", "G5: Not in education, employment or training - other",
    )  # fmt: skip
    # Not in touch at the latest record: the last date in touch, nothing else assumed.
    assert the_row(book, "List 9", "CLN")[5:] == (
        "b) No", "b) No", None, None, None, "b) Former relevant child", None,
        "b) No", D(2025, 10, 1), None, None, None,
    )  # fmt: skip


def test_list_10_has_the_adopted_child_and_the_decision_reversed_in_12_months(book):
    assert the_row(book, "List 10", "ADO") == (
        "ADO", "FAM42", "a) Male", "a) WBRI", D(2022, 5, 1), 4, "b) No", D(2024, 3, 1),
        D(2024, 9, 1), D(2025, 1, 10), D(2025, 6, 1), D(2025, 7, 1), D(2026, 2, 10),
        None, None, None,
    )  # fmt: skip
    assert the_row(book, "List 10", "ADR") == (
        "ADR", None, "b) Female", "a) WBRI", D(2021, 1, 1), 5, "b) No", D(2024, 6, 1),
        D(2025, 7, 1), None, None, None, None,
        D(2025, 8, 1), "RD3 - Prospective adopters could not be found", None,
    )  # fmt: skip


# List 11 (adopters, from the records): test_annex_a_list11.py.


# --- Who is not on the lists ----------------------------------------------------------------


def test_a_child_only_the_subject_of_a_referral_is_not_a_child_in_need(book):
    assert rows_for(book, "List 6", "REF") == []  # NFA twice, then an open referral only
    assert not any(rows_for(book, sheet, "TEST0001") for sheet in book)  # Lily, referred 2025


def test_records_outside_the_windows_are_left_out(book):
    assert rows_for(book, "List 4", "CIN") == []  # authorised 10/12/2025, before the period
    assert [r[5] for r in rows_for(book, "List 2", "EH")] == [D(2026, 1, 10)]  # not 2025's
    assert len(rows_for(book, "List 10", "ADR")) == 1  # the 2024 decision ended in May 2025
    assert rows_for(book, "List 6", "CL") == [] and rows_for(book, "List 8", "CL") == []


def test_it_shows_records_as_they_stood_on_the_inspection_day(personas, tmp_path):
    # The same council, inspected on 31 March 2026: Kai's April move and missing episodes,
    # Priya's May review and Chloe's visits had not happened yet.
    build_council(personas)
    out = tmp_path / "april.xlsx"
    export_annex_a(as_of=D(2026, 3, 31), out_file=out)
    book = read(out)
    kai = as_dict(book, "List 8", the_row(book, "List 8", "LAC"))
    assert kai["Placement Type"] == "f) U6: Foster placement - not FFA"
    assert kai["Child's Legal Status"] == "C2: FCO"
    assert (
        kai[
            "Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months"
        ]
        == 0
    )
    assert the_row(book, "List 7", "CP")[11] is None  # latest review conference
    assert the_row(book, "List 6", "CIN")[8] is None  # the visits were in May and June


# --- The template ---------------------------------------------------------------------------


def test_sheet_names_and_headers_match_the_template_exactly(personas, tmp_path):
    template = Path(__file__).resolve().parent / "data" / TEMPLATE_FILE
    out = tmp_path / "a.xlsx"
    export_annex_a(as_of=AS_OF, out_file=out)
    ours, theirs = openpyxl.load_workbook(out), openpyxl.load_workbook(template)
    assert ours.sheetnames == theirs.sheetnames == [f"List {n}" for n in range(1, 12)]
    for name in theirs.sheetnames:
        assert next(ours[name].iter_rows(max_row=1, values_only=True)) == next(
            theirs[name].iter_rows(max_row=1, values_only=True)
        ), name


def test_the_headers_keep_the_templates_own_wording():
    assert JAN_2024.headers(1)[:5] == [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age",
    ]
    assert JAN_2024.headers(3)[5] == "Date of Referral"
    assert JAN_2024.headers(10)[5] == "Age of Child (Years)"
    assert JAN_2024.headers(8)[5].endswith("(Y/N))")
    assert "‘Missing’" in JAN_2024.headers(8)[28]


def test_the_gender_header_can_be_renamed_for_a_new_template_version(personas, tmp_path):
    out = tmp_path / "a.xlsx"
    sex = JAN_2024.but(name="2026 (Sex)", renames={"sex": "Sex"})
    result = export_annex_a(as_of=AS_OF, out_file=out, template=sex)
    book = read(out)
    assert result["template"] == "2026 (Sex)"
    assert book["List 1"][0][1] == "Sex"
    assert book["List 10"][0][2] == "Sex" and book["List 11"][0][2] == "Sex"


def test_dates_are_written_as_dates_shown_dd_mm_yyyy(book, tmp_path, personas):
    out = tmp_path / "b.xlsx"
    export_annex_a(as_of=AS_OF, out_file=out)
    cell = openpyxl.load_workbook(out)["List 1"]["F2"]
    assert cell.is_date and cell.number_format == "dd/mm/yyyy"


def test_text_that_looks_like_a_formula_stays_text(personas, tmp_path):
    erin = child(personas, "EHF", "Erin", D(2014, 9, 15))
    cw.start_early_help(
        by=personas.sam, person=erin, started_on=D(2026, 1, 10), organisation="=1+1"
    )
    out = tmp_path / "a.xlsx"
    export_annex_a(as_of=AS_OF, out_file=out)
    cell = openpyxl.load_workbook(out)["List 2"]["H2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


# --- Writing --------------------------------------------------------------------------------


def test_it_replaces_the_file_atomically_and_leaves_no_temporary_file(personas, tmp_path):
    out = tmp_path / "annex_a.xlsx"
    out.write_bytes(b"yesterday's workbook")
    export_annex_a(as_of=AS_OF, out_file=out)
    assert openpyxl.load_workbook(out).sheetnames[0] == "List 1"
    assert [p.name for p in tmp_path.iterdir()] == ["annex_a.xlsx"]
    assert out.stat().st_mode & 0o077 == 0  # child-level data: the owner only


def test_a_failed_write_keeps_the_old_file(personas, tmp_path, monkeypatch):
    out = tmp_path / "annex_a.xlsx"
    out.write_bytes(b"yesterday's workbook")

    def disk_full(fd):
        raise OSError("disk full")

    # The workbook is saved to the temporary file, then flushing it to disk fails.
    monkeypatch.setattr(export_module.os, "fsync", disk_full)
    with pytest.raises(OSError):
        export_annex_a(as_of=AS_OF, out_file=out)
    assert out.read_bytes() == b"yesterday's workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["annex_a.xlsx"]


def test_it_reports_rows_per_sheet_and_the_dates_used(personas, tmp_path):
    build_council(personas)
    result = export_annex_a(as_of=AS_OF, out_file=tmp_path / "a.xlsx", months=3)
    assert result["period_start"] == D(2026, 3, 30)
    assert result["year_start"] == D(2025, 6, 30)
    assert result["rows"]["List 1"] == 1  # only the contact on the inspection day is in 3 months
    assert set(result["rows"]) == {f"List {n}" for n in range(1, 12)}


def test_months_must_be_positive(tmp_path):
    with pytest.raises(ValueError):
        export_annex_a(as_of=AS_OF, out_file=tmp_path / "a.xlsx", months=0)


@pytest.mark.django_db(transaction=True)
def test_it_reads_every_list_from_one_snapshot(personas, tmp_path):
    contact_child(personas)
    with CaptureQueriesContext(connection) as queries:
        result = export_annex_a(as_of=AS_OF, out_file=tmp_path / "a.xlsx")
    assert result["rows"]["List 1"] == 3
    if connection.vendor == "postgresql":
        statements = [q["sql"] for q in queries.captured_queries if q["sql"] != "BEGIN"]
        assert "REPEATABLE READ" in statements[0]
    assert not connection.in_atomic_block


# --- Efficiency -----------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_the_number_of_children(personas, tmp_path):
    build_council(personas, "A")
    with CaptureQueriesContext(connection) as one:
        first = export_annex_a(as_of=AS_OF, out_file=tmp_path / "one.xlsx")
    build_council(personas, "B")
    build_council(personas, "C")
    with CaptureQueriesContext(connection) as three:
        third = export_annex_a(as_of=AS_OF, out_file=tmp_path / "three.xlsx")
    assert third["rows"]["List 8"] == 3 * first["rows"]["List 8"] > 0
    assert third["rows"]["List 1"] == 3 * first["rows"]["List 1"] > 0
    assert len(three.captured_queries) == len(one.captured_queries) <= 30
