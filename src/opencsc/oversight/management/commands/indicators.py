"""`opencsc indicators`: every indicator of the catalogue for a collection year or a period.

opencsc indicators --year 2026 [--format table|csv]          the year ending 31 March 2026
opencsc indicators --from 2025-10-01 --to 2026-03-31 [--code CODE ...]

One row per indicator; the CSV columns are exactly ``code,name,value,numerator,denominator``.
A percentage or rate has 1 decimal place (rounded half up), a count is whole, and the value is
blank when the denominator is 0.
"""

import csv
import datetime as dt
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from opencsc.core.checks import check_collection_year, check_reporting_date, today
from opencsc.core.errors import ActionError
from opencsc.core.years import collection_year_bounds, collection_year_label
from opencsc.oversight.indicators import CATALOGUE, Period, PeriodError, catalogue, value

COLUMNS = ("code", "name", "value", "numerator", "denominator")


def shown(number) -> str:
    """A value as computed (already rounded), blank for none."""
    return "" if number is None else str(number)


def amount(number) -> str:
    """A numerator or denominator: blank for none; FTE without trailing zeros (2.50 -> 2.5)."""
    if isinstance(number, Decimal):
        return format(number.normalize(), "f")
    return shown(number)


class Command(BaseCommand):
    help = "Every indicator (docs/indicators.md I1-I27) for a collection year or a period."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="the collection year ending 31 March")
        parser.add_argument(
            "--from", dest="first", type=dt.date.fromisoformat, help="first day, YYYY-MM-DD"
        )
        parser.add_argument(
            "--to", dest="last", type=dt.date.fromisoformat, help="last day, YYYY-MM-DD"
        )
        parser.add_argument(
            "--code", action="append", default=[], help="only this indicator (repeatable)"
        )
        parser.add_argument("--format", choices=["table", "csv"], default="table")

    def handle(self, *args, year, first, last, code, format, **options):
        try:
            period = self.period(year, first, last)
            entries = self.entries(code, period)
        except (ActionError, PeriodError) as error:
            raise CommandError(getattr(error, "text", None) or str(error)) from error
        rows = []
        for entry in entries:
            count = entry.compute(period)
            rows.append(
                (
                    entry.code,
                    entry.name,
                    shown(value(entry, count)),
                    amount(count.numerator),
                    amount(count.denominator),
                )
            )
        if format == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows(rows)
        else:
            self.table(period, rows)

    def period(self, year, first, last) -> Period:
        if year is not None and (first or last):
            raise CommandError("Give either --year or --from and --to, not both.")
        if year is not None:
            check_collection_year(year, field="year")
            end = collection_year_bounds(year)[1]
            if end > today():
                raise CommandError(
                    f"{collection_year_label(year)} has not ended: for the year so far use "
                    f"--from {collection_year_bounds(year)[0]} --to {today()}."
                )
            return Period.for_year(year)
        if not (first and last):
            raise CommandError("Give --year, or both --from and --to (YYYY-MM-DD).")
        check_reporting_date(first, field="from", what="first day (--from)")
        check_reporting_date(last, field="to", what="last day (--to)")
        return Period(first, last)

    def entries(self, codes, period: Period):
        if codes:
            unknown = [c for c in codes if c not in CATALOGUE]
            if unknown:
                raise CommandError(
                    f"No indicator {', '.join(unknown)}: the codes are on the indicators page "
                    "(/oversight/indicators/) and in --format csv's first column."
                )
            chosen = [CATALOGUE[c] for c in codes]
            for entry in chosen:
                entry.check(period)
            return chosen
        everything = catalogue()
        left_out = [e.code for e in everything if not e.allows(period)]
        if left_out:
            # Said on stderr, so a CSV on stdout stays a clean table.
            self.stderr.write(
                f"Left out, defined over a collection year only (use --year): "
                f"{', '.join(left_out)}."
            )
        return [e for e in everything if e.allows(period)]

    def table(self, period: Period, rows) -> None:
        self.stdout.write(f"Indicators for {period.label}")
        widths = [max(len(r[i]) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
        widths[1] = min(widths[1], 70)
        for row in [COLUMNS, *rows]:
            cells = [row[0].ljust(widths[0]), row[1][:70].ljust(widths[1])]
            cells += [cell.rjust(width) for cell, width in zip(row[2:], widths[2:], strict=True)]
            self.stdout.write("  ".join(cells).rstrip())
