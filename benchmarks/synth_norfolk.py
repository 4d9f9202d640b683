"""Benchmark: generation time and peak memory of a synthetic council (not a test).

    .venv/bin/python benchmarks/synth_norfolk.py [--size norfolk] [--seed 1] [--database URL]

Generates into a fresh SQLite file under var/bench/ (or the PostgreSQL database given with
--database, which must be empty), then prints wall time, CPU time, peak resident memory and
the row counts. The figures in the README come from this script.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="norfolk")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database", default=None, help="DATABASE_URL (default: fresh SQLite file)"
    )
    args = parser.parse_args()
    env = dict(os.environ)
    if args.database:
        env["DATABASE_URL"] = args.database
    else:
        bench = ROOT / "var" / "bench"
        bench.mkdir(parents=True, exist_ok=True)
        db = bench / f"{args.size}-{args.seed}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{db}"
    opencsc = [sys.executable, "-m", "opencsc.cli"]
    subprocess.run([*opencsc, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    started = time.perf_counter()
    subprocess.run(
        [*opencsc, "synth", "--size", args.size, "--seed", str(args.seed)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    counts = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','opencsc.settings'); django.setup();"
                "from django.apps import apps;"
                "print(*(f'{m._meta.label}={m.objects.count()}' for m in apps.get_models() "
                "if m._meta.app_label in {'people','casework','care','workforce','audit'}), sep='\\n')"
            ),
        ],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    print(f"size={args.size} seed={args.seed} database={env['DATABASE_URL'].split(':')[0]}")
    print(f"wall_seconds={wall:.1f}")
    print(f"cpu_seconds={usage.ru_utime + usage.ru_stime:.1f}")
    print(f"peak_rss_mib={usage.ru_maxrss / 1024:.0f}")
    print(counts.strip())


if __name__ == "__main__":
    main()
