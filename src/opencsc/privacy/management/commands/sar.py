"""`opencsc sar`: a subject access export for one person, as sar.json and sar.html.

opencsc sar --person ID --out DIR [--by USERNAME]
opencsc sar --la-child-id X --out DIR [--by USERNAME]

ID is the record's database id (as in its web address, /children/ID/). DIR must not already hold
an export. The export is recorded against the person (an access event, via export) and in the
audit trail; with --by the user must be a head of service or director who may open the record.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencsc.core.errors import ActionError
from opencsc.people.access import visible_children
from opencsc.people.models import Person
from opencsc.privacy.actions import export_subject_access

from ._common import acting_user


class Command(BaseCommand):
    help = "Export everything held about one person (subject access request): sar.json + sar.html."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--person", type=int, help="the person's record id (/children/ID/)")
        who.add_argument("--la-child-id", help="the child's LA child id")
        parser.add_argument("--out", type=Path, required=True, help="folder to write into")
        parser.add_argument("--by", default="", help="username of the person answering it")

    def handle(self, *args, person=None, la_child_id=None, out, by, **options):
        user = acting_user(by)
        people = visible_children(user) if by else Person.objects.all()
        if person is not None:
            subject = people.filter(pk=person).first()
            what = f"--person: no person with id {person}"
        else:
            subject = people.filter(la_child_id__iexact=la_child_id.strip()).first()
            what = f"--la-child-id: no child with LA child id {la_child_id}"
        if subject is None:
            raise CommandError(f"{what}{' that ' + by + ' may open' if by else ''}.")
        try:
            export = export_subject_access(
                by=user, person=subject, path=f"opencsc sar --out {out}", out_dir=out
            )
        except ActionError as error:
            raise CommandError(f"--{error.field}: {error.text}") from error
        doc = export.document
        self.stdout.write(f"Wrote {', '.join(str(p) for p in export.files)}.")
        self.stdout.write(
            f"  {sum(len(s['rows']) for s in doc['sections'])} records, "
            f"{len(doc['chronology'])} chronology entries, {len(doc['audit_events'])} changes, "
            f"{len(doc['access_events'])} reads. Review the {len(doc['third_party_fields'])} "
            "third-party fields listed in it before release."
        )
