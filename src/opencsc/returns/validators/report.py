"""A validation report as readable text: what to fix, row by row, rule by rule.

Layout: a header (return, rules, versions, time); errors grouped by rule, each row with its
child, table and row (and CSV line for 903), and the flagged fields with their values; queries
likewise; known validator defects apart, with why and the upstream reference; the rules that
could not run; and last ``errors: N`` (errors no known defect explains, the number to drive to 0).
"""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path

from opencsc.core.years import collection_year_label

from .known_defects import KNOWN_DEFECTS, advice_for
from .runner import Issue, ValidationReport

TITLES = {"903": "SSDA903", "cin": "CIN census"}


def format_report(report: ValidationReport, *, max_rows_per_rule: int | None = None) -> str:
    """The report as text ending in ``errors: N``; ``max_rows_per_rule`` shortens long rules."""
    lines = _header(report)

    lines += _section("Errors", report.errors, report, max_rows=max_rows_per_rule, with_advice=True)
    if report.kind == "cin" or report.queries:
        lines += _section(
            "Queries (check, then fix or explain to DfE)",
            report.queries,
            report,
            max_rows=max_rows_per_rule,
        )
    lines += _known_defects_section(report, max_rows=max_rows_per_rule)
    lines += _not_run_section(report)
    lines.append(f"errors: {report.error_count}")
    return "\n".join(lines) + "\n"


def _header(report: ValidationReport) -> list[str]:
    years = collection_year_label(report.year)
    package = "csc-validator-be-903" if report.kind == "903" else "csc-validator-be-cin"
    where = f", LA {report.la_ons_code}" if report.la_ons_code else ""
    mode = f", {report.mode} mode" if report.kind == "903" else ""
    return [
        f"{TITLES[report.kind]} validation: {years} rules ({report.ruleset}){where}{mode}",
        f"{package} {report.versions.get(package, '?')}, pandas "
        f"{report.versions.get('pandas', '?')}; {report.rules_total} rules: {report.rules_run} ran, "
        f"{len(report.skipped)} skipped, {len(report.crashed)} crashed; {report.seconds:.1f} s",
        "",
    ]


def _section(
    title: str,
    issues: list[Issue],
    report: ValidationReport,
    *,
    max_rows: int | None,
    with_advice: bool = False,
) -> list[str]:
    if not issues:
        return [f"{title}: none", ""]
    groups = _by_rule(issues)
    lines = [f"{title}: {len(issues)} in {len(groups)} rule{'s' if len(groups) != 1 else ''}"]
    for code, rule_issues in groups:
        lines += _rule_block(code, rule_issues, report, max_rows=max_rows)
        advice = advice_for(code, report.kind) if with_advice else None
        if advice:
            lines.append(f"    note ({advice.id}): {advice.why} {advice.treatment}")
    lines.append("")
    return lines


def _known_defects_section(report: ValidationReport, *, max_rows: int | None) -> list[str]:
    issues = report.known_defects
    title = "Known validator defects (shown apart, not counted in errors)"
    if not issues:
        return [f"{title}: none", ""]
    lines = [f"{title}: {len(issues)}"]
    by_defect = sorted(issues, key=lambda i: (i.known_defect or "", _rule_key(i.rule_code)))
    for defect_id, defect_issues in groupby(by_defect, key=lambda i: i.known_defect):
        entry = KNOWN_DEFECTS[defect_id or ""]
        lines.append(f"  [{entry.id}] {entry.why}")
        lines.append(f"    treat: {entry.treatment}")
        lines.append(f"    upstream: {entry.upstream}")
        for code, rule_issues in _by_rule(list(defect_issues)):
            lines += _rule_block(code, rule_issues, report, max_rows=max_rows, indent="    ")
    lines.append("")
    return lines


def _not_run_section(report: ValidationReport) -> list[str]:
    if not report.skipped and not report.crashed:
        return ["Rules that could not run: none", ""]
    lines = ["Rules that could not run"]
    if report.skipped:
        lines.append(
            f"  {len(report.skipped)} skipped, their tables were not supplied (last year's files, "
            f"Ofsted URN lists, OC3 rows...): {', '.join(sorted(report.skipped, key=_rule_key))}"
        )
    known = report.crashed_known
    for code in sorted(report.crashed, key=_rule_key):
        note = f" - known defect [{known[code]}]" if code in known else " - not a known defect"
        lines.append(f"  {code} raised {report.crashed[code]}{note}")
    lines.append("")
    return lines


def _rule_block(
    code: str,
    issues: list[Issue],
    report: ValidationReport,
    *,
    max_rows: int | None,
    indent: str = "  ",
) -> list[str]:
    first = issues[0]
    count = f"{len(issues)} row{'s' if len(issues) != 1 else ''}"
    lines = [f"{indent}{code} ({first.rule_type}) {first.message} [{count}]"]
    shown = issues if max_rows is None else issues[:max_rows]
    for issue in shown:
        lines.append(f"{indent}  - {_where(issue, report)}{_fix(issue)}")
    if len(shown) < len(issues):
        lines.append(f"{indent}  ... and {len(issues) - len(shown)} more")
    return lines


def _where(issue: Issue, report: ValidationReport) -> str:
    if issue.table is None:
        return "whole return (no single row)"
    child = f"child {issue.child_id}: " if issue.child_id else ""
    place = f"{issue.table} row {issue.row_id}"
    csv_file = report.table_files.get(issue.table)
    if csv_file and issue.row_id is not None:
        place += f" ({Path(csv_file).name} line {issue.row_id + 2})"  # line 1 is the header row
    return child + place


def _fix(issue: Issue) -> str:
    if not issue.fields:
        return ""
    values = issue.values
    shown = []
    for name in issue.fields:
        if name not in values:
            shown.append(name)  # a column of another table the rule compares with
        elif values[name] is None:
            shown.append(f"{name} blank")
        else:
            shown.append(f'{name} = "{values[name]}"')
    return "; check " + ", ".join(shown)


def _by_rule(issues: list[Issue]) -> list[tuple[str, list[Issue]]]:
    ordered = sorted(
        issues,
        key=lambda i: (_rule_key(i.rule_code), i.child_id or "", i.table or "", i.row_id or 0),
    )
    return [(code, list(group)) for code, group in groupby(ordered, key=lambda i: i.rule_code)]


def _rule_key(code: str) -> tuple[int, str]:
    # Numbered DfE rules in number order, then SW..., INT..., EPI, NoE.
    match = re.match(r"\d+", code)
    return (int(match.group()) if match else 10**9, code)
