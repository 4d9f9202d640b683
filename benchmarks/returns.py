"""Benchmark: export time of the SSDA903 and CIN returns, and the DfE validators' time on the same
files (not a test). Target: export at least 5x faster than validation.

    .venv/bin/python benchmarks/returns.py --database sqlite:///var/bench/norfolk-1.sqlite3 [--year 2026]

Generate the council first (benchmarks/synth_norfolk.py). Prints one line per step.
"""

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--year", type=int, default=None)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database
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
    t = time.perf_counter()
    cin_report = validate_cin(out / "cin.xml", year=year)
    timings["validate_cin"] = time.perf_counter() - t
    print(
        f"CIN {year}: children={cin_counts.get('Child')} errors={cin_report.error_count} queries={len(cin_report.queries)}"
    )
    for name, seconds in timings.items():
        print(f"{name}_seconds={seconds:.2f}")
    print(f"903 validation/export = {timings['validate_903'] / timings['export_903']:.1f}x")
    print(f"CIN validation/export = {timings['validate_cin'] / timings['export_cin']:.1f}x")


if __name__ == "__main__":
    main()
