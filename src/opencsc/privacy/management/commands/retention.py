"""`opencsc retention`: who the retention rules say is due for deletion, and deleting them.

opencsc retention [--as-of YYYY-MM-DD]                 dry run: a report, nothing is changed
opencsc retention --as-of YYYY-MM-DD --apply --yes [--by USERNAME]
                                                       delete them (one transaction, audited)

The report lists people by record id and LA child id only (no names), the rule that kept them
and its last day, who is held (legal hold, restricted record) or cannot be decided, and the rows
per model that would go. --apply recomputes the same report inside its transaction.
"""

from django.core.management.base import BaseCommand, CommandError

from opencsc.core.checks import today
from opencsc.core.errors import ActionError
from opencsc.privacy.actions import apply_retention
from opencsc.privacy.retention import plan_retention, rule_title
from opencsc.privacy.rules import RULES

from ._common import acting_user, parse_date


class Command(BaseCommand):
    help = "Retention: a dry-run report of who is due for deletion; --apply --yes deletes them."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", default="", help="the date to apply the rules on (today)")
        parser.add_argument("--apply", action="store_true", help="delete (needs --yes)")
        parser.add_argument("--yes", action="store_true", help="confirm --apply")
        parser.add_argument("--by", default="", help="username recorded as applying it")

    def handle(self, *args, as_of, apply, yes, by, **options):
        on = parse_date(as_of, "--as-of") if as_of else today()
        if yes and not apply:
            raise CommandError("--yes confirms --apply: give both, or neither for a dry run.")
        if apply and not yes:
            raise CommandError(
                "--apply deletes records for good: run the dry run first, then add --yes."
            )
        if apply:
            user = acting_user(by)
            try:
                plan = apply_retention(by=user, as_of=on)
            except ActionError as error:
                raise CommandError(f"--as-of: {error.text}") from error
            self._report(plan, heading=f"Retention applied as of {on}: deleted")
        else:
            plan = plan_retention(as_of=on)
            self._report(
                plan, heading=f"Retention dry run as of {on} (nothing deleted): would delete"
            )
            if plan.due:
                self.stdout.write(
                    f"\nTo delete them: opencsc retention --as-of {on} --apply --yes --by USERNAME"
                )

    def _report(self, plan, *, heading):
        w = self.stdout.write
        w(f"{heading} {len(plan.due)} children and {len(plan.relatives)} connected people.")
        w("\nRules:")
        for rule in RULES:
            w(f"  {rule.code:<13} {rule.title}: {rule.applies_to}, {rule.keeps} [{rule.source}]")
        w("\nDue for deletion (record id, LA child id, rule, kept until):")
        for e in plan.due:
            w(f"  {e.person_id:>8}  {e.la_child_id:<20} {e.rule:<13} {e.keep_until}")
        if not plan.due:
            w("  none")
        if plan.relatives:
            w(f"  with connected people (record ids): {', '.join(map(str, plan.relatives))}")
        w("\nPer rule:")
        for code, n in plan.by_rule().items():
            w(f"  {code:<13} {rule_title(code)}: {n}")
        w("\nRows per model:")
        for label, n in plan.rows.items():
            w(f"  {label:<34} {n}")
        if not plan.rows:
            w("  none")
        if plan.held:
            w("\nPast their date but kept (review by hand):")
            for e in plan.held:
                w(f"  {e.person_id:>8}  {e.la_child_id:<20} {e.rule:<13} {e.keep_until}  {e.held}")
        if plan.undecided:
            w("\nCannot be decided (no date of birth), kept:")
            for e in plan.undecided:
                w(f"  {e.person_id:>8}  {e.la_child_id:<20} {e.rule}")
