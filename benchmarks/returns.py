"""Benchmark: export time of the SSDA903 and CIN returns, and the DfE validators' time on the same
files (not a test). Target: export at least 5x faster than validation.

    .venv/bin/python benchmarks/returns.py --database sqlite:///var/bench/norfolk-1.sqlite3 [--year 2026]

Generate the council first (benchmarks/synth_norfolk.py). Prints one line per step.

England: generating it action by action would take days, so it is Norfolk copied in bulk SQL
(``opencsc synth_replicate``, docs/synthetic-council.md) round(England CLA / Norfolk CLA) times,
from the figures in src/opencsc/synth/profiles.py (81,770 / 1,069: 76 copies)::

    .venv/bin/python benchmarks/synth_norfolk.py            # var/bench/norfolk-1.sqlite3
    .venv/bin/python benchmarks/returns.py --england-from var/bench/norfolk-1.sqlite3 --validation-limit 1000

``--england-from`` copies the SQLite file to ``england-from-<name>`` beside it (kept; pass it
to ``--database`` next time) and replicates the copy. On PostgreSQL run
``opencsc synth_replicate --copies 76`` in a database holding Norfolk, then ``--database``.
``--validation-limit SECONDS`` stops a validator that runs longer and reports its time as more
than the limit, and the ratio as more than limit / export: still a measured bound on the target.
The CIN validator's XML reader appends each child to its tables with one ``pd.concat`` per table,
copying what it has read so far, so that part grows with the square of the children (measured:
2,500 children 33 s, 5,000 133 s, 10,011 264 s on a busy machine); England's ~760,000 would take
days. ``--skip-cin-validation`` exports the CIN census without validating it.
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


def first_children(xml: Path, n: int, out: Path) -> Path:
    """A copy of a CIN census file keeping its header and only its first ``n`` children."""
    from lxml import etree

    tree = etree.parse(str(xml))
    children = tree.getroot().find("Children")
    for child in children.findall("Child")[n:]:
        children.remove(child)
    tree.write(str(out), xml_declaration=True, encoding="utf-8")
    return out


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
    parser.add_argument(
        "--validation-limit",
        type=float,
        default=None,
        help="stop a validator after this many seconds and report a lower bound",
    )
    parser.add_argument(
        "--cin-scaling",
        default="",
        help="also validate the first N children of the CIN file for each N (e.g. 2500,5000)",
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database or make_england(args.england_from)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.settings")
    import django

    django.setup()
    from django.conf import settings

    from opencsc.returns.cin_census.export import export_cin
    from opencsc.returns.ssda903.export import export_903
    from opencsc.returns.validators import (
        ValidatorTimeout,
        ensure_validator_env,
        validate_903,
        validate_cin,
    )
    from opencsc.returns.validators.runner import WORKER_TIMEOUT_SECONDS

    limit = args.validation_limit or WORKER_TIMEOUT_SECONDS
    timings: dict[str, float] = {}
    stopped = set()  # the steps stopped at the limit: their time is a lower bound

    def timed(name, run):
        t = time.perf_counter()
        try:
            result = run()
        except ValidatorTimeout:
            result = None
            stopped.add(name)
        timings[name] = time.perf_counter() - t
        return result

    today = dt.date.today()
    year = args.year or (today.year if today.month > 3 else today.year - 1)
    ensure_validator_env()
    out = Path(tempfile.mkdtemp(prefix="bench-returns-"))
    print(f"files in {out} (kept, for other checks)")
    counts = timed("export_903", lambda: export_903(year=year, out_dir=out / "903"))
    print(f"903 {year}: {counts}")
    report = timed(
        "validate_903",
        lambda: validate_903(
            out / "903",
            year=year,
            la_ons_code=settings.OPENCSC_LA_ONS_CODE,
            prev_directory=out / "903" / "previous_year",
            timeout=limit,
        ),
    )
    if report is not None:
        print(
            f"903 errors={report.error_count} known_defects={len(report.known_defects)} "
            f"rules_run={report.rules_run}"
        )
    cin_counts = timed("export_cin", lambda: export_cin(year=year, out_file=out / "cin.xml"))
    print(
        f"CIN {year}: children={cin_counts.get('Child')} xml_bytes={(out / 'cin.xml').stat().st_size}"
    )
    if not args.skip_cin_validation:
        cin_report = timed(
            "validate_cin", lambda: validate_cin(out / "cin.xml", year=year, timeout=limit)
        )
        if cin_report is not None:
            print(f"CIN errors={cin_report.error_count} queries={len(cin_report.queries)}")
    for n in [int(x) for x in args.cin_scaling.split(",") if x]:
        part = first_children(out / "cin.xml", n, out / f"cin-first-{n}.xml")
        timed(
            f"validate_cin_first_{n}",
            lambda part=part: validate_cin(part, year=year, timeout=limit),
        )
    for name, seconds in timings.items():
        print(f"{name}_seconds={'>' if name in stopped else ''}{seconds:.2f}")
    for kind in ("903", "cin"):
        if f"validate_{kind}" in timings:
            bound = ">" if f"validate_{kind}" in stopped else ""
            ratio = timings[f"validate_{kind}"] / timings[f"export_{kind}"]
            print(f"{kind} validation/export = {bound}{ratio:.1f}x")
    for name in sorted(stopped):
        print(f"{name}: stopped at the {limit:g} s limit (time and ratio are lower bounds)")


if __name__ == "__main__":
    main()
