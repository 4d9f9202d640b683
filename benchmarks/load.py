"""Load test: many signed-in users working at once against a real server on loopback (not a test).

    .venv/bin/python benchmarks/load.py --database sqlite:///var/bench/norfolk-1.sqlite3 \
        [--users 50] [--seconds 60] [--threads 16]

Creates (or resets) ``--users`` load-test accounts in that database — mostly social workers,
each taking over a real synthetic worker's caseload, plus team managers, IROs, leaders and an
analyst — starts ``opencsc serve`` (waitress) on 127.0.0.1, and runs one closed-loop client per
user for ``--seconds``: sign in, then open their list, a child's record, a search, and (for
analysts and leaders) the Returns page, with no pause between requests. Every response must be
the page expected (200, or the sign-in redirect while signing in); anything else, a timeout or a
dropped connection counts as an error. Prints requests, errors, throughput and latency
percentiles, overall and per page. Exit status 1 if there was any error.

Nothing leaves the machine: the server listens on 127.0.0.1 only.
"""

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-only-2026"  # noqa: S105 - synthetic load-test accounts on a synthetic council
# Mix of the 50 users: (role, how many, team kind whose workers they take over)
MIX = [
    ("social_worker", 0.76, "child_in_need"),
    ("team_manager", 0.10, "child_in_need"),
    ("iro", 0.04, "iro"),
    ("personal_adviser", 0.04, "leaving_care"),
    ("head_of_service", 0.04, None),
    ("performance_analyst", 0.02, None),
]
CHILD_LINK = re.compile(rb'href="/people/(\d+)/"')
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepare_users(n: int) -> list[tuple[str, str]]:
    """Create the load-test users in the database named by DATABASE_URL; return (username, role)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.settings")
    django.setup()
    from django.db.models import Count, Q

    from opencsc.accounts.models import User
    from opencsc.workforce.actions import link_user
    from opencsc.workforce.models import Worker

    counts = [max(1, round(share * n)) for _, share, _ in MIX]
    counts[0] += n - sum(counts)  # the rest are social workers
    made = []
    for (role, _, team_kind), count in zip(MIX, counts, strict=True):
        workers = []
        if team_kind:
            job = (
                Q(job_title="Team manager")
                if role == "team_manager"
                else ~Q(job_title="Team manager")
            )
            workers = list(
                Worker.objects.filter(job, team__kind=team_kind, left_on__isnull=True)
                .filter(Q(user__isnull=True) | Q(user__username__startswith="load."))
                .annotate(held=Count("allocations", filter=Q(allocations__ended_on__isnull=True)))
                .order_by("-held", "id")[:count]
            )
        for i in range(count):
            username = f"load.{role}.{i + 1:02d}"
            user, _ = User.objects.get_or_create(username=username)
            user.role, user.is_active = role, True
            user.first_name, user.last_name = "Load", f"Tester {role} {i + 1}"
            user.set_password(PASSWORD)
            user.save()
            # A re-run keeps each load user's worker from the first run.
            if team_kind and i < len(workers) and not Worker.objects.filter(user=user).exists():
                link_user(by=None, worker=workers[i], user=user)
            made.append((username, role))
    return made


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One user's keep-alive connection with its own cookies."""

    def __init__(self, port: int, timeout: float):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content


def run_user(username, role, port, deadline, timeout, results, lock, rng):
    client = Client(port, timeout)
    samples: list[tuple[str, float, bool]] = []

    def hit(page, method, path, expect, body=None):
        started = time.perf_counter()
        try:
            status, content = client.request(method, path, body)
            ok = status in expect
        except (OSError, http.client.HTTPException):
            status, content, ok = None, b"", False
        samples.append((page, time.perf_counter() - started, ok))
        if not ok:
            with lock:
                results["error_examples"].append(f"{username} {method} {path} -> {status}")
        return content if ok else None

    page = hit("sign-in form", "GET", "/accounts/sign-in/", {200})
    token = CSRF_INPUT.search(page or b"")
    if token:
        hit(
            "sign in",
            "POST",
            "/accounts/sign-in/",
            {302},
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        )
    children: list[bytes] = []
    while time.monotonic() < deadline:
        home = hit("home", "GET", "/", {200})
        if home:
            children = CHILD_LINK.findall(home) or children
        if role in {"head_of_service", "performance_analyst"}:
            hit("returns", "GET", "/returns/", {200})
        if role != "performance_analyst":
            if children:
                child = rng.choice(children).decode()
                hit("child record", "GET", f"/people/{child}/", {200})
            hit("search", "GET", f"/people/?q={rng.choice('ABCDEFGHJKLMNPRSTW')}", {200})
    with lock:
        results["samples"].extend(samples)


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="DATABASE_URL of a generated council")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--threads", type=int, default=16, help="waitress worker threads")
    parser.add_argument("--timeout", type=float, default=30.0, help="per-request timeout (s)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database

    users = prepare_users(args.users)
    port = free_port()
    env = dict(os.environ, DATABASE_URL=args.database)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "opencsc.cli",
            "serve",
            "--port",
            str(port),
            "--threads",
            str(args.threads),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("The server did not start.")
        results: dict = {"samples": [], "error_examples": []}
        lock = threading.Lock()
        rng = random.Random(args.seed)
        started = time.perf_counter()
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=run_user,
                args=(
                    u,
                    r,
                    port,
                    deadline,
                    args.timeout,
                    results,
                    lock,
                    random.Random(rng.random()),
                ),
            )
            for u, r in users
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    samples = results["samples"]
    errors = sum(1 for _, _, ok in samples if not ok)
    times = [s for _, s, _ in samples]
    print(
        f"users={len(users)} seconds={elapsed:.1f} waitress_threads={args.threads} "
        f"database={args.database.split(':')[0]}"
    )
    print(
        f"requests={len(samples)} errors={errors} rps={len(samples) / elapsed:.1f} "
        f"p50_ms={percentile(times, 50) * 1000:.0f} p95_ms={percentile(times, 95) * 1000:.0f} "
        f"p99_ms={percentile(times, 99) * 1000:.0f} max_ms={max(times, default=0) * 1000:.0f}"
    )
    by_page = defaultdict(list)
    for page, s, _ in samples:
        by_page[page].append(s)
    for page, values in sorted(by_page.items()):
        print(
            f"  {page:<14} n={len(values):<6} mean_ms={statistics.mean(values) * 1000:.0f} "
            f"p95_ms={percentile(values, 95) * 1000:.0f}"
        )
    for example in results["error_examples"][:10]:
        print(f"  error: {example}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
