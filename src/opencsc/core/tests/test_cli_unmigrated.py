"""`opencsc <command>` on a database without this version's tables: one line naming
`opencsc migrate` and a non-zero exit, never a traceback; the commands that make, replace or
read no schema still run.

Each case runs the real command in a subprocess against its own SQLite file, so the test
database is never touched.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

# Commands a new user meets in the README, and Django's own that need tables.
NEEDS_TABLES = [
    ["synth", "--size", "small", "--seed", "3"],
    ["synth_replicate"],
    ["import"],
    ["returns", "annex-a", "--as-of", "2026-11-30", "--out", "annex.xlsx"],
    ["sar", "--person", "1", "--out", "sar"],
    ["retention"],
    ["indicators", "--year", "2026"],
    ["legalhold"],
    ["api-token"],
    ["backup", "--out", "backup.tar"],
    ["serve", "--port", "1"],
    ["worker"],
    ["createsuperuser"],
    ["dumpdata"],
]


def opencsc(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "opencsc.cli", *args],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{db}"},
        cwd=db.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line_naming_migrate(done: subprocess.CompletedProcess, command: str) -> str:
    output = (done.stdout + done.stderr).strip()
    assert done.returncode != 0, output
    assert "Traceback" not in output
    assert output.count("\n") == 0, output
    assert output.startswith(f"opencsc {command}: The database (sqlite ")
    assert "run `opencsc migrate`" in output
    return output


@pytest.fixture
def empty_db(tmp_path) -> Path:
    db = tmp_path / "empty.sqlite3"
    db.touch()
    return db


def test_synth_on_an_empty_database_prints_one_line_naming_migrate(empty_db):
    done = opencsc(empty_db, "synth", "--size", "small", "--seed", "3")
    line = assert_one_line_naming_migrate(done, "synth")
    assert "has no tables yet" in line
    with sqlite3.connect(empty_db) as db:  # nothing half-written
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == []


@pytest.mark.parametrize("args", NEEDS_TABLES, ids=lambda a: a[0])
def test_every_command_that_needs_tables_stops_with_one_line(empty_db, args):
    assert_one_line_naming_migrate(opencsc(empty_db, *args), args[0])


def test_a_database_file_that_does_not_exist_is_named_and_not_created(tmp_path):
    db = tmp_path / "typo.sqlite3"
    line = assert_one_line_naming_migrate(
        opencsc(db, "returns", "cin", "--year", "2026"), "returns"
    )
    assert "does not exist yet" in line
    assert not db.exists()


def test_commands_that_make_or_replace_the_schema_still_run_on_an_empty_database(empty_db):
    # restore fills a database with no tables: it gets as far as reading the file it was given.
    done = opencsc(empty_db, "restore", "no-such-backup.tar")
    assert "no-such-backup.tar" in done.stderr
    assert "opencsc migrate" not in done.stderr
    # Help, and commands that read only files, need no tables either.
    assert opencsc(empty_db, "synth", "--help").returncode == 0
    done = opencsc(empty_db, "backup", "--verify", "no-such-backup.tar")
    assert "no-such-backup.tar" in done.stderr and "opencsc migrate" not in done.stderr
    assert opencsc(empty_db, "check").returncode == 0


def test_pending_migrations_are_named_and_backup_still_runs(empty_db):
    """After an upgrade: the schema is there but a migration of the new version is not."""
    assert opencsc(empty_db, "migrate", "--verbosity", "0").returncode == 0
    assert opencsc(empty_db, "migrate", "returns", "zero", "--verbosity", "0").returncode == 0
    line = assert_one_line_naming_migrate(
        opencsc(empty_db, "returns", "cin", "--year", "2026", "--out", "cin.xml"), "returns"
    )
    assert "is missing 1 migration of this version (returns.0001_initial)" in line
    # A backup is what one takes before migrating.
    done = opencsc(empty_db, "backup", "--out", "before-migrating.tar")
    assert done.returncode == 0, done.stderr
    assert (empty_db.parent / "before-migrating.tar").exists()
