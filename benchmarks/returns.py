"""Benchmark: export time of the SSDA903 and CIN returns, and the DfE validators' time on the same
files (not a test). Target: export at least 5x faster than validation.

    .venv/bin/python benchmarks/returns.py --database sqlite:///var/bench/norfolk-1.sqlite3 [--year 2026]

Generate the council first (benchmarks/synth_norfolk.py). Prints one line per step.

England: generating it action by action would take days, so it is Norfolk copied in bulk SQL
(``opencsc synth_replicate``, docs/synthetic-council.md) round(England CLA / Norfolk CLA) times,
from the figures in src/opencsc/synth/profiles.py (81,770 / 1,069: 76 copies)::

    .venv/bin/python benchmarks/synth_norfolk.py            # var/bench/norfolk-1.sqlite3
    .venv/bin/python benchmarks/returns.py --england-from var/bench/norfolk-1.sqlite3 --skip-cin-validation

``--england-from`` copies the SQLite file to ``england-from-<name>`` beside it (kept; pass it
to ``--database`` next time) and replicates the copy. On PostgreSQL run
``opencsc synth_replicate --copies 76`` in a database holding Norfolk, then ``--database``.
``--skip-cin-validation``: the CIN validator grows faster than linearly (about 1.3 power of the
children) and holds the whole file in pandas: on England's ~760,000 children it would take many
hours, so the England run reports the CIN export alone.
"""

import argparse
import datetime as dt
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def make_england(norfolk: Path) -> str:
    """Copy the Norfolk SQLite file and replicate it to England's size; the copy's DATABASE_URL."""
    from opencsc.synth.replicate import england_copies

    copies = england_copies()
    england = norfolk.with_name(f"england-from-{norfolk.name}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{england}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    with sqlite3.connect(norfolk) as src, sqlite3.connect(england) as dst:
        src.backup(dst)  # a consistent copy, write-ahead log included
    print(f"copied {norfolk} to {england} in {time.perf_counter() - started:.1f}s")
    url = f"sqlite:///{england.resolve()}"
    print(f"england copies = round(England CLA / Norfolk CLA) = {copies}")
    env = {**os.environ, "DATABASE_URL": url}
    opencsc = [sys.executable, "-m", "opencsc.cli"]
    subprocess.run([*opencsc, "migrate", "-v0"], env=env, check=True, cwd=ROOT)  # an older file
    started = time.perf_counter()
    subprocess.run(
        [*opencsc, "synth_replicate", "--copies", str(copies)], env=env, check=True, cwd=ROOT
    )
    print(f"replicate_seconds={time.perf_counter() - started:.1f}")
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--database", help="DATABASE_URL of a generated (or replicated) council")
    where.add_argument(
        "--england-from",
        type=Path,
        help="a Norfolk SQLite file: copy it, replicate the copy to England's size, benchmark that",
    )
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument(
        "--skip-cin-validation",
        action="store_true",
        help="export the CIN census but do not validate it (hours at England's size)",
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database or make_england(args.england_from)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.settings")
    import django

    django.setup()
    from django.conf import settings

    from opencsc.returns.cin_census.export import export_cin
    from opencsc.returns.ssda903.export import export_903
    from opencsc.returns.validators import ensure_validator_env, validate_903, validate_cin

    today = dt.date.today()
    year = args.year or (today.year if today.month > 3 else today.year - 1)
    ensure_validator_env()
    out = Path(tempfile.mkdtemp(prefix="bench-returns-"))
    timings = {}
    t = time.perf_counter()
    counts = export_903(year=year, out_dir=out / "903")
    timings["export_903"] = time.perf_counter() - t
    t = time.perf_counter()
    report = validate_903(
        out / "903",
        year=year,
        la_ons_code=settings.OPENCSC_LA_ONS_CODE,
        prev_directory=out / "903" / "previous_year",
    )
    timings["validate_903"] = time.perf_counter() - t
    print(f"903 {year}: {counts}")
    print(
        f"903 errors={report.error_count} known_defects={len(report.known_defects)} rules_run={report.rules_run}"
    )
    t = time.perf_counter()
    cin_counts = export_cin(year=year, out_file=out / "cin.xml")
    timings["export_cin"] = time.perf_counter() - t
    if args.skip_cin_validation:
        print(f"CIN {year}: children={cin_counts.get('Child')} validation skipped")
    else:
        t = time.perf_counter()
        cin_report = validate_cin(out / "cin.xml", year=year)
        timings["validate_cin"] = time.perf_counter() - t
        print(
            f"CIN {year}: children={cin_counts.get('Child')} errors={cin_report.error_count} queries={len(cin_report.queries)}"
        )
    for name, seconds in timings.items():
        print(f"{name}_seconds={seconds:.2f}")
    print(f"903 validation/export = {timings['validate_903'] / timings['export_903']:.1f}x")
    if "validate_cin" in timings:
        print(f"CIN validation/export = {timings['validate_cin'] / timings['export_cin']:.1f}x")


if __name__ == "__main__":
    main()
