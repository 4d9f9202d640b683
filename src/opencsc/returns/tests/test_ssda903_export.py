"""The SSDA903 export: known children's rows in every table, and a clean run of the DfE rules."""

import csv
import datetime as dt

import pytest
from django.core.management import call_command

from opencsc.care import actions as care
from opencsc.casework import actions as cw
from opencsc.returns.ssda903.export import export_903
from opencsc.returns.ssda903.spec import FILE_NAMES, TABLES

from . import scenarios


def read(directory, table):
    with (directory / FILE_NAMES[table]).open() as f:
        rows = list(csv.DictReader(f))
        f.seek(0)
        assert next(csv.reader(f)) == TABLES[table]
    return rows


def rows_for(directory, table, child):
    return [
        {k: v for k, v in r.items() if k != "CHILD"}
        for r in read(directory, table)
        if r["CHILD"] == child
    ]


def looked_after(
    by, *, name, sex, born, la_id, upn_unknown, referred, started, status, need, placement
):
    """A child referred on ``referred`` and in care from ``started``; returns the period of care."""
    child = scenarios.child(by, *name.split(), born, sex, la_id, upn_unknown=upn_unknown)
    ref = cw.open_referral(by=by, person=child, received_on=referred, source="6", primary_need=need)
    return care.start_looked_after(
        by=by,
        person=child,
        started_on=started,
        legal_status=status,
        primary_need=need,
        referral=ref,
        placement=placement,
    )


@pytest.fixture
def exported(personas, tmp_path):
    scenarios.build(personas)
    out = tmp_path / "903"
    counts = export_903(year=2026, out_dir=out)
    return out, counts


def test_episodes_split_on_each_change_and_span_the_year(exported):
    out, _ = exported
    assert rows_for(out, "Episodes", "MIA001") == [
        {
            "DECOM": "01/09/2024",
            "RNE": "L",
            "LS": "C2",
            "CIN": "N1",
            "PLACE": "U4",
            "PLACE_PROVIDER": "PR1",
            "DEC": "01/07/2025",
            "REC": "X1",
            "REASON_PLACE_CHANGE": "CREQB",
            "HOME_POST": "NR1 1FN",
            "PL_POST": "NR1 1AF",
            "URN": "XXXXXXX",
        },
        {
            "DECOM": "01/07/2025",
            "RNE": "P",
            "LS": "C2",
            "CIN": "N1",
            "PLACE": "U6",
            "PLACE_PROVIDER": "PR4",
            "DEC": "",
            "REC": "",
            "REASON_PLACE_CHANGE": "",
            "HOME_POST": "NR1 1FN",
            "PL_POST": "NR1 1JE",
            "URN": "XXXXXXX",
        },
    ]


def test_adoption_ends_the_episode_and_fills_ad1_and_placed_adoption(exported):
    out, _ = exported
    assert rows_for(out, "Episodes", "AVA001") == [
        {
            "DECOM": "01/11/2024",
            "RNE": "P",
            "LS": "E1",
            "CIN": "N1",
            "PLACE": "A6",
            "PLACE_PROVIDER": "PR1",
            "DEC": "15/06/2025",
            "REC": "E11",
            "REASON_PLACE_CHANGE": "CARPL",
            "HOME_POST": "NR1 1FN",
            "PL_POST": "NR1 1JE",
            "URN": "XXXXXXX",
        },
    ]
    assert rows_for(out, "AD1", "AVA001") == [
        {
            "DOB": "01/03/2022",
            "DATE_INT": "01/02/2024",
            "DATE_MATCH": "01/10/2024",
            "FOSTER_CARE": "0",
            "NB_ADOPTR": "2",
            "SEX_ADOPTR": "MF",
            "LS_ADOPTR": "L11",
        },
    ]
    assert rows_for(out, "PlacedAdoption", "AVA001") == [
        {
            "DOB": "01/03/2022",
            "DATE_PLACED": "01/02/2024",
            "DATE_PLACED_CEASED": "",
            "REASON_PLACED_CEASED": "",
        },
    ]


def test_uasc_child_has_no_home_postcode_and_a_uasc_row(exported):
    out, _ = exported
    [episode] = rows_for(out, "Episodes", "OMAR001")
    assert (
        episode["RNE"],
        episode["LS"],
        episode["PLACE"],
        episode["URN"],
        episode["HOME_POST"],
    ) == ("S", "V2", "K3", "SC123456", "")
    assert rows_for(out, "UASC", "OMAR001") == [
        {"SEX": "M", "DOB": "01/02/2009", "DUC": "01/02/2027"}
    ]
    assert rows_for(out, "PrevPerm", "OMAR001") == [
        {"DOB": "01/02/2009", "PREV_PERM": "Z1", "LA_PERM": "", "DATE_PERM": ""}
    ]
    assert rows_for(out, "Header", "OMAR001") == [
        {
            "SEX": "M",
            "DOB": "01/02/2009",
            "ETHNIC": "WBRI",
            "UPN": "UN3",
            "MOTHER": "",
            "MC_DOB": "",
        }
    ]


def test_reviews_missing_oc2_and_social_worker_episodes(exported):
    out, _ = exported
    assert rows_for(out, "Reviews", "MIA001") == [
        {"DOB": "10/06/2012", "REVIEW": "10/05/2025", "REVIEW_CODE": "PN1"},
        {"DOB": "10/06/2012", "REVIEW": "05/11/2025", "REVIEW_CODE": "PN5"},
    ]
    assert rows_for(out, "Missing", "MIA001") == [
        {"DOB": "10/06/2012", "MISSING": "M", "MIS_START": "01/12/2025", "MIS_END": "02/12/2025"}
    ]
    assert rows_for(out, "OC2", "MIA001") == [
        {
            "DOB": "10/06/2012",
            "SDQ_SCORE": "12",
            "SDQ_REASON": "",
            "CONVICTED": "0",
            "HEALTH_CHECK": "",
            "IMMUNISATIONS": "1",
            "TEETH_CHECK": "1",
            "HEALTH_ASSESSMENT": "1",
            "SUBSTANCE_MISUSE": "0",
            "INTERVENTION_RECEIVED": "",
            "INTERVENTION_OFFERED": "",
        }
    ]
    [sw] = rows_for(out, "SWEpisodes", "MIA001")
    assert (sw["SW_DECOM"], sw["SW_DEC"], sw["SW_REASON"], sw["SW_ID"][:2]) == (
        "10/01/2024",
        "",
        "FCONTA",
        "XX",
    )
    assert rows_for(out, "OC2", "OMAR001") == []  # not looked after for 12 months


def test_care_leaver_in_oc3_and_header_but_not_episodes(exported):
    out, _ = exported
    assert rows_for(out, "OC3", "LEO001") == [
        {"DOB": "15/09/2006", "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "U1"}
    ]
    assert rows_for(out, "Episodes", "LEO001") == []
    assert len(rows_for(out, "Header", "LEO001")) == 1


def test_previous_year_tables_are_written_too(exported):
    out, counts = exported
    prev = out / "previous_year"
    # 2024-25: the ICO episode ending on 1 April (the placement order) was open that day.
    assert [
        (r["DECOM"], r["RNE"], r["LS"], r["DEC"]) for r in rows_for(prev, "Episodes", "AVA001")
    ] == [
        ("01/05/2023", "S", "C1", "01/04/2024"),
        ("01/04/2024", "L", "E1", "01/11/2024"),
        ("01/11/2024", "P", "E1", ""),
    ]
    assert counts["Episodes"] == len(read(out, "Episodes"))


def test_a_failed_export_leaves_the_earlier_one_untouched(personas, tmp_path, monkeypatch):
    from opencsc.returns.ssda903 import export as module

    scenarios.build(personas)
    out = tmp_path / "903"
    export_903(year=2026, out_dir=out, include_previous=False)
    before = (out / "episodes.csv").read_text()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(module, "write_tables", boom)
    with pytest.raises(RuntimeError):
        export_903(year=2026, out_dir=out, include_previous=False)
    assert (out / "episodes.csv").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["903"]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_small_council_passes_the_dfe_rules(tmp_path, today):
    from opencsc.returns.validators import validate_903
    from opencsc.returns.validators.report import format_report

    call_command("synth", size="small", seed=5, as_of=today, no_progress=True)
    year = today.year if today.month > 3 else today.year - 1
    out = tmp_path / "903"
    export_903(year=year, out_dir=out)
    report = validate_903(
        out, year=year, la_ons_code="E10000020", prev_directory=out / "previous_year"
    )
    assert report.rules_run > 250
    assert report.error_count == 0, format_report(report)


@pytest.mark.django_db
def test_an_h5_placement_still_open_when_h5_goes_is_returned_as_k3(personas, tmp_path):
    """H5 is retired from 2025-26 (rule 146); the DfE lets the open episode carry on as K3
    (rule 503D's exception), and last year's file, written in this year's codes, agrees."""
    from opencsc.returns.validators import validate_903

    looked_after(
        personas.sam,
        name="Zara Thimbleweed",
        sex="F",
        born=dt.date(2007, 5, 2),
        la_id="ZARA001",
        upn_unknown="UN5",
        referred=dt.date(2023, 6, 1),
        started=dt.date(2023, 6, 5),
        status="V2",
        need="N1",
        placement=care.PlacementDetails(
            place="H5", provider="PR4", urn="SC654321", postcode="NR1 1JN", home_postcode="NR1 1FN"
        ),
    )
    out = tmp_path / "903"
    export_903(year=2026, out_dir=out)
    this_year = rows_for(out, "Episodes", "ZARA001")
    last_year = rows_for(out / "previous_year", "Episodes", "ZARA001")
    assert [(r["DECOM"], r["PLACE"], r["URN"]) for r in this_year] == [
        ("05/06/2023", "K3", "SC654321")
    ]
    assert [(r["DECOM"], r["PLACE"]) for r in last_year] == [("05/06/2023", "K3")]

    report = validate_903(
        out, year=2026, la_ons_code="E10000020", prev_directory=out / "previous_year"
    )
    flagged = {i.rule_code for i in report.issues if i.child_id == "ZARA001"}
    assert report.rules_run > 250
    assert not flagged & {"146", "503D", "503E", "503F", "503G", "503H", "503J"}, flagged


@pytest.mark.django_db
def test_a_decision_reversed_after_the_year_is_still_open_in_that_years_placed_adoption(
    personas, tmp_path
):
    """Rule 559: a decision made before this year must be in last year's PlacedAdoption, even
    though it was reversed later (this year's row then carries the reversal)."""

    by = personas.sam
    period = looked_after(
        by,
        name="Rosa Pinwhistle",
        sex="F",
        born=dt.date(2021, 3, 3),
        la_id="ROSA001",
        upn_unknown="UN1",
        referred=dt.date(2023, 9, 1),
        started=dt.date(2023, 9, 4),
        status="C2",
        need="N1",
        placement=care.PlacementDetails(
            place="U6", provider="PR1", postcode="NR1 1AF", home_postcode="NR1 1FN"
        ),
    )
    case = care.record_adoption_decision(by=by, period=period, decision_on=dt.date(2024, 10, 12))
    care.reverse_adoption_decision(by=by, case=case, on=dt.date(2025, 5, 23), reason="RD4")
    out = tmp_path / "903"
    export_903(year=2026, out_dir=out)
    assert rows_for(out / "previous_year", "PlacedAdoption", "ROSA001") == [
        {
            "DOB": "03/03/2021",
            "DATE_PLACED": "12/10/2024",
            "DATE_PLACED_CEASED": "",
            "REASON_PLACED_CEASED": "",
        }
    ]
    assert rows_for(out, "PlacedAdoption", "ROSA001") == [
        {
            "DOB": "03/03/2021",
            "DATE_PLACED": "12/10/2024",
            "DATE_PLACED_CEASED": "23/05/2025",
            "REASON_PLACED_CEASED": "RD4",
        }
    ]


def test_the_care_history_beside_the_tables_says_when_each_care_leaver_came_into_care(exported):
    import json

    out, _ = exported
    history = json.loads((out / "care-history.json").read_text())["care_began"]
    assert history == {"LEO001": "02/01/2020"}


def test_a_child_leaving_care_on_31_march_is_in_oc2_without_an_sdq(personas, tmp_path):
    """Looked after continuously for 12 months and ceasing on 31 March itself: the DfE rules
    still count him (rule 191 wants his OC2 row), and at 17 before the year began he has
    neither SDQ score nor reason (rule 189)."""
    from opencsc.returns.validators import validate_903

    by = personas.sam
    period = looked_after(
        by,
        name="Tobias Quillfeather",
        sex="M",
        born=dt.date(2008, 3, 31),
        la_id="TOBI001",
        upn_unknown="UN3",
        referred=dt.date(2024, 10, 10),
        started=dt.date(2024, 10, 16),
        status="V2",
        need="N8",
        placement=care.PlacementDetails(
            place="U6", provider="PR4", postcode="NR1 1JN", home_postcode="NR1 1FN"
        ),
    )
    care.cease_looked_after(by=by, period=period, ended_on=dt.date(2026, 3, 31), reason="E5")
    out = tmp_path / "903"
    export_903(year=2026, out_dir=out)

    (oc2,) = rows_for(out, "OC2", "TOBI001")
    assert (oc2["SDQ_SCORE"], oc2["SDQ_REASON"]) == ("", "")
    report = validate_903(
        out, year=2026, la_ons_code="E10000020", rules=["186", "189", "191", "197B"]
    )
    assert [i.rule_code for i in report.errors if i.child_id == "TOBI001"] == []
