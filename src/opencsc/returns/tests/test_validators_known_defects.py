"""Which issues the known-defect registry excuses, and that the report shows them apart."""

from dataclasses import replace

import pytest

from opencsc.returns.validators import KNOWN_DEFECTS, Issue, ValidationReport, format_report
from opencsc.returns.validators.known_defects import defect_for_issue


def run(*, mode="tool", year=2024, ruleset=None, issues=(), crashed=None):
    report = ValidationReport(
        kind="903",
        year=year,
        ruleset=ruleset or f"lac{year - 1}_{str(year)[2:]}",
        mode=mode,
        issues=[],
        rules_total=312,
        rules_run=300,
        skipped=[],
        crashed=crashed or {},
        seconds=1.0,
        versions={"csc-validator-be-903": "0.1.17", "pandas": "1.5.3"},
        la_ons_code="E10000020",
    )
    report.issues = [replace(i, known_defect=defect_for_issue(i, report)) for i in issues]
    return report


def issue(code, table, *, context=None, child=None, fields=("X",), rule_type="error"):
    return Issue(
        rule_code=code,
        rule_type=rule_type,
        message=f"message of {code}",
        child_id="C1",
        table=table,
        row_id=0,
        fields=list(fields),
        context=context or {},
        child=child or {},
    )


def explained(one_issue, **run_kwargs):
    return run(issues=[one_issue], **run_kwargs).issues[0].known_defect


@pytest.mark.parametrize(
    ("dob", "expected"),
    [("31/03/2004", "903-care-leavers-20-plus"), ("01/04/2004", None), (None, None)],
)
def test_care_leaver_rules_are_excused_only_from_age_20_at_31_march(dob, expected):
    assert explained(issue("1001", "OC3", context={"DOB": dob}), year=2024) == expected
    assert explained(issue("1002", "OC3", context={"DOB": dob}), year=2024) == expected


@pytest.mark.parametrize(
    ("care_began", "expected"),
    [("31/03/2024", "903-care-leavers-20-plus"), ("01/04/2024", None), (None, None)],
)
def test_a_younger_care_leaver_is_excused_only_for_care_before_last_years_file(
    care_began, expected
):
    flagged = issue("1002", "OC3", context={"DOB": "03/08/2006"}, child={"care_began": care_began})
    assert explained(flagged, year=2026) == expected


def test_an_open_missing_episode_is_excused_in_tool_mode_only():
    flagged = issue(
        "575",
        "Missing",
        context={"MIS_START": "10/03/2024", "MIS_END": None},
        child={"open_episode_start": "01/01/2024"},
    )

    assert explained(flagged, mode="tool") == "903-open-missing-tool-mode"
    assert explained(flagged, mode="isolated") is None


def test_a_closed_missing_episode_or_a_child_out_of_care_stays_an_error():
    ended = issue("577", "Missing", context={"MIS_START": "10/03/2024", "MIS_END": "11/03/2024"})
    left_care = issue("577", "Missing", context={"MIS_START": "10/03/2024"}, child={})

    assert explained(ended) is None
    assert explained(left_care) is None


def test_sw12stg2_is_excused_on_open_episodes_in_isolated_mode():
    open_episode = issue(
        "SW12STG2", "Episodes", context={"DEC": None}, child={"first_sw_start": "01/04/2023"}
    )
    closed_episode = issue(
        "SW12STG2",
        "Episodes",
        context={"DEC": "01/02/2024"},
        child={"first_sw_start": "01/04/2023"},
    )
    no_worker = issue("SW12STG2", "Episodes", context={"DEC": None}, child={})

    assert explained(open_episode, mode="isolated") == "903-sw12stg2-isolated-mode"
    assert explained(open_episode, mode="tool") is None
    assert explained(closed_episode, mode="isolated") is None
    assert explained(no_worker, mode="isolated") is None


def test_sw11bstg2_is_excused_only_when_the_next_episode_starts_on_the_day():
    followed = issue(
        "SW11bSTG2",
        "SWEpisodes",
        context={"SW_DEC": "30/03/2026"},
        child={"sw_starts": "07/02/2025,25/02/2026,30/03/2026"},
    )
    assert explained(followed, year=2026) == "903-sw11bstg2-three-episodes"
    not_followed = replace(followed, child={"sw_starts": "07/02/2025,25/02/2026"})
    assert explained(not_followed, year=2026) is None


def test_k3_is_excused_under_the_2024_25_rules_only():
    k3 = issue("146", "Episodes", context={"PLACE": "K3"})

    assert explained(k3, year=2025) == "903-146-k3-lower-case"
    assert explained(k3, year=2026) is None
    assert explained(issue("146", "Episodes", context={"PLACE": "Q9"}), year=2025) is None


def test_218_is_excused_for_a_short_break_without_a_urn():
    assert explained(issue("218", "Episodes", context={"LS": "V3", "URN": None})) == (
        "903-218-short-breaks"
    )
    assert explained(issue("218", "Episodes", context={"LS": "C2", "URN": None})) is None
    assert explained(issue("214", "Episodes", context={"LS": "V3", "URN": "SC1"})) is None


def test_210_is_excused_only_for_children_new_to_care_in_the_last_week():
    new = issue("210", "Header", child={"first_episode_start": "25/03/2024"})
    moved = issue("210", "Episodes", child={"first_episode_start": "01/05/2020"})

    assert explained(new) == "903-210-un4-inverted"
    assert explained(moved) is None


def test_169_is_excused_for_a_valid_postcode_in_a_district_newer_than_the_lookup():
    sheffield = issue("169", "Episodes", context={"PL_POST_DISTRICT": "E08000039", "PL_LA": None})
    nonsense = issue("169", "Episodes", context={"PL_POST_DISTRICT": None, "PL_LA": None})

    assert explained(sheffield) == "903-169-new-districts"
    assert explained(nonsense) is None


def test_advice_entries_never_excuse_an_issue():
    assert KNOWN_DEFECTS["903-205b-duc-18th-birthday"].explains is None
    assert explained(issue("205B", "UASC")) is None
    assert explained(issue("SW17STG2", "SWEpisodes"), year=2026) is None


def test_rules_that_never_run_are_known_crashes():
    report = run(crashed={"231": "KeyError: 'UASC_STATUS'", "999": "KeyError: 'X'"}, year=2025)

    assert report.crashed_known == {"231": "903-rules-that-never-run"}


def test_the_report_shows_known_defects_apart_and_does_not_count_them():
    report = run(
        issues=[
            issue("1001", "OC3", context={"DOB": "01/01/2003"}, fields=["IN_TOUCH"]),
            issue("101", "Header", context={"SEX": "7"}, fields=["SEX"]),
        ],
        crashed={"231": "KeyError: 'UASC_STATUS'"},
    )

    text = format_report(report)

    assert report.error_count == 1
    assert [i.rule_code for i in report.known_defects] == ["1001"]
    errors, known = text.index("Errors: 1 in 1 rule"), text.index("Known validator defects")
    assert errors < text.index('check SEX = "7"') < known < text.index("1001 (error)")
    assert "upstream: https://github.com/data-to-insight/csc-validator-be-903" in text
    assert "231 raised KeyError: 'UASC_STATUS' - known defect [903-rules-that-never-run]" in text
    assert text.endswith("errors: 1\n")


def test_queries_are_listed_but_not_counted_as_errors():
    report = run(issues=[issue("2886Q", "CINdetails", rule_type="query")])
    report.kind = "cin"

    assert report.error_count == 0
    assert len(report.queries) == 1
    assert "Queries (check, then fix or explain to DfE): 1 in 1 rule" in format_report(report)
