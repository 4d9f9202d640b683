"""Stopping `opencsc demo` with SIGTERM (as a service manager does) or SIGINT (Ctrl-C) stops its
background worker too.

The real command runs in a subprocess on its own SQLite file and a free port. The database holds
one child already, so the demo serves it instead of generating a council.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SETUP = """
import datetime as dt
from opencsc.accounts.models import Role, User
from opencsc.people.actions import register_person
by = User.objects.create_user(username="setup", role=Role.SYSTEM_ADMIN)
register_person(by=by, first_name="Test", last_name="Child", date_of_birth=dt.date(2015, 1, 6))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after its ")".
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting {seconds:.0f}s for {what}")
        time.sleep(0.2)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own server
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def prepared_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    for args in (["migrate", "--verbosity", "0"], ["shell", "-c", SETUP]):
        subprocess.run(  # noqa: S603 - our own command
            [sys.executable, "-m", "opencsc.cli", *args], env=env, check=True, timeout=120
        )
    return db


@pytest.fixture
def demo_db(prepared_db, tmp_path) -> dict:
    """A copy of the prepared database for one test (its processes have closed it)."""
    db = tmp_path / "demo.sqlite3"
    shutil.copy(prepared_db, db)
    return {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_the_demo_stops_its_worker(demo_db, tmp_path, stop):
    port = free_port()
    log = (tmp_path / "demo.log").open("w")
    demo = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "opencsc.cli", "demo", "--port", str(port)],
        env=demo_db,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    workers: list[int] = []
    try:
        wait_for(
            lambda: answers(f"http://127.0.0.1:{port}/accounts/sign-in/"), 60, "the demo to answer"
        )
        workers = children_of(demo.pid)
        assert len(workers) == 1, workers  # the worker
        assert alive(workers[0])
        demo.send_signal(stop)
        demo.wait(timeout=30)
        wait_for(lambda: not alive(workers[0]), 15, "the worker to stop")
        assert not answers(f"http://127.0.0.1:{port}/accounts/sign-in/")
    finally:
        for pid in [demo.pid, *workers]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        demo.wait(timeout=10)
        log.close()
    assert demo.returncode == 0, (tmp_path / "demo.log").read_text()
