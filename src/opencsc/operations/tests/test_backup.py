"""`opencsc backup` and `opencsc restore`: backup → wipe → restore gives back every record.

Runs on the configured engine: SQLite by default, PostgreSQL (pg_dump / pg_restore against the
test database) when DATABASE_URL points there. A small synthetic council is generated once for
the module, outside the tests' transactions, and backed up once; each test that changes the
database is transactional (backup and restore must see committed data) and restores what it needs
from that file. The comparison of records is made here through the ORM, model by model, not by
trusting the backup's own manifest.
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from opencsc.accounts.models import User
from opencsc.audit.log import record_access
from opencsc.audit.models import AuditEvent
from opencsc.people.models import Person

# The council fixture needs the test database even for the tests that only read the file.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def every_row() -> dict[str, list[tuple]]:
    """{table: every row, all columns, in primary-key order} for every model's table (that the
    database has: an app whose migration is not yet written has none)."""
    tables = table_names()
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.db_table in tables
    ]
    models.append(MigrationRecorder.Migration)
    out = {}
    for model in models:
        fields = [f.attname for f in model._meta.concrete_fields]
        out[model._meta.db_table] = list(model._base_manager.order_by("pk").values_list(*fields))
    return out


def table_names() -> set[str]:
    return set(connection.introspection.table_names())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def council(django_db_setup, django_db_blocker, tmp_path_factory):
    """A small council with an access event, its rows before backing up, and its backup file.

    Session-scoped, and the database is emptied again as soon as the backup is written: every
    test restores from the file, and pytest-django runs the transactional tests after the others,
    so a module-scoped council would be generated twice (half a minute each).
    """
    with django_db_blocker.unblock():
        call_command("synth", size="small", seed=3, as_of=dt.date(2026, 3, 31), no_progress=True)
        record_access(user=User.objects.order_by("pk").first(), person=Person.objects.first())
        before = every_row()
        tables = table_names()
        file = tmp_path_factory.mktemp("backup") / "council.tar"
        out = StringIO()
        call_command("backup", out=file, stdout=out)
        backup_event = AuditEvent.objects.order_by("-pk").first()
        call_command("flush", interactive=False)
    return type(
        "Council",
        (),
        {
            "file": file,
            "before": before,
            "tables": tables,
            "out": out,
            "backup_event": backup_event,
        },
    )


def assert_restored(council):
    after = every_row()
    assert table_names() == council.tables
    assert set(after) == set(council.before)
    # The backup's own event came after its snapshot, so the restored trail ends where the
    # backup began, plus the restore's event.
    restore_event = after["audit_auditevent"].pop()
    assert AuditEvent.objects.get(pk=restore_event[0]).action == "restore_database"
    counts = {table: len(rows) for table, rows in after.items()}
    assert counts == {table: len(rows) for table, rows in council.before.items()}
    assert counts["people_person"] > 500 and counts["audit_accessevent"] >= 1
    for table, rows in council.before.items():
        assert after[table] == rows, f"{table} differs after the restore"


def assert_audit_is_append_only():
    for table in ("audit_auditevent", "audit_accessevent"):
        for sql in (f"UPDATE {table} SET at = at", f"DELETE FROM {table}"):  # noqa: S608
            with pytest.raises(DatabaseError, match="refused"), transaction.atomic():
                connection.cursor().execute(sql)


def test_the_backup_records_an_audit_event_with_the_files_checksum(council):
    event = council.backup_event
    assert event.action == "backup_database"
    assert event.actor is None  # the system: the command, not a user of the product
    assert event.changes["file_sha256"][1] == sha256(council.file)
    with tarfile.open(council.file) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert event.changes["rows"][1] == manifest["totals"]["rows"]
    for table in ("people_person", "audit_auditevent", "audit_accessevent"):
        assert manifest["tables"][table]["rows"] == len(council.before[table])
    assert "Wrote" in council.out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_backup_flush_restore_gives_identical_records(council):
    call_command("flush", interactive=False)
    assert not Person.objects.exists()
    out = StringIO()
    call_command("restore", council.file, stdout=out)
    assert "every table matching the manifest" in out.getvalue()
    assert_restored(council)
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.actor is None
    assert event.changes["check"][1] == "ok"
    assert event.changes["file_sha256"][1] == sha256(council.file)


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_database_with_no_tables_brings_back_records_and_audit_triggers(council):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            import sqlite3

            connection.ensure_connection()
            sqlite3.connect(":memory:").backup(connection.connection)  # an empty database
    assert table_names() == set()
    call_command("restore", council.file, stdout=StringIO())
    assert_restored(council)
    assert_audit_is_append_only()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_holding_data_without_yes(council):
    call_command("restore", council.file, yes=True, stdout=StringIO())
    people, events = Person.objects.count(), AuditEvent.objects.count()
    with pytest.raises(CommandError, match=r"already holds data .* run again with --yes"):
        call_command("restore", council.file, stdout=StringIO())
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)


@pytest.mark.django_db(transaction=True)
def test_restore_with_yes_replaces_records_made_since_the_backup(council):
    call_command("restore", council.file, yes=True, stdout=StringIO())
    Person.objects.filter(pk=Person.objects.order_by("pk").first().pk).update(first_name="Changed")
    record_access(user=User.objects.order_by("pk").first(), person=Person.objects.first())
    call_command("restore", council.file, yes=True, stdout=StringIO())
    assert_restored(council)


def truncated(council, tmp_path) -> Path:
    data = council.file.read_bytes()
    bad = tmp_path / "truncated.tar"
    bad.write_bytes(data[: len(data) // 2])
    return bad


def test_verify_passes_a_whole_backup(council):
    out = StringIO()
    call_command("backup", verify=council.file, stdout=out)
    assert "whole and as written" in out.getvalue()
    assert sha256(council.file) in out.getvalue()


def test_verify_refuses_a_truncated_backup(council, tmp_path):
    with pytest.raises(CommandError, match=r"not a readable opencsc backup .*truncated or corrupt"):
        call_command("backup", verify=truncated(council, tmp_path), stdout=StringIO())


def test_verify_refuses_a_backup_with_one_byte_changed(council, tmp_path):
    data = bytearray(council.file.read_bytes())
    with tarfile.open(council.file) as tar:
        member = next(m for m in tar if m.name.startswith("database."))
    data[member.offset_data + member.size // 2] ^= 0xFF
    bad = tmp_path / "flipped.tar"
    bad.write_bytes(bytes(data))
    with pytest.raises(CommandError, match=rf"{member.name} does not match its SHA-256"):
        call_command("backup", verify=bad, stdout=StringIO())


def test_verify_refuses_a_file_that_is_not_a_backup(tmp_path):
    bad = tmp_path / "notes.tar"
    bad.write_text("not a backup\n" * 100)
    with pytest.raises(CommandError, match="not a readable opencsc backup"):
        call_command("backup", verify=bad, stdout=StringIO())


def test_the_command_exits_non_zero_on_a_truncated_backup(council, tmp_path):
    done = subprocess.run(  # noqa: S603 - our own command
        [
            sys.executable,
            "-m",
            "opencsc.cli",
            "backup",
            "--verify",
            str(truncated(council, tmp_path)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "truncated or corrupted" in done.stderr


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_truncated_backup_and_changes_nothing(council, tmp_path):
    call_command("restore", council.file, yes=True, stdout=StringIO())
    before = {t: len(rows) for t, rows in every_row().items()}
    with pytest.raises(CommandError, match="truncated or corrupted"):
        call_command("restore", truncated(council, tmp_path), yes=True, stdout=StringIO())
    assert {t: len(rows) for t, rows in every_row().items()} == before


def rewritten(council, tmp_path, change) -> Path:
    """The backup with its manifest edited by ``change`` and SHA256SUMS made to agree: a backup
    whose manifest does not describe its data."""
    with tarfile.open(council.file) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar}
    manifest = json.loads(members["manifest.json"])
    change(manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    data_name = manifest["database"]["file"]
    members["SHA256SUMS"] = (
        f"{hashlib.sha256(members['manifest.json']).hexdigest()}  manifest.json\n"
        f"{manifest['database']['sha256']}  {data_name}\n"
    ).encode()
    bad = tmp_path / "wrong-manifest.tar"
    with tarfile.open(bad, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return bad


@pytest.mark.django_db(transaction=True)
def test_restore_names_every_table_that_differs_from_the_manifest(council, tmp_path):
    def change(manifest):
        manifest["tables"]["people_person"]["sha256"] = "0" * 64
        manifest["tables"]["accounts_user"]["rows"] += 1

    bad = rewritten(council, tmp_path, change)
    call_command("backup", verify=bad, stdout=StringIO())  # the file itself is consistent
    with pytest.raises(CommandError, match="2 tables differ") as refused:
        call_command("restore", bad, yes=True, stdout=StringIO())
    message = str(refused.value)
    assert "people_person (same" in message and "different content" in message
    assert "accounts_user (" in message and "rows in the backup" in message
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.action == "restore_database"
    assert event.changes["check"][1].startswith("mismatch: accounts_user")


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_from_a_newer_version(council, tmp_path):
    bad = rewritten(council, tmp_path, lambda m: m["migrations"].append("people.9999_future"))
    with pytest.raises(CommandError, match=r"migrations this version .* people\.9999_future"):
        call_command("restore", bad, yes=True, stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_to_overwrite_a_file(council, tmp_path):
    existing = tmp_path / "kept.tar"
    existing.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", out=existing, stdout=StringIO())
    assert existing.read_text() == "keep me"


def test_the_backup_file_is_readable_by_its_owner_only(council):
    assert council.file.stat().st_mode & 0o077 == 0
    with tarfile.open(council.file) as tar:
        assert all(m.mode & 0o077 == 0 for m in tar)


@pytest.mark.django_db(transaction=True)
def test_restore_removes_tables_the_backup_does_not_have(council):
    call_command("restore", council.file, yes=True, stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE zz_from_a_newer_migration (id integer PRIMARY KEY)")
        cursor.execute("INSERT INTO zz_from_a_newer_migration VALUES (1)")
    call_command("restore", council.file, yes=True, stdout=StringIO())
    assert table_names() == council.tables
    assert_restored(council)


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_restore through psql: PostgreSQL only"
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_restore_stream_that_stops_half_way_commits_nothing(council, tmp_path, monkeypatch):
    """pg_restore stopping cleanly between two statements (and failing) must not leave psql to
    commit what it had: the end-of-stream marker is missing, so everything rolls back."""
    call_command("restore", council.file, yes=True, stdout=StringIO())
    Person.objects.filter(pk=Person.objects.order_by("pk").first().pk).update(first_name="Kept")
    before = every_row()
    fake = tmp_path / "bin" / "pg_restore"
    fake.parent.mkdir()
    real = shutil.which("pg_restore")
    fake.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "--list" ]; then exec {real} "$@"; fi\n'
        f"{real} \"$@\" | sed '/^COPY public.people_person /,$d'\n"
        "exit 1\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    with pytest.raises(CommandError, match="rolled back: the database is as it was"):
        call_command("restore", council.file, yes=True, stdout=StringIO())
    assert every_row() == before
    assert Person.objects.filter(first_name="Kept").exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_restore_gives_up_when_another_session_holds_a_table(council, monkeypatch):
    import psycopg

    from opencsc.operations import backup

    call_command("restore", council.file, yes=True, stdout=StringIO())
    monkeypatch.setattr(backup, "LOCK_TIMEOUT", "1s")
    conninfo, env = backup._pg_env(connection)
    with psycopg.connect(conninfo, password=env.get("PGPASSWORD")) as other:
        other.execute("SELECT count(*) FROM people_person")  # holds ACCESS SHARE until rollback
        with pytest.raises(CommandError, match="stop the web server and worker"):
            call_command("restore", council.file, yes=True, stdout=StringIO())
        other.rollback()
    # Refused before anything changed: the records are the backup's, the last event the
    # previous restore's.
    assert every_row()["people_person"] == council.before["people_person"]
    assert AuditEvent.objects.order_by("-pk").first().action == "restore_database"
