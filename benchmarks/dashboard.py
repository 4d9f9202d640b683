"""Benchmark: the indicators dashboard for one user (not a test). Target: p95 under 300 ms.

    .venv/bin/python benchmarks/dashboard.py --database sqlite:///var/bench/norfolk-1.sqlite3 \
        [--year 2026] [--runs 20]

Generate the council first (benchmarks/synth_norfolk.py). Signs in as an analyst (made if the
council has none) through Django's test client, asks for the dashboard ``--runs`` times for the
collection year, then a drill-down (re-referrals) and the CSV download, and prints each page's
queries, median and 95th percentile time. Nothing leaves the machine.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from opencsc.accounts.models import Role, User

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    analyst = User.objects.filter(role=Role.PERFORMANCE_ANALYST, is_active=True).first()
    if analyst is None:
        analyst = User.objects.create_user(
            username="bench.analyst",
            role=Role.PERFORMANCE_ANALYST,
            first_name="Bench",
            last_name="Analyst",
            password=None,
        )
    client = Client()
    client.force_login(analyst)
    pages = {
        "dashboard": f"/oversight/dashboard/?year={args.year}",
        "drill-down": f"/oversight/dashboard/rereferrals_12m_pct/?year={args.year}",
        "download": f"/oversight/dashboard/?year={args.year}&format=csv",
    }
    for name, url in pages.items():
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                sys.exit(f"{name}: {response.status_code}")
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        print(
            f"{name}: {len(queries)} queries, median {statistics.median(times):.0f} ms, "
            f"p95 {p95:.0f} ms over {args.runs} runs"
        )


if __name__ == "__main__":
    main()
