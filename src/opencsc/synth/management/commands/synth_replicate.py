from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from opencsc.synth.replicate import ReplicationError, build_plan, replicate


class Command(BaseCommand):
    help = (
        "Grow the generated council in this database into COPIES councils' worth of case records, "
        "by bulk SQL (for benchmarks: an England-sized database from a Norfolk one)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--copies",
            type=int,
            required=True,
            help="How many councils the database holds afterwards (the one there counts as one).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Copy again a database that already holds copies (the copies are copied too).",
        )

    def handle(self, *args, copies, force, **options):
        try:
            plan = build_plan()
        except ReplicationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Copying {len(plan.tables)} case-record tables on {connection.vendor}: "
            + ", ".join(t.table for t in plan.tables)
        )
        reasons: dict[str, list[str]] = {}
        for table, reason in plan.skipped.items():
            reasons.setdefault(reason, []).append(table)
        for reason, tables in reasons.items():
            self.stdout.write(f"Not copied: {', '.join(sorted(tables))} ({reason}).")

        def progress(result):
            self.stdout.write(
                f"copy {result.copy}/{copies} (identifiers R{result.number:03d}): "
                f"{result.rows:,} rows in {result.seconds:.1f}s"
            )
            self.stdout.flush()

        try:
            _, results = replicate(copies=copies, force=force, progress=progress)
        except ReplicationError as error:
            raise CommandError(str(error)) from error
        total = sum(r.rows for r in results)
        seconds = sum(r.seconds for r in results)
        self.stdout.write(
            f"Added {copies - 1} copies ({total:,} rows) in {seconds:.1f}s: the database now "
            f"holds {copies} councils' case records."
        )
