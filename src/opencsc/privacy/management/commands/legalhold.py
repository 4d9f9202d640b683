"""`opencsc legalhold`: keep a person's records whatever the retention rules say.

opencsc legalhold --list
opencsc legalhold --person ID --reason TEXT [--by USERNAME]
opencsc legalhold --lift HOLD_ID [--by USERNAME]
"""

from django.core.management.base import BaseCommand, CommandError

from opencsc.core.errors import ActionError
from opencsc.people.models import Person
from opencsc.privacy.actions import lift_legal_hold, place_legal_hold
from opencsc.privacy.models import LegalHold

from ._common import acting_user


class Command(BaseCommand):
    help = "Place, lift or list legal holds (people retention never deletes)."

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--person", type=int, help="record id of the person to hold")
        what.add_argument("--lift", type=int, metavar="HOLD_ID", help="lift this hold")
        what.add_argument("--list", action="store_true", help="list the holds in force")
        parser.add_argument("--reason", default="", help="why (with --person)")
        parser.add_argument("--by", default="", help="username recorded as doing it")

    def handle(self, *args, person=None, lift=None, list=False, reason="", by="", **options):
        if list:
            for hold in LegalHold.objects.active().select_related("person"):
                self.stdout.write(
                    f"{hold.pk:>6}  person {hold.person_id:<8} {hold.person.la_child_id:<20} "
                    f"since {hold.placed_on}: {hold.reason}"
                )
            return
        user = acting_user(by)
        try:
            if person is not None:
                subject = Person.objects.filter(pk=person).first()
                if subject is None:
                    raise CommandError(f"--person: no person with id {person}.")
                hold = place_legal_hold(by=user, person=subject, reason=reason)
                self.stdout.write(f"Hold {hold.pk} placed on person {person}.")
            else:
                hold = LegalHold.objects.filter(pk=lift).first()
                if hold is None:
                    raise CommandError(f"--lift: no hold {lift}. See opencsc legalhold --list.")
                lift_legal_hold(by=user, hold=hold)
                self.stdout.write(f"Hold {lift} lifted.")
        except ActionError as error:
            raise CommandError(f"--{error.field}: {error.text}") from error
