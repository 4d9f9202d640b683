"""The ``opencsc`` command: a thin front for Django's management commands.

opencsc demo [--port N]      set up the embedded demo (SQLite under var/) and serve it
opencsc serve [--port N]     serve the configured database
opencsc synth --size small --seed 1
opencsc migrate
opencsc returns ssda903|cin|annex-a|validate ...   statutory returns (see README)
opencsc indicators --year 2026 [--format csv]      national indicators (see README)
opencsc backup --out FILE / opencsc restore FILE   backup with an integrity check
opencsc sar --person ID --out DIR                  subject access export
opencsc retention [--as-of DATE] [--apply --yes]   retention rules, dry run first
opencsc <any Django management command>
"""

import os
import sys

# Commands that make, inspect or replace the schema, or touch no table: they run on a database
# that has not been migrated. Every other command needs the schema of this version, and stops
# with one line saying to run `opencsc migrate` when it is missing (deny by default).
RUNS_UNMIGRATED = frozenset(
    {
        "check",
        "collectstatic",
        "compilemessages",
        "createcachetable",
        "dbshell",
        "demo",  # migrates first itself
        "diffsettings",
        "findstatic",
        "flush",
        "generateschema",
        "help",
        "inspectdb",
        "makemessages",
        "makemigrations",
        "migrate",
        "optimizemigration",
        "restore",  # fills a database that has no tables
        "sendtestemail",
        "shell",
        "showmigrations",
        "spectacular",
        "sqlflush",
        "sqlmigrate",
        "sqlsequencereset",
        "squashmigrations",
        "startapp",
        "startproject",
        "test",
        "testserver",
        "version",
    }
)
# A backup is what one takes before migrating to a new version, so it runs while migrations are
# pending; it needs only some schema (its audit record) to be there.
RUNS_WITH_PENDING_MIGRATIONS = frozenset({"backup"})
# Uses of a command that read only files, never the database.
FILES_ONLY = {"backup": "--verify", "returns": "validate"}


def schema_problem(command: str, args: list[str]) -> str | None:
    """One line saying why ``command`` (given ``args``) cannot run on the configured database's
    schema, or None when it can.

    Needs Django set up. Never raises for a database that is missing, empty or unreachable: each
    of those is the line returned.
    """
    from pathlib import Path

    from django.core.management import get_commands
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    if command in RUNS_UNMIGRATED or command not in get_commands():
        return None
    files_only = FILES_ONLY.get(command)
    if files_only and any(a == files_only or a.startswith(f"{files_only}=") for a in args):
        return None
    connection = connections[DEFAULT_DB_ALIAS]
    name = connection.settings_dict.get("NAME")
    where = f"The database ({connection.vendor} {name})"
    if connection.vendor == "sqlite" and not Path(str(name)).exists():
        # Asking SQLite would create the file: a mistyped path would leave an empty database.
        return (
            f"{where} does not exist yet: run `opencsc migrate` to create it, then run this again."
        )
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        applied = executor.loader.applied_migrations
    except DatabaseError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"{where} cannot be opened ({reason}): check DATABASE_URL, and that the database exists and its server is running."
    finally:
        connection.close()
    if not plan or (command in RUNS_WITH_PENDING_MIGRATIONS and applied):
        return None
    if not applied:
        return f"{where} has no tables yet: run `opencsc migrate` first, then run this again."
    names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:3])
    more = f" and {len(plan) - 3} more" if len(plan) > 3 else ""
    return (
        f"{where} is missing {len(plan)} migration{'s' if len(plan) != 1 else ''} of this version "
        f"({names}{more}): run `opencsc migrate` first, then run this again."
    )


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    if len(argv) < 2 or argv[1] in {"-h", "--help"}:
        print(__doc__)
        if len(argv) < 2:
            return
    command = argv[1]
    if not command.startswith("-") and not {"-h", "--help"} & set(argv[2:]):
        import django

        django.setup()
        problem = schema_problem(command, argv[2:])
        if problem:
            print(f"opencsc {command}: {problem}", file=sys.stderr)
            sys.exit(1)
    execute_from_command_line(["opencsc", *argv[1:]])


if __name__ == "__main__":
    main()
