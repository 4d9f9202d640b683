import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from opencsc.core.checks import today
from opencsc.people.models import Person
from opencsc.synth.demo_users import create_demo_users
from opencsc.synth.generator import Council
from opencsc.synth.profiles import SIZES


class Command(BaseCommand):
    help = "Generate a synthetic council (obviously fictional children) through the real actions."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--years", type=int, default=5, help="Years of history (at least 5).")
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="Last day of the history, YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Generate even though the database already holds people.",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, size, seed, years, as_of, force, no_progress, **options):
        as_of = as_of or today()
        if as_of > today():
            raise CommandError(
                "--as-of: the history cannot end in the future. Use today or earlier."
            )
        if Person.objects.exists() and not force:
            raise CommandError(
                "The database already holds people. Use a fresh database, or --force to add another council."
            )
        council = Council(SIZES[size], seed=seed, as_of=as_of, years=years)
        bar = None
        if not no_progress:
            from tqdm import tqdm

            bar = tqdm(
                total=council.job_count, desc=f"synth {size}", unit="job", file=self.stderr._out
            )
            last = [0]

            def progress(n):
                bar.update(n - last[0])
                last[0] = n

            council.progress = progress
        started = time.perf_counter()
        counters = council.generate()
        if bar:
            bar.close()
        create_demo_users(council)
        self.stdout.write(
            f"Generated the '{size}' council (seed {seed}, history to {as_of:%d/%m/%Y}) in "
            f"{time.perf_counter() - started:.1f}s on {connection.vendor}: {counters.children} children, "
            f"{counters.referrals} referrals, {counters.cp_plans} CP plans, {counters.periods} periods of care."
        )
