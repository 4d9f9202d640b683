"""`opencsc returns …`: produce and check the statutory returns from the records.

opencsc returns ssda903 --year 2026 --out DIR
opencsc returns cin --year 2026 --out FILE.xml
opencsc returns annex-a --as-of 2026-11-30 --out FILE.xlsx
opencsc returns validate ssda903 DIR --year 2026 [--prev DIR] [--mode tool|isolated]
opencsc returns validate cin FILE.xml --year 2026
"""

import datetime as dt
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opencsc.core.checks import check_reporting_date
from opencsc.core.errors import ActionError
from opencsc.core.years import collection_year_label
from opencsc.returns.actions import check_cin_year, check_collection_year


class Command(BaseCommand):
    help = "Produce the SSDA903, CIN census and Annex A returns, and check them with the DfE rules."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True, parser_class=type(parser))
        p903 = sub.add_parser("ssda903", help="SSDA903 CSV tables for a collection year")
        p903.add_argument(
            "--year", type=int, required=True, help="the year ending 31 March (2026 = 2025-26)"
        )
        p903.add_argument("--out", type=Path, required=True)
        p903.add_argument("--no-previous", action="store_true", help="leave out last year's tables")
        pcin = sub.add_parser("cin", help="CIN census XML for a collection year")
        pcin.add_argument("--year", type=int, required=True)
        pcin.add_argument("--out", type=Path, required=True)
        pann = sub.add_parser("annex-a", help="Ofsted ILACS Annex A workbook")
        pann.add_argument("--as-of", type=dt.date.fromisoformat, required=True, help="YYYY-MM-DD")
        pann.add_argument("--out", type=Path, required=True)
        pval = sub.add_parser("validate", help="run the DfE rules (Data to Insight validators)")
        pval.add_argument("kind", choices=["ssda903", "cin"])
        pval.add_argument("path", type=Path)
        pval.add_argument("--year", type=int, required=True)
        pval.add_argument("--prev", type=Path, default=None, help="ssda903: last year's tables")
        pval.add_argument("--mode", choices=["tool", "isolated"], default="tool")

    def handle(self, *args, what, **options):
        # The same bounds as the Returns page: no return about a year or day opencsc does not
        # report on (a return of noughts that looks real).
        try:
            if what == "annex-a":
                check_reporting_date(options["as_of"], field="as_of", what="date of the extract")
            else:
                check_collection_year(options["year"], field="year")
            if what == "cin":
                check_cin_year(options["year"], field="year")
        except ActionError as error:
            raise CommandError(f"--{error.field.replace('_', '-')}: {error.text}") from error
        started = time.perf_counter()
        if what == "ssda903":
            from opencsc.returns.ssda903.export import export_903

            counts = export_903(
                year=options["year"],
                out_dir=options["out"],
                include_previous=not options["no_previous"],
            )
            self._done(
                f"SSDA903 {collection_year_label(options['year'])} in {options['out']}",
                counts,
                started,
            )
        elif what == "cin":
            from opencsc.returns.cin_census.export import export_cin

            counts = export_cin(year=options["year"], out_file=options["out"])
            self._done(f"CIN census {options['year']} in {options['out']}", counts, started)
        elif what == "annex-a":
            from opencsc.returns.annex_a.export import export_annex_a

            counts = export_annex_a(as_of=options["as_of"], out_file=options["out"])["rows"]
            self._done(
                f"Annex A as of {options['as_of']:%d/%m/%Y} in {options['out']}", counts, started
            )
        else:
            self._validate(options)

    def _done(self, what, counts, started):
        self.stdout.write(f"Wrote {what} ({time.perf_counter() - started:.1f}s)")
        for name, n in (counts or {}).items():
            self.stdout.write(f"  {name:<24} {n}")

    def _validate(self, options):
        from opencsc.returns.validators import ValidatorInputError, validate_903, validate_cin
        from opencsc.returns.validators.report import format_report

        path = options["path"]
        if not path.exists():
            raise CommandError(
                f"{path}: no such {'folder' if options['kind'] == 'ssda903' else 'file'}."
            )
        try:
            if options["kind"] == "ssda903":
                prev = options["prev"]
                if prev is None and (path / "previous_year").is_dir():
                    prev = path / "previous_year"
                report = validate_903(
                    path,
                    year=options["year"],
                    la_ons_code=settings.OPENCSC_LA_ONS_CODE,
                    prev_directory=prev,
                    mode=options["mode"],
                )
            else:
                report = validate_cin(path, year=options["year"])
        except ValidatorInputError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(format_report(report))
        if report.error_count:
            raise CommandError(f"{report.error_count} error(s) under the DfE rules.", returncode=1)
