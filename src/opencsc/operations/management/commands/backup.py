"""`opencsc backup`: a whole-database backup with a manifest, and checking one.

opencsc backup --out FILE       write a backup of the configured database (FILE must not exist)
opencsc backup --verify FILE    check a backup is whole and exactly as written
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencsc.operations.backup import BackupError, create_backup, verify_backup


class Command(BaseCommand):
    # A recovery tool: it must work while something unrelated fails the system checks.
    requires_system_checks: list[str] = []
    help = "Back up the configured database to one file (with a manifest), or verify a backup."

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--out", type=Path, help="the backup file to write (must not exist)")
        what.add_argument("--verify", type=Path, metavar="FILE", help="check this backup file")

    def handle(self, *args, out=None, verify=None, **options):
        try:
            if verify is not None:
                manifest = verify_backup(verify)
                self.stdout.write(f"{verify}: whole and as written (SHA-256 checks pass).")
            else:
                manifest = create_backup(out=out)
                self.stdout.write(f"Wrote {out}.")
        except BackupError as error:
            raise CommandError(str(error)) from error
        totals = manifest["totals"]
        self.stdout.write(
            f"  made      {manifest['created_at']} by opencsc {manifest['opencsc_version']}\n"
            f"  engine    {manifest['engine']} {manifest['server_version']}\n"
            f"  tables    {totals['tables']}, {totals['rows']} rows\n"
            f"  sha256    {manifest['file_sha256']}"
        )
