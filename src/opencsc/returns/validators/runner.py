"""Run the DfE statutory-return validators on exported files: the product's API.

The validators are the Data to Insight community re-implementations of the DfE rules
(csc-validator-be-903 for the SSDA903 return, csc-validator-be-cin for the CIN census), the code
behind the hosted browser tools. They live in their own virtualenv (``venv.py``) and run in a
subprocess (``worker.py``); this module checks the input, starts the worker, and turns its JSON
into a ``ValidationReport`` in which issues explained by a known validator defect
(``known_defects.py``) are marked, and shown apart, never dropped.

DfE's own portal remains the authority; a clean run here is a strong check, not a guarantee.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from opencsc.returns.ssda903.spec import CARE_HISTORY_FILE

from .known_defects import KNOWN_DEFECTS, defect_for_crash, defect_for_issue
from .venv import ensure_validator_env

WORKER = Path(__file__).with_name("worker.py")
# A council-sized CIN file takes minutes (the package's XML reader grows faster than linearly:
# 10,000 children took 3 minutes on 2 cores), so allow a generous ceiling.
WORKER_TIMEOUT_SECONDS = 3600
MODES = ("tool", "isolated")


class ValidatorInputError(ValueError):
    """The files cannot be validated as given; the message names the file, the problem and the fix."""


class ValidatorRunError(RuntimeError):
    """The validators failed for a reason other than the input (a bug or a broken environment)."""


class ValidatorTimeout(ValidatorRunError):
    """The validators ran longer than allowed and were stopped; ``seconds`` is the limit."""

    def __init__(self, message: str, *, seconds: float) -> None:
        super().__init__(message)
        self.seconds = seconds


@dataclass(frozen=True)
class Issue:
    """One rule failing on one table row (its flagged fields together), as the hosted tool shows it.

    ``row_id`` is the row's position in its table, from 0 (for a 903 CSV, line ``row_id + 2``).
    ``context`` is that row as it was read; ``child`` holds facts about the child from the whole
    return (903: ``dob``, ``first_episode_start``, ``open_episode_start``, ``first_sw_start``) for
    the known-defect checks.
    ``known_defect`` is the id of the ``KNOWN_DEFECTS`` entry that explains it, if any.
    """

    rule_code: str
    rule_type: str  # "error" or "query" (CIN codes ending in Q: "please check or explain")
    message: str
    child_id: str | None
    table: str | None  # None for a whole-return (LA-level) CIN rule
    row_id: int | None
    fields: list[str]
    context: dict[str, str | None] = field(default_factory=dict)
    child: dict[str, str | None] = field(default_factory=dict)
    known_defect: str | None = None

    @property
    def values(self) -> dict[str, str | None]:
        """The flagged fields that are columns of this row, with their values (None: blank).

        A rule's fields can name columns of another table (rule 191 flags an episode for blank
        OC2 items); those are left out here and named by ``fields`` alone."""
        return {name: self.context[name] for name in self.fields if name in self.context}


@dataclass
class ValidationReport:
    """The result of one validator run. ``error_count`` is the number to drive to 0."""

    kind: str  # "903" or "cin"
    year: int  # the collection year's end: 2024 = 2023-24
    ruleset: str  # e.g. "lac2023_24", "cin2023_24"
    mode: str  # 903: "tool" or "isolated"; CIN: "tool"
    issues: list[Issue]
    rules_total: int
    rules_run: int
    skipped: list[str]  # 903 rules whose tables were not supplied (returned no result)
    crashed: dict[str, str]  # rule code -> the exception it raised
    seconds: float
    versions: dict[str, str]
    la_ons_code: str | None = None
    table_files: dict[str, str] = field(default_factory=dict)  # 903 table -> the CSV it came from

    @property
    def errors(self) -> list[Issue]:
        """Issues of type error that no known validator defect explains."""
        return [i for i in self.issues if i.rule_type == "error" and i.known_defect is None]

    @property
    def queries(self) -> list[Issue]:
        """Queries (CIN ``…Q`` rules) that no known defect explains: check, fix or explain."""
        return [i for i in self.issues if i.rule_type == "query" and i.known_defect is None]

    @property
    def known_defects(self) -> list[Issue]:
        """Issues explained by an entry of ``KNOWN_DEFECTS``: reported apart, never hidden."""
        return [i for i in self.issues if i.known_defect is not None]

    @property
    def error_count(self) -> int:
        return len(self.errors)

    @property
    def crashed_known(self) -> dict[str, str]:
        """Crashed rules that a known defect explains (rule code -> defect id)."""
        found = {code: defect_for_crash(code, self) for code in self.crashed}
        return {code: defect for code, defect in found.items() if defect}


def validate_903(
    directory: Path,
    *,
    year: int,
    la_ons_code: str,
    prev_directory: Path | None = None,
    mode: str = "tool",
    rules: list[str] | None = None,
    timeout: float = WORKER_TIMEOUT_SECONDS,
) -> ValidationReport:
    """Validate a directory of SSDA903 CSV tables (one per table, known by its header row).

    ``year`` is the collection year's end (2026 = 1 April 2025 to 31 March 2026).
    ``la_ons_code`` is the council's ONS upper-tier code (Norfolk ``E10000020``, not 926).
    ``prev_directory``: last year's tables, which enable the year-on-year rules.
    ``mode``: ``"tool"`` runs the library exactly as the hosted tool does; ``"isolated"`` gives each
    rule its own copy of the data, so no rule sees another's writes (see ``worker.py``).
    ``rules``: only these rule codes (default: the year's whole ruleset).
    ``timeout``: seconds before the run is stopped with ``ValidatorTimeout``.

    Raises ``ValidatorInputError`` when the files cannot be used.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    paths = _903_csvs(Path(directory), what="this year's 903 tables")
    prev_paths = (
        _903_csvs(Path(prev_directory), what="last year's 903 tables") if prev_directory else []
    )
    request = {
        "kind": "903",
        "paths": [str(p) for p in paths],
        "prev_paths": [str(p) for p in prev_paths],
        "year": str(int(year)),
        "la_ons": la_ons_code,
        "mode": mode,
        "rules": list(rules) if rules else None,
    }
    return _report(
        request,
        year=year,
        la_ons_code=la_ons_code,
        care_history=_care_history(Path(directory)),
        timeout=timeout,
    )


def _care_history(directory: Path) -> dict[str, str]:
    path = directory / CARE_HISTORY_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidatorInputError(
            f"{path} is not readable JSON ({exc}). Fix: export the return again, or delete the file."
        ) from exc
    return {str(k): str(v) for k, v in data.get("care_began", {}).items()}


def validate_cin(
    xml_path: Path,
    *,
    year: int,
    rules: list[str] | None = None,
    timeout: float = WORKER_TIMEOUT_SECONDS,
) -> ValidationReport:
    """Validate one CIN census XML file (no XML namespace; year and LA are in its header).

    ``year`` is the census year's end (2024 = 2023-24) and must match the file's header Year.
    ``timeout``: seconds before the run is stopped with ``ValidatorTimeout``.
    Raises ``ValidatorInputError`` when the file cannot be used.
    """
    path = Path(xml_path)
    if not path.exists():
        raise ValidatorInputError(f"{path} does not exist. Fix: give the CIN census XML file.")
    if not path.is_file():
        raise ValidatorInputError(f"{path} is not a file. Fix: give the CIN census XML file.")
    request = {
        "kind": "cin",
        "paths": [str(path.resolve())],
        "prev_paths": [],
        "year": str(int(year)),
        "la_ons": None,
        "mode": "tool",
        "rules": list(rules) if rules else None,
    }
    return _report(request, year=year, la_ons_code=None, timeout=timeout)


def _903_csvs(directory: Path, *, what: str) -> list[Path]:
    if not directory.exists():
        raise ValidatorInputError(
            f"{directory} does not exist. Fix: give the directory holding {what}."
        )
    if not directory.is_dir():
        raise ValidatorInputError(
            f"{directory} is not a directory. Fix: give the directory holding {what} "
            f"(one CSV per table), not a file."
        )
    entries = sorted(p for p in directory.iterdir() if p.is_file())
    csvs = [p.resolve() for p in entries if p.suffix.lower() == ".csv"]
    if not csvs:
        seen = ", ".join(p.name for p in entries[:5]) or "nothing"
        raise ValidatorInputError(
            f"{directory} holds no .csv files (found: {seen}). Fix: export {what} there as CSV, "
            f"one file per table (header.csv, episodes.csv, ...); 903 XML is not supported here."
        )
    return csvs


def _report(
    request: dict,
    *,
    year: int,
    la_ons_code: str | None,
    care_history: dict[str, str] | None = None,
    timeout: float = WORKER_TIMEOUT_SECONDS,
) -> ValidationReport:
    started = time.monotonic()
    result = _run_worker(request, timeout=timeout)
    seconds = time.monotonic() - started
    report = ValidationReport(
        kind=request["kind"],
        year=int(year),
        ruleset=result["ruleset"],
        mode=result["mode"],
        issues=[Issue(**issue) for issue in result["issues"]],
        rules_total=result["rules_total"],
        rules_run=result["rules_run"],
        skipped=result["skipped"],
        crashed=result["crashed"],
        seconds=round(seconds, 2),
        versions=result["versions"],
        la_ons_code=la_ons_code,
        table_files=result["table_files"],
    )
    if care_history:
        report.issues = [
            replace(i, child={**i.child, "care_began": care_history[i.child_id]})
            if i.child_id in care_history
            else i
            for i in report.issues
        ]
    # The predicates read the run (mode, ruleset, year), so mark issues once the report exists.
    report.issues = [replace(i, known_defect=defect_for_issue(i, report)) for i in report.issues]
    return report


def _run_worker(request: dict, *, timeout: float = WORKER_TIMEOUT_SECONDS) -> dict:
    python = ensure_validator_env()
    command = [str(python), "-I", str(WORKER)]  # -I: nothing from the product's paths or env
    with tempfile.TemporaryDirectory(prefix="opencsc-validators-") as scratch:
        try:
            # cwd is a scratch directory: whatever the libraries might write lands there.
            done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
                command,
                input=json.dumps(request).encode("ascii"),
                capture_output=True,
                timeout=timeout,
                cwd=scratch,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            # subprocess.run has killed the worker and reaped it: nothing is left running.
            raise ValidatorTimeout(
                f"The validators took more than {timeout:g} s and were stopped "
                f"(`{' '.join(command)}`). Fix: allow a longer timeout for very large files "
                f"(WORKER_TIMEOUT_SECONDS in {Path(__file__).name} is the default).",
                seconds=timeout,
            ) from exc
    stderr = done.stderr.decode("utf-8", errors="replace").strip()
    try:
        answer = json.loads(done.stdout.decode("utf-8")) if done.stdout.strip() else None
    except ValueError:
        answer = None
    if done.returncode == 2 and answer and not answer.get("ok"):
        raise ValidatorInputError(answer["problem"])
    if done.returncode != 0 or not answer or not answer.get("ok"):
        tail = "\n".join(stderr.splitlines()[-20:]) or "(no output)"
        raise ValidatorRunError(
            f"The validator worker failed (exit {done.returncode}) running `{' '.join(command)}`:\n"
            f"{tail}\nFix: if the virtualenv is damaged, delete {python.parent.parent} and run "
            f"again to rebuild it; otherwise this is a bug to report with the file that caused it."
        )
    return answer


__all__ = [
    "KNOWN_DEFECTS",
    "Issue",
    "ValidationReport",
    "ValidatorInputError",
    "ValidatorRunError",
    "ValidatorTimeout",
    "validate_903",
    "validate_cin",
]
