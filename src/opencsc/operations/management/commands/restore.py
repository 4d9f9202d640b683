"""`opencsc restore FILE [--yes]`: replace the configured database with a backup, then check it.

Refuses a database that already holds data unless --yes is given. After restoring, every table's
row count and content digest are compared with the backup's manifest; any difference is an error
(exit status 1) naming the tables.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencsc.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    # A recovery tool: it must work while something unrelated fails the system checks.
    requires_system_checks: list[str] = []
    help = "Restore a backup made by `opencsc backup` into the configured database, and check it."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a backup file from `opencsc backup --out`")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="replace the database even though it holds data (everything in it is lost)",
        )

    def handle(self, *args, file, yes, **options):
        try:
            result = restore_backup(path=file, replace=yes)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        rows = sum(t["rows"] for t in result.tables.values())
        if result.mismatches:
            raise CommandError(
                f"Restored {file}, but {len(result.mismatches)} tables differ from its manifest: "
                + "; ".join(result.mismatches)
                + ". Do not use this database; restore another backup."
            )
        self.stdout.write(
            f"Restored {file} (made {manifest['created_at']} by opencsc "
            f"{manifest['opencsc_version']}): {len(result.tables)} tables, {rows} rows, "
            "every table matching the manifest."
        )
        if result.pending_migrations:
            n = len(result.pending_migrations)
            self.stdout.write(
                f"The backup predates {n} migration{'s' if n != 1 else ''} of this version "
                f"({', '.join(result.pending_migrations[:5])}): run `opencsc migrate` before "
                "starting the service."
            )
