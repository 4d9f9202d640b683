"""The database's half of "audit records cannot be edited": triggers refusing UPDATE and DELETE.

The model and queryset methods already refuse; the triggers make raw SQL, a shell and any other
program connected to the database refuse too. The one exception is a *purge permit*, held only
inside one transaction by ``opencsc.audit.log.purge_person_events`` (retention) and by
``manage.py flush`` (which empties the whole database, audit included):

- PostgreSQL: ``SET LOCAL opencsc.purge = 'on'``; the trigger lets DELETE (and TRUNCATE)
  through only while ``current_setting('opencsc.purge', true) = 'on'``.
- SQLite: a row in the one-row table ``audit_purge_permit``, inserted and removed inside the
  transaction (so no other connection ever sees it: SQLite has one writer at a time).

UPDATE is never permitted. ``install`` is idempotent and runs from the migration and again after
every ``migrate`` (SQLite drops a table's triggers when a migration rebuilds the table).
"""

from contextlib import contextmanager

from django.db import connections, transaction

TABLES = ("audit_auditevent", "audit_accessevent")
PERMIT_TABLE = "audit_purge_permit"  # spelt out in the SQL below

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION opencsc_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE')
       AND coalesce(current_setting('opencsc.purge', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% refused on %: audit records cannot be changed or deleted', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Retention removes events through opencsc.audit.log.purge_person_events; a '
                     'whole-database wipe (flush) runs inside '
                     'opencsc.audit.triggers.purge_permit().';
END
$$;
"""


def _pg_statements(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION opencsc_audit_append_only()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION opencsc_audit_append_only()",
    ]


def _sqlite_statements(table: str) -> list[str]:
    no_delete = (  # constant table names, no input
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "  # noqa: S608
        "WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permit) "
        f"BEGIN SELECT RAISE(ABORT, 'DELETE refused on {table}: audit records cannot be "
        "changed or deleted; the only removal is retention (purge_person_events)'); END"
    )
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'UPDATE refused on {table}: audit records cannot be "
        "changed or deleted'); END",
        no_delete,
    ]


def install(connection) -> None:
    """Create (or re-create) the triggers on ``connection``'s database. Other vendors: none."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            for table in TABLES:
                for sql in _pg_statements(table):
                    cursor.execute(sql)
        elif connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {PERMIT_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1))"
            )
            for table in TABLES:
                for sql in _sqlite_statements(table):
                    cursor.execute(sql)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS opencsc_audit_append_only()")
        elif connection.vendor == "sqlite":
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            cursor.execute(f"DROP TABLE IF EXISTS {PERMIT_TABLE}")


@contextmanager
def purge_permit(using: str = "default"):
    """Let DELETE through the triggers for the rest of this block; needs an open transaction.

    For ``purge_person_events`` and for emptying the whole database (``flush``) only: anything
    else deleting audit records is exactly what the triggers are there to stop. (``restore``
    needs none: it drops and recreates the tables, triggers included, from the backup.)
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("A purge permit is only given inside a transaction.")
    # A savepoint of its own: if the block fails, rolling back to it undoes the permit too
    # (``SET LOCAL`` and the permit row are both transactional), even if the caller catches the
    # error and carries on in the same transaction.
    on, off = {
        "postgresql": ("SET LOCAL opencsc.purge = 'on'", "SET LOCAL opencsc.purge = 'off'"),
        "sqlite": (
            "INSERT OR IGNORE INTO audit_purge_permit (id) VALUES (1)",
            "DELETE FROM audit_purge_permit",
        ),
    }.get(connection.vendor, ("", ""))
    with transaction.atomic(using=using):
        if on:
            with connection.cursor() as cursor:
                cursor.execute(on)
        yield
        if off:
            with connection.cursor() as cursor:
                cursor.execute(off)
