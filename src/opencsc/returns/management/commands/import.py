"""`opencsc import ssda903 DIR --year YYYY`: load an existing 903 return into the records."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencsc.accounts.models import Role, User


class Command(BaseCommand):
    help = "Import an existing statutory return into the records (all or nothing)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True, parser_class=type(parser))
        p903 = sub.add_parser("ssda903", help="an SSDA903 return: a folder of CSV tables")
        p903.add_argument("directory", type=Path)
        p903.add_argument(
            "--year", type=int, required=True, help="the year ending 31 March (2026 = 2025-26)"
        )
        p903.add_argument(
            "--by",
            default="",
            help="username recorded as making the import (default: a system user)",
        )

    def handle(self, *args, what, directory, year, by, **options):
        from opencsc.returns.ssda903.importer import ImportFailed, load_903

        if by:
            user = User.objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"--by: no user '{by}'.")
        else:
            user, _ = User.objects.get_or_create(
                username="opencsc-import",
                defaults={
                    "role": Role.SYSTEM_ADMIN,
                    "is_active": False,
                    "first_name": "Data",
                    "last_name": "migration",
                },
            )
        try:
            summary = load_903(directory, year=year, by=user)
        except ImportFailed as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"Imported {summary.children} children from {directory}:")
        for name, n in summary.rows.items():
            self.stdout.write(f"  {name:<16} {n} rows")
