"""Backing up and restoring the whole database, with a manifest that proves the restore worked.

A backup is one tar file holding three members:

- ``database.sqlite3`` (SQLite, a copy made with sqlite3's online backup API) or
  ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``): the database's own format, so an
  operator can always get the data back with the database's own tools (``tar xf``, then
  ``pg_restore`` or ``sqlite3``), even without opencsc;
- ``manifest.json``: when, from which engine and opencsc version, the applied Django migrations,
  and per table the row count and a SHA-256 over its rows in primary-key order;
- ``SHA256SUMS``: the SHA-256 of the other two, in ``sha256sum`` format.

The manifest's table figures are computed from exactly the state the dump holds: on PostgreSQL
in the REPEATABLE READ transaction whose snapshot ``pg_dump --snapshot`` uses, on SQLite from the
copy itself. A restore recomputes them on the restored database and refuses to call it good
unless every table matches. Row digests hash the database's own text form of each row
(``row::text`` on PostgreSQL, ``quote()`` of each column on SQLite), which is the same before and
after a restore on the same engine.

Restoring replaces the whole database: on PostgreSQL ``pg_restore --clean --if-exists`` run
through ``psql --single-transaction`` behind a prelude that locks every table and drops tables
the backup does not have (all or nothing: an interrupted restore commits nothing); on SQLite the
backup API copying the file over the live database in one step. The audit tables come back with
their rows *and* their append-only triggers, because both are part of the dump; no purge permit is
used or needed, since nothing is deleted row by row.

Backup and restore each write one AuditEvent (actor: the system, i.e. the command; the operating
system account that ran it is in ``changes["run_as"]``).
"""

import datetime as dt
import getpass
import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections, transaction
from django.utils import timezone

FORMAT = "opencsc-backup/1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
DATA = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Tables ``migrate`` fills in an otherwise empty database: rows there are not "data" to protect.
MIGRATE_FILLS = frozenset(
    {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}
)
# How long a PostgreSQL restore waits for other sessions' locks before giving up.
LOCK_TIMEOUT = "30s"
_CHUNK = 2000
_BUF = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message says what is wrong and what to do."""


@dataclass
class RestoreResult:
    manifest: dict
    mismatches: list[str]
    tables: dict
    pending_migrations: list[str] = field(default_factory=list)


# --- per-table digests -------------------------------------------------------------------------


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(cursor, vendor: str) -> list[str]:
    if vendor == "postgresql":
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.relname"
        )
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [row[0] for row in cursor.fetchall()]


def _row_query(cursor, vendor: str, table: str) -> str:
    """SELECT one text per row, in an order that does not depend on how the rows were written."""
    if vendor == "postgresql":
        cursor.execute(
            "SELECT a.attname, a.attcollation <> 0 FROM pg_index i "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indrelid = %s::regclass AND i.indisprimary "
            "ORDER BY array_position(i.indkey, a.attnum)",
            [_q(table)],
        )
        keys = [_q(name) + (' COLLATE "C"' if text else "") for name, text in cursor.fetchall()]
        order = ", ".join(keys) if keys else '(t::text) COLLATE "C"'
        return f"SELECT t::text FROM {_q(table)} t ORDER BY {order}"  # noqa: S608 - quoted names
    cursor.execute(f"PRAGMA table_info({_q(table)})")
    columns = cursor.fetchall()  # (cid, name, type, notnull, default, pk)
    text = " || ',' || ".join(f"quote({_q(c[1])})" for c in columns) or "''"
    keys = [_q(c[1]) for c in sorted((c for c in columns if c[5]), key=lambda c: c[5])]
    order = ", ".join(keys) if keys else "1"
    return f"SELECT {text} FROM {_q(table)} ORDER BY {order}"  # noqa: S608 - quoted names


def _digest(rows: Iterator) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    for (text,) in rows:
        data = text.encode()
        # Length-prefixed, so no two different sequences of rows hash alike.
        digest.update(b"%d:" % len(data))
        digest.update(data)
        count += 1
    return count, digest.hexdigest()


def _fetch(cursor) -> Iterator:
    while chunk := cursor.fetchmany(_CHUNK):
        yield from chunk


def table_digests(cursor, vendor: str, *, chunked_cursor=None) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": hex}} for every table of the current schema / database.

    On PostgreSQL call inside a transaction (ideally REPEATABLE READ) after ``_pg_session``:
    the text form of a row depends on the session's TimeZone and DateStyle.
    """
    out = {}
    for table in _tables(cursor, vendor):
        query = _row_query(cursor, vendor, table)
        reader = chunked_cursor() if chunked_cursor else cursor
        try:
            reader.execute(query)
            rows, sha = _digest(_fetch(reader))
        finally:
            if reader is not cursor:
                reader.close()
        out[table] = {"rows": rows, "sha256": sha}
    return out


_PG_SESSION = (
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, YMD'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 1",
    "SET LOCAL bytea_output = 'hex'",
)


def _pg_session(cursor) -> None:
    for sql in _PG_SESSION:
        cursor.execute(sql)


def _applied_migrations(cursor, tables) -> list[str]:
    if "django_migrations" not in tables:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def live_digests(using: str = "default") -> dict[str, dict]:
    """The table digests of the configured database as it is now (one consistent snapshot)."""
    connection = connections[using]
    _outside_transaction(connection)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            _pg_session(cursor)
            return table_digests(cursor, "postgresql", chunked_cursor=connection.chunked_cursor)
        return table_digests(cursor, "sqlite")


# --- helpers -----------------------------------------------------------------------------------


def _vendor(connection) -> str:
    if connection.vendor not in DATA:
        raise BackupError(
            f"Backups cover SQLite and PostgreSQL; this database is {connection.vendor}."
        )
    return connection.vendor


def _outside_transaction(connection) -> None:
    if connection.in_atomic_block:
        raise BackupError(
            "A backup or restore cannot run inside an open transaction: it must see (and "
            "make) committed data. Run it on its own."
        )


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_BUF):
            digest.update(block)
    return digest.hexdigest()


def _version() -> str:
    try:
        return importlib.metadata.version("opencsc")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _run_as() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} is not installed (it comes with the PostgreSQL client tools). Install the "
            "postgresql-client package of the server's major version or newer."
        )
    return path


_LIBPQ_OPTIONS = {
    "sslmode",
    "sslcert",
    "sslkey",
    "sslrootcert",
    "sslcrl",
    "connect_timeout",
    "service",
    "passfile",
    "target_session_attrs",
    "options",
}


def _pg_env(connection) -> tuple[str, dict]:
    """A libpq connection string and environment for the PostgreSQL tools; the password goes in
    the environment, never on a command line that ``ps`` shows."""
    from psycopg.conninfo import make_conninfo

    s = connection.settings_dict
    params = {
        "dbname": s.get("NAME") or "",
        "user": s.get("USER") or None,
        "host": s.get("HOST") or None,
        "port": str(s["PORT"]) if s.get("PORT") else None,
    }
    params.update({k: str(v) for k, v in (s.get("OPTIONS") or {}).items() if k in _LIBPQ_OPTIONS})
    env = {**os.environ, "PGAPPNAME": "opencsc-backup"}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return make_conninfo(**{k: v for k, v in params.items() if v is not None}), env


def _record(*, by, action: str, key: str, changes: dict, using: str) -> None:
    from opencsc.audit.models import AuditEvent

    with transaction.atomic(using=using):
        AuditEvent.objects.using(using).create(
            actor=by if getattr(by, "pk", None) else None,
            action=action,
            model="database",
            object_id=key[:40],
            changes={name: [None, value] for name, value in changes.items()},
        )


# --- backup ------------------------------------------------------------------------------------


def create_backup(*, out: Path, by=None, using: str = "default") -> dict:
    """Write a backup of database ``using`` to ``out`` (which must not exist); return its manifest.

    The file appears only when complete (written beside ``out``, then renamed), readable by its
    owner only. Records an AuditEvent ``backup_database`` afterwards.
    """
    out = Path(out)
    connection = connections[using]
    vendor = _vendor(connection)
    _outside_transaction(connection)
    if out.exists():
        raise BackupError(f"{out} already exists: choose a new file name for the backup.")
    if not out.parent.is_dir():
        raise BackupError(f"The folder {out.parent} does not exist: create it first.")

    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as tmp:
        os.chmod(tmp, 0o700)
        data = Path(tmp) / DATA[vendor]
        if vendor == "postgresql":
            info = _pg_dump(connection, data)
        else:
            info = _sqlite_copy(connection, data)
        manifest = {
            "format": FORMAT,
            "opencsc_version": _version(),
            "created_at": timezone.now().astimezone(dt.UTC).isoformat(),
            "engine": vendor,
            **info,
            "database": {
                "file": data.name,
                "bytes": data.stat().st_size,
                "sha256": _sha256_file(data),
            },
            "totals": {
                "tables": len(info["tables"]),
                "rows": sum(t["rows"] for t in info["tables"].values()),
            },
        }
        manifest_path = Path(tmp) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        sums = Path(tmp) / SUMS
        sums.write_text(
            f"{_sha256_file(manifest_path)}  {MANIFEST}\n"
            f"{manifest['database']['sha256']}  {data.name}\n"
        )
        partial = Path(tmp) / "backup.tar"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            for member in (sums, manifest_path, data):
                tar.add(member, arcname=member.name, recursive=False, filter=_private)
        os.chmod(partial, 0o600)
        partial.replace(out)

    file_sha = _sha256_file(out)
    _record(
        by=by,
        action="backup_database",
        key=manifest["created_at"],
        changes={
            "file": str(out.resolve()),
            "file_sha256": file_sha,
            "engine": vendor,
            "tables": manifest["totals"]["tables"],
            "rows": manifest["totals"]["rows"],
            "run_as": _run_as(),
        },
        using=using,
    )
    manifest["file_sha256"] = file_sha
    return manifest


def _private(info: tarfile.TarInfo) -> tarfile.TarInfo:
    # Case records: whoever unpacks the backup gets files only they can read.
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _pg_dump(connection, data: Path) -> dict:
    pg_dump = _tool("pg_dump")
    conninfo, env = _pg_env(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # One snapshot for the dump and the manifest: rows committed meanwhile are in neither.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-password",
                f"--file={data}",
                f"--dbname={conninfo}",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        _pg_session(cursor)
        tables = table_digests(cursor, "postgresql", chunked_cursor=connection.chunked_cursor)
        migrations = _applied_migrations(cursor, tables)
    tool = subprocess.run(  # noqa: S603
        [pg_dump, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "server_version": server_version,
        "tool": tool,
        "migrations": migrations,
        "tables": tables,
    }


def _sqlite_copy(connection, data: Path) -> dict:
    connection.ensure_connection()
    target = sqlite3.connect(data)
    try:
        # One step (pages=-1): the copy is a single consistent snapshot of the live database.
        connection.connection.backup(target)
    finally:
        target.close()
    copy = sqlite3.connect(f"file:{data}?mode=ro", uri=True)
    try:
        cursor = copy.cursor()
        tables = table_digests(cursor, "sqlite")
        migrations = _applied_migrations(cursor, tables)
    finally:
        copy.close()
    return {
        "server_version": sqlite3.sqlite_version,
        "tool": f"sqlite3 {sqlite3.sqlite_version} online backup API",
        "migrations": migrations,
        "tables": tables,
    }


# --- verify ------------------------------------------------------------------------------------


@dataclass
class Verified:
    manifest: dict
    data: Path
    file_sha256: str


def _unreadable(path: Path, why: str) -> BackupError:
    return BackupError(
        f"{path} is not a readable opencsc backup ({why}): it may be truncated or corrupted. "
        "Use another copy of the backup."
    )


@contextmanager
def verified(path: Path) -> Iterator[Verified]:
    """Check backup ``path`` and yield its manifest and database file (in a temporary folder,
    removed afterwards). Refuses (BackupError) a file that is not whole and exactly as written."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file: give the path of a backup.")
    with tempfile.TemporaryDirectory(prefix="opencsc-restore.") as tmp:
        os.chmod(tmp, 0o700)
        files: dict[str, Path] = {}
        try:
            with tarfile.open(path, "r:") as tar:
                for member in tar:
                    if not member.isfile() or member.name in files:
                        raise _unreadable(path, f"unexpected entry {member.name!r}")
                    if member.name not in {SUMS, MANIFEST, *DATA.values()}:
                        raise _unreadable(path, f"unexpected entry {member.name!r}")
                    # Written under our own names: nothing in the archive chooses a path.
                    target = Path(tmp) / member.name
                    source = tar.extractfile(member)
                    with open(target, "wb") as f:
                        shutil.copyfileobj(source, f, _BUF)
                    files[member.name] = target
        except (tarfile.TarError, EOFError, OSError) as error:
            raise _unreadable(path, str(error) or type(error).__name__) from error
        for needed in (SUMS, MANIFEST):
            if needed not in files:
                raise _unreadable(path, f"{needed} missing")
        try:
            sums = dict(
                reversed(line.split("  ", 1)) for line in files[SUMS].read_text().splitlines()
            )
            manifest = json.loads(files[MANIFEST].read_text())
        except (ValueError, UnicodeDecodeError) as error:
            raise _unreadable(path, f"{SUMS} or {MANIFEST} unreadable: {error}") from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _unreadable(path, f"{MANIFEST} is not an {FORMAT} manifest")
        data_name = DATA.get(manifest.get("engine", ""))
        if data_name not in files:
            raise _unreadable(path, f"the database file {data_name} is missing")
        for name in (MANIFEST, data_name):
            if sums.get(name) != _sha256_file(files[name]):
                raise _unreadable(path, f"{name} does not match its SHA-256 in {SUMS}")
        if (manifest.get("database") or {}).get("sha256") != sums[data_name]:
            raise _unreadable(path, f"{data_name} does not match its SHA-256 in {MANIFEST}")
        _check_readable(path, manifest["engine"], files[data_name])
        yield Verified(manifest=manifest, data=files[data_name], file_sha256=_sha256_file(path))


def _check_readable(path: Path, engine: str, data: Path) -> None:
    """The database's own tool reads the file: checksums prove it is as written, this that it
    was written whole."""
    if engine == "postgresql":
        done = subprocess.run(  # noqa: S603
            [_tool("pg_restore"), "--list", str(data)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise _unreadable(path, f"pg_restore cannot read it: {done.stderr.strip()}")
        return
    try:
        copy = sqlite3.connect(f"file:{data}?mode=ro", uri=True)
        try:
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
    except sqlite3.DatabaseError as error:
        raise _unreadable(path, f"SQLite cannot read it: {error}") from error
    if result != "ok":
        raise _unreadable(path, f"SQLite integrity check: {result}")


def verify_backup(path: Path) -> dict:
    """Check ``path`` (see ``verified``); return its manifest with ``file_sha256`` added."""
    with verified(path) as backup:
        return {**backup.manifest, "file_sha256": backup.file_sha256}


# --- restore -----------------------------------------------------------------------------------


def tables_with_data(using: str = "default") -> dict[str, bool]:
    """{table: True} for each table holding rows beyond what ``migrate`` puts in an empty one."""
    connection = connections[using]
    with connection.cursor() as cursor:
        found = {}
        for table in _tables(cursor, connection.vendor):
            if table in MIGRATE_FILLS or table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT 1 FROM {_q(table)} LIMIT 1")  # noqa: S608 - quoted name
            if cursor.fetchone():
                found[table] = True
        return found


def _check_migrations(manifest: dict, using: str) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = [m for m in manifest.get("migrations", []) if m not in known]
    if unknown:
        raise BackupError(
            f"The backup was made by opencsc {manifest.get('opencsc_version')} and has "
            f"migrations this version ({_version()}) does not know: {', '.join(unknown[:5])}"
            f"{' …' if len(unknown) > 5 else ''}. Restore it with that version of opencsc or newer."
        )


def _pending_migrations(using: str) -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def compare(expected: dict, actual: dict) -> list[str]:
    """Tables whose rows differ between two digests, each with what differs."""
    out = []
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table), actual.get(table)
        if got is None:
            out.append(f"{table} (in the backup, missing from the database)")
        elif want is None:
            out.append(f"{table} (in the database, not in the backup)")
        elif want["rows"] != got["rows"]:
            out.append(f"{table} ({want['rows']} rows in the backup, {got['rows']} restored)")
        elif want["sha256"] != got["sha256"]:
            out.append(f"{table} (same {got['rows']} rows, different content)")
    return out


def restore_backup(*, path: Path, replace: bool = False, by=None, using="default") -> RestoreResult:
    """Replace database ``using`` with backup ``path``, then check every table against it.

    Refuses, changing nothing, a file that fails verification, a backup of the other engine or
    with migrations this code does not know, and (unless ``replace``) a database that holds data.
    Returns the result with ``mismatches`` (tables that differ from the manifest; empty when the
    restore is exact). Records an AuditEvent ``restore_database`` with the outcome.
    """
    path = Path(path)
    connection = connections[using]
    vendor = _vendor(connection)
    _outside_transaction(connection)
    with verified(path) as backup:
        manifest = backup.manifest
        if manifest["engine"] != vendor:
            raise BackupError(
                f"{path} is a backup of a {manifest['engine']} database; the configured database "
                f"is {vendor}. Restore it into a {manifest['engine']} database."
            )
        _check_migrations(manifest, using)
        busy = tables_with_data(using)
        if busy and not replace:
            names = sorted(busy)
            raise BackupError(
                f"The database {connection.settings_dict['NAME']} already holds data (in "
                f"{len(names)} tables, e.g. {', '.join(names[:5])}). A restore replaces all of "
                "it: run again with --yes to replace it, or restore into an empty database."
            )
        if vendor == "postgresql":
            _pg_restore(connection, backup.data, set(manifest["tables"]))
        else:
            _sqlite_restore(connection, backup.data)
        file_sha = backup.file_sha256

    connection.close()  # nothing cached from the database that was replaced
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    actual = live_digests(using)
    mismatches = compare(manifest["tables"], actual)
    result = RestoreResult(
        manifest=manifest,
        mismatches=mismatches,
        tables=actual,
        pending_migrations=_pending_migrations(using),
    )
    _record(
        by=by,
        action="restore_database",
        key=manifest["created_at"],
        changes={
            "file": str(path.resolve()),
            "file_sha256": file_sha,
            "backup_created_at": manifest["created_at"],
            "backup_opencsc_version": manifest.get("opencsc_version"),
            "tables": len(actual),
            "rows": sum(t["rows"] for t in actual.values()),
            "check": "ok" if not mismatches else "mismatch: " + ", ".join(mismatches)[:500],
            "run_as": _run_as(),
        },
        using=using,
    )
    return result


def _pg_restore(connection, data: Path, backup_tables: set[str]) -> None:
    """``pg_restore --clean --if-exists`` into the live database as one psql transaction.

    The prelude locks every existing table (failing after LOCK_TIMEOUT rather than waiting
    behind a running web server) and drops tables the backup does not have, so the result is the
    backup and nothing else. The stream ends with a marker the postlude checks: if pg_restore or
    this process stops half-way, psql raises and rolls everything back instead of committing a
    part.
    """
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    conninfo, env = _pg_env(connection)
    with connection.cursor() as cursor:
        existing = _tables(cursor, "postgresql")
    connection.close()  # our own idle session must not hold anything the restore waits for
    extra = [t for t in existing if t not in backup_tables]
    prelude = [f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}';"]
    if existing:
        prelude.append(f"LOCK TABLE {', '.join(_q(t) for t in existing)} IN ACCESS EXCLUSIVE MODE;")
    prelude += [f"DROP TABLE IF EXISTS {_q(t)} CASCADE;" for t in extra]
    with tempfile.TemporaryDirectory(prefix="opencsc-restore.") as tmp:
        pre, post = Path(tmp) / "prelude.sql", Path(tmp) / "postlude.sql"
        pre.write_text("\n".join(prelude) + "\n")
        post.write_text(
            "DO $$ BEGIN IF coalesce(current_setting('opencsc.restore_complete', true), '') "
            "<> 'on' THEN RAISE EXCEPTION 'the restore stream stopped before its end'; "
            "END IF; END $$;\n"
        )
        errors = [open(Path(tmp) / n, "w+") for n in ("pg_restore.err", "psql.err")]  # noqa: SIM115
        try:
            reader = subprocess.Popen(  # noqa: S603
                [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-acl", "-f", "-", data],
                stdout=subprocess.PIPE,
                stderr=errors[0],
                env=env,
            )
            writer = subprocess.Popen(  # noqa: S603
                [
                    psql,
                    "-X",
                    "-q",
                    "--no-password",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "--single-transaction",
                    "-f",
                    str(pre),
                    "-f",
                    "-",
                    "-f",
                    str(post),
                    "-d",
                    conninfo,
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=errors[1],
                env=env,
            )
            try:
                shutil.copyfileobj(reader.stdout, writer.stdin, _BUF)
                if reader.wait() == 0:
                    writer.stdin.write(b"\nSET LOCAL opencsc.restore_complete = 'on';\n")
                writer.stdin.close()
            except BrokenPipeError:
                pass  # psql stopped on an error: its message is in psql.err
            finally:
                reader.stdout.close()  # a pg_restore still writing gets SIGPIPE, not a hang
            reader.wait()
            writer.wait()
            for f in errors:
                f.seek(0)
            messages = [f.read().strip() for f in errors]
        finally:
            for f in errors:
                f.close()
    if reader.returncode or writer.returncode:
        detail = " ".join(m for m in messages if m)[-2000:]
        hint = (
            f" Another session held a table for longer than {LOCK_TIMEOUT}: stop the web "
            "server and worker, then run the restore again."
            if "lock timeout" in detail
            else ""
        )
        raise BackupError(
            f"The restore failed and was rolled back: the database is as it was. {detail}{hint}"
        )


def _sqlite_restore(connection, data: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{data}?mode=ro", uri=True)
    try:
        # One step: the live database becomes the copy at once, or stays as it was.
        source.backup(connection.connection)
    except sqlite3.OperationalError as error:
        raise BackupError(
            f"The restore could not replace the database ({error}); it is as it was. If another "
            "program has it open (the web server, the worker), stop it and run the restore again."
        ) from error
    finally:
        source.close()
