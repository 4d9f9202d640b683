"""The CIN census export: known children's records in the 2025-26 file, its schema, its edges.

Every child is recorded through the real actions, with dates fixed in the past, and read back
from the file the export wrote. Year 2026 is 1 April 2025 to 31 March 2026.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from opencsc.casework import actions as cw
from opencsc.casework.models import Section47Enquiry
from opencsc.casework.timescales import icpc_due
from opencsc.people import actions as people
from opencsc.people.identifiers import upn_check_letter
from opencsc.returns.cin_census.export import CINExportError, export_cin
from opencsc.returns.cin_census.spec import SPECS

# The scenarios record events after April 2026: they need the pinned today, not the clock.
pytestmark = pytest.mark.usefixtures("today")

D = dt.date
YEAR = 2026
UPN = upn_check_letter("926123412001") + "926123412001"
GENERATED = dt.datetime(2026, 4, 20, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The personas sign in with Argon2 hashes otherwise: ~0.3 s a user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- the children -------------------------------------------------------------------------------


def child(w, la_child_id, *, born=None, expected=None, sex="F", disabilities=("NONE",), **extra):
    return people.register_person(
        by=w.sam,
        first_name="Test",
        last_name=la_child_id.title(),
        la_child_id=la_child_id,
        sex=sex if born else "U",
        ethnicity=extra.pop("ethnicity", "WBRI"),
        date_of_birth=born,
        expected_date_of_birth=expected,
        disabilities=list(disabilities) if born else [],
        **extra,
    )


def referral(w, person, on, *, source="2A", need="N1", nfa=False):
    ref = cw.open_referral(
        by=w.sam, person=person, received_on=on, source=source, primary_need=need
    )
    return cw.decide_referral(by=w.sam, referral=ref, decided_on=on, nfa=nfa)


def assess(w, ref, started, authorised=None, factors=("16A",), services=True):
    assessment = cw.start_assessment(by=w.sam, referral=ref, started_on=started)
    if authorised:
        cw.complete_assessment(
            by=w.tara,
            assessment=assessment,
            authorised_on=authorised,
            child_seen=True,
            factors=list(factors),
            services_required=services,
        )
    return assessment


def s47(w, ref, on):
    discussion = cw.hold_strategy_discussion(by=w.sam, referral=ref, held_on=on, s47_initiated=True)
    return Section47Enquiry.objects.get(strategy_discussion=discussion)


def cp_plan(w, ref, strategy_on, icpc_on, category):
    conference = cw.hold_initial_conference(
        by=w.tara, enquiry=s47(w, ref, strategy_on), held_on=icpc_on, plan_decided=True,
        category=category,
    )  # fmt: skip
    return conference.plan_made


def build_council(w):
    """The known children (Lily, the personas' child, is in it too: referred 1 Sep 2025)."""
    # An NFA referral: closed the day it arrived.
    nfa = child(w, "CINNFA01", born=D(2012, 3, 10), upn=UPN)
    referral(w, nfa, D(2025, 6, 2), source="6", need="N0", nfa=True)

    # Assessed, no factors, closed after assessment (RC8).
    assessed = child(w, "CINASS01", born=D(2010, 1, 20), sex="M", upn_unknown="UN2")
    ref = referral(w, assessed, D(2025, 5, 1), need="N5")
    assess(w, ref, D(2025, 5, 2), D(2025, 6, 10), factors=["21"], services=False)
    cw.close_referral(by=w.tara, referral=ref, closed_on=D(2025, 6, 10), reason="RC8")

    # A CP plan in 2023 (a previous plan), then S47 -> ICPC -> CP plan -> reviews this year.
    cp = child(w, "CINCPP01", born=D(2014, 9, 9), sex="M", upn_unknown="UN3")
    old = referral(w, cp, D(2023, 1, 9), source="6")
    old_plan = cp_plan(w, old, D(2023, 1, 10), D(2023, 1, 31), "PHY")
    cw.hold_cp_review(by=w.tara, plan=old_plan, held_on=D(2023, 7, 3), plan_continues=False)
    cw.close_referral(by=w.tara, referral=old, closed_on=D(2023, 8, 1), reason="RC7")
    ref = referral(w, cp, D(2025, 7, 1), source="3A")
    assessment = assess(w, ref, D(2025, 7, 2))
    plan = cp_plan(w, ref, D(2025, 7, 3), D(2025, 7, 22), "NEG")
    cw.complete_assessment(
        by=w.tara, assessment=assessment, authorised_on=D(2025, 7, 22), child_seen=True,
        factors=["3B", "16A"], services_required=True,
    )  # fmt: skip
    cw.hold_cp_review(
        by=w.tara, plan=plan, held_on=D(2025, 10, 15), plan_continues=True, latest_category="EMO"
    )
    cw.hold_cp_review(by=w.tara, plan=plan, held_on=D(2026, 4, 14), plan_continues=True)

    # A CIN plan; an S47 that needed no conference; everything after 31 March left out.
    cin = child(w, "CINPLN01", born=D(2016, 2, 2), disabilities=["AUT", "LD"], upn_unknown="UN5")
    ref = referral(w, cin, D(2025, 8, 1), source="1A", need="N4")
    enquiry = s47(w, ref, D(2025, 8, 5))
    cw.complete_section47(
        by=w.sam, enquiry=enquiry, ended_on=D(2025, 8, 20), outcome="cin_services"
    )
    assess(w, ref, D(2025, 8, 4), D(2025, 9, 1), factors=["4B", "3B"])
    plan = cw.start_cin_plan(by=w.sam, referral=ref, started_on=D(2025, 9, 5))
    cw.end_cin_plan(by=w.sam, plan=plan, ended_on=D(2026, 5, 1))
    cw.close_referral(by=w.tara, referral=ref, closed_on=D(2026, 5, 11), reason="RC7")

    # Unborn at 31 March: one still unborn, one born in April.
    unborn = child(w, "CINUNB01", expected=D(2026, 4, 20), upn_unknown="UN1")
    ref = referral(w, unborn, D(2026, 2, 2), source="3B", need="N3")
    assess(w, ref, D(2026, 2, 3))
    born_april = child(w, "CINBRN01", expected=D(2026, 4, 10), upn_unknown="UN1")
    referral(w, born_april, D(2026, 3, 2), source="3B")
    people.record_birth(by=w.sam, person=born_april, date_of_birth=D(2026, 4, 8), sex="M")
    people.set_disabilities(by=w.sam, person=born_april, codes=["NONE"])

    # Open across 1 April 2025: the plan goes in, the assessment finished before it does not.
    spanning = child(w, "CINSPN01", born=D(2011, 11, 11), upn_unknown="UN2")
    ref = referral(w, spanning, D(2025, 1, 15), source="5A", need="N2")
    assess(w, ref, D(2025, 1, 16), D(2025, 2, 20), factors=["5B"])
    cw.start_cin_plan(by=w.sam, referral=ref, started_on=D(2025, 2, 25))

    # A child who arrived on another council's plan.
    moved_in = child(w, "CINTRF01", born=D(2013, 6, 6), upn_unknown="UN2")
    ref = referral(w, moved_in, D(2025, 10, 1), source="5C")
    cw.hold_transfer_in_conference(by=w.tara, referral=ref, held_on=D(2025, 10, 3), category="PHY")

    # Year boundaries: closed 31 March 2025 (last year's return), closed 1 April 2025 (this one's).
    old = child(w, "CINOLD01", born=D(2009, 4, 4), upn_unknown="UN2")
    referral(w, old, D(2024, 6, 3), nfa=True)
    for la_child_id, closed in (("CINEDG01", D(2025, 3, 31)), ("CINEDG02", D(2025, 4, 1))):
        edge = child(w, la_child_id, born=D(2015, 1, 5), upn_unknown="UN2")
        ref = referral(w, edge, D(2025, 3, 3))
        assess(w, ref, D(2025, 3, 4), closed, factors=["21"], services=False)
        cw.close_referral(by=w.tara, referral=ref, closed_on=closed, reason="RC8")


@pytest.fixture
def census(personas, tmp_path):
    build_council(personas)
    out = tmp_path / "cin.xml"
    counts = export_cin(year=YEAR, out_file=out, generated_at=GENERATED)
    return counts, etree.parse(str(out)).getroot(), out


def children(root) -> dict:
    return {c.findtext("ChildIdentifiers/LAchildID"): c for c in root.iterfind("Children/Child")}


def the(census, la_child_id):
    return children(census[1])[la_child_id]


def texts(element, path) -> list[str]:
    return [e.text for e in element.iterfind(path)]


def fields(element) -> dict[str, str]:
    """A flat element's children as {tag: text} (leaves only)."""
    return {e.tag: e.text for e in element if len(e) == 0}


# --- the known children -------------------------------------------------------------------------


def test_an_nfa_referral_is_closed_the_day_it_came_with_the_nfa_flag(census):
    c = the(census, "CINNFA01")
    (details,) = c.findall("CINdetails")
    assert fields(details) == {
        "CINreferralDate": "2025-06-02",
        "ReferralSource": "6",
        "PrimaryNeedCode": "N0",
        "CINclosureDate": "2025-06-02",
        "ReasonForClosure": "RC8",
        "ReferralNFA": "1",
    }


def test_an_assessment_only_episode_closed_rc8_carries_its_factors(census):
    (details,) = the(census, "CINASS01").findall("CINdetails")
    assert fields(details)["ReasonForClosure"] == "RC8"
    assert fields(details)["CINclosureDate"] == "2025-06-10"
    assert details.findtext("ReferralNFA") == "0"
    (assessment,) = details.findall("Assessments")
    assert fields(assessment) == {
        "AssessmentActualStartDate": "2025-05-02",
        "AssessmentAuthorisationDate": "2025-06-10",
    }
    assert texts(assessment, "FactorsIdentifiedAtAssessment/AssessmentFactors") == ["21"]
    assert details.find("CINPlanDates") is None and details.find("Section47") is None


def test_s47_to_icpc_to_cp_plan_with_a_review(census):
    c = the(census, "CINCPP01")
    (details,) = c.findall("CINdetails")  # the 2023 episode closed long before the year
    assert details.find("DateOfInitialCPC") is None  # on the enquiry, not both (2884)
    assert details.find("CINclosureDate") is None
    (enquiry,) = details.findall("Section47")
    assert fields(enquiry) == {
        "S47ActualStartDate": "2025-07-03",
        "InitialCPCtarget": icpc_due(D(2025, 7, 3)).isoformat(),
        "DateOfInitialCPC": "2025-07-22",
        "ICPCnotRequired": "0",
    }
    (assessment,) = details.findall("Assessments")
    assert texts(assessment, "FactorsIdentifiedAtAssessment/AssessmentFactors") == ["3B", "16A"]
    (plan,) = details.findall("ChildProtectionPlans")
    assert fields(plan) == {
        "CPPstartDate": "2025-07-22",  # the ICPC date (2885)
        "InitialCategoryOfAbuse": "NEG",
        "LatestCategoryOfAbuse": "EMO",
        "NumberOfPreviousCPP": "1",  # the 2023 plan
    }
    assert texts(plan, "Reviews/CPPreviewDate") == ["2025-10-15"]  # not the April 2026 one
    assert [e.tag for e in details] == [
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "Assessments",
        "Section47",
        "ReferralNFA",
        "ChildProtectionPlans",
    ]


def test_a_transfer_in_conference_dates_the_cin_details(census):
    (details,) = the(census, "CINTRF01").findall("CINdetails")
    assert details.findtext("DateOfInitialCPC") == "2025-10-03"
    assert details.find("Section47") is None
    (plan,) = details.findall("ChildProtectionPlans")
    assert fields(plan) == {
        "CPPstartDate": "2025-10-03",
        "InitialCategoryOfAbuse": "PHY",
        "LatestCategoryOfAbuse": "PHY",
        "NumberOfPreviousCPP": "0",
    }


def test_a_cin_plan_and_an_s47_needing_no_conference_as_at_31_march(census):
    c = the(census, "CINPLN01")
    (details,) = c.findall("CINdetails")
    # The plan ended and the episode closed in May 2026: both open at 31 March.
    assert details.find("CINclosureDate") is None and details.find("ReasonForClosure") is None
    (plan,) = details.findall("CINPlanDates")
    assert fields(plan) == {"CINPlanStartDate": "2025-09-05"}
    (enquiry,) = details.findall("Section47")
    assert fields(enquiry) == {
        "S47ActualStartDate": "2025-08-05",
        "InitialCPCtarget": icpc_due(D(2025, 8, 5)).isoformat(),
        "ICPCnotRequired": "1",
    }
    assert texts(c, "ChildCharacteristics/Disabilities/Disability") == ["LD", "AUT"]


def test_an_unborn_child_is_sex_u_with_an_expected_date_and_no_disabilities(census):
    c = the(census, "CINUNB01")
    assert fields(c.find("ChildIdentifiers")) == {
        "LAchildID": "CINUNB01",
        "UPNunknown": "UN1",
        "ExpectedPersonBirthDate": "2026-04-20",
        "Sex": "U",
    }
    assert c.find("ChildCharacteristics/Disabilities") is None
    (assessment,) = c.findall("CINdetails/Assessments")
    assert fields(assessment) == {"AssessmentActualStartDate": "2026-02-03"}


def test_a_child_born_after_31_march_is_returned_as_unborn(census):
    c = the(census, "CINBRN01")
    identifiers = fields(c.find("ChildIdentifiers"))
    assert identifiers["ExpectedPersonBirthDate"] == "2026-04-10"
    assert "PersonBirthDate" not in identifiers
    assert identifiers["Sex"] == "U"
    assert c.find("ChildCharacteristics/Disabilities") is None


def test_an_episode_open_at_the_year_start_keeps_its_plan_not_its_finished_assessment(census):
    (details,) = the(census, "CINSPN01").findall("CINdetails")
    assert details.findtext("CINreferralDate") == "2025-01-15"
    assert details.find("Assessments") is None  # authorised 20 Feb 2025 (8696)
    (plan,) = details.findall("CINPlanDates")
    assert fields(plan) == {"CINPlanStartDate": "2025-02-25"}


def test_a_upn_or_the_reason_it_is_unknown(census):
    with_upn = fields(the(census, "CINNFA01").find("ChildIdentifiers"))
    assert with_upn == {
        "LAchildID": "CINNFA01",
        "UPN": UPN,
        "PersonBirthDate": "2012-03-10",
        "Sex": "F",
    }
    without = fields(the(census, "CINASS01").find("ChildIdentifiers"))
    assert without["UPNunknown"] == "UN2" and "UPN" not in without
    assert without["Sex"] == "M"
    lily = the(census, "TEST0001")
    assert texts(lily, "ChildCharacteristics/Disabilities/Disability") == ["NONE"]
    assert lily.findtext("ChildCharacteristics/Ethnicity") == "WBRI"


def test_episodes_closed_before_the_year_are_left_out(census):
    ids = set(children(census[1]))
    assert "CINOLD01" not in ids
    assert "CINEDG01" not in ids  # closed 31 March 2025: in the 2024-25 return
    assert "CINEDG02" in ids  # closed 1 April 2025
    assert ids == {
        "CINNFA01",
        "CINASS01",
        "CINCPP01",
        "CINPLN01",
        "CINUNB01",
        "CINBRN01",
        "CINSPN01",
        "CINTRF01",
        "CINEDG02",
        "TEST0001",
    }


# --- the file -----------------------------------------------------------------------------------


def test_the_file_has_the_header_and_no_namespace(census, settings):
    _, root, out = census
    assert root.tag == "Message" and root.nsmap == {}
    assert fields(root.find("Header/CollectionDetails")) == {
        "Collection": "CIN",
        "Year": "2026",
        "ReferenceDate": "2026-03-31",
    }
    source = fields(root.find("Header/Source"))
    assert source["SourceLevel"] == "L"
    assert source["LEA"] == settings.OPENCSC_LA_CODE == "926"
    assert source["SoftwareCode"] == "opencsc"
    assert source["Release"] == "0.1.0"
    assert source["SerialNo"] == "001"
    assert source["DateTime"] == "2026-04-20T10:30:00"  # London time, BST
    assert out.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


def test_the_file_matches_the_2026_schema(census):
    schema = etree.XMLSchema(etree.parse(str(SPECS[YEAR].xsd_path)))
    assert schema.validate(etree.parse(str(census[2]))), schema.error_log


def test_it_returns_how_many_of_each_element_it_wrote(census):
    counts, root, _ = census
    assert counts["Child"] == 10
    assert counts["CINdetails"] == 10
    assert counts["Assessments"] == 5  # ASS01, CPP01, PLN01, UNB01, EDG02
    assert counts["CINPlanDates"] == 2
    assert counts["Section47"] == 2
    assert counts["ChildProtectionPlans"] == 2
    assert counts["CPPreviewDate"] == 1
    assert counts == dict(sorted(counts.items()))
    assert sum(counts.values()) == len(list(root.iter()))


def test_a_file_failing_its_schema_is_not_written(personas, tmp_path, settings):
    build_council(personas)
    out = tmp_path / "cin.xml"
    out.write_text("the previous file")
    settings.OPENCSC_LA_CODE = "92"  # LEA must be three digits
    with pytest.raises(CINExportError, match="does not match its schema") as caught:
        export_cin(year=YEAR, out_file=out)
    assert any("LEA" in p for p in caught.value.problems)
    assert out.read_text() == "the previous file"
    assert [p.name for p in tmp_path.iterdir()] == ["cin.xml"]  # no temporary file left


def test_a_child_without_an_la_child_id_stops_the_export(personas, tmp_path):
    adult = people.register_person(
        by=personas.sam, first_name="No", last_name="Id", date_of_birth=D(2010, 1, 1)
    )
    cw.open_referral(by=personas.sam, person=adult, received_on=D(2025, 5, 5), source="6")
    out = tmp_path / "cin.xml"
    with pytest.raises(CINExportError, match=f"person id {adult.pk} has a CIN episode but no LA"):
        export_cin(year=YEAR, out_file=out)
    assert not out.exists()


def test_the_2023_24_format_uses_gender_current_and_true_false(personas, tmp_path):
    out = tmp_path / "cin.xml"
    boy = child(personas, "CIN2024B", born=D(2012, 2, 2), sex="M", upn_unknown="UN2")
    referral(personas, boy, D(2023, 6, 5), nfa=True)
    export_cin(year=2024, out_file=out)
    root = etree.parse(str(out)).getroot()
    assert set(children(root)) == {"CIN2024B"}  # Lily was referred after the year
    (c,) = children(root).values()
    assert c.findtext("ChildIdentifiers/GenderCurrent") == "1"
    assert c.find("ChildIdentifiers/Sex") is None
    assert c.findtext("CINdetails/ReferralNFA") == "true"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2024-03-31"


def test_a_year_without_a_known_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="No CIN census format for 2030-31"):
        export_cin(year=2031, out_file=tmp_path / "cin.xml")


def test_its_queries_do_not_grow_with_the_number_of_children(personas, tmp_path):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            export_cin(year=YEAR, out_file=tmp_path / "cin.xml")
        return len(ctx.captured_queries)

    few = queries()
    build_council(personas)
    assert queries() == few <= 12


def test_it_writes_into_the_folder_it_is_given(personas, tmp_path):
    with pytest.raises(FileNotFoundError):
        export_cin(year=YEAR, out_file=tmp_path / "missing" / "cin.xml")
    assert list(Path(tmp_path).iterdir()) == []
