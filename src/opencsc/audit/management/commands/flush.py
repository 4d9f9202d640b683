"""``flush``, which empties every table, with the purge permit the audit triggers require.

Django's own ``flush`` (used by the tests between transactional test cases, and by developers)
would otherwise be refused by the triggers that keep audit records append-only. Emptying the
whole database is not editing the audit trail, so it is allowed; deleting chosen audit records
is not (only retention does that, through ``purge_person_events``).
"""

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, transaction

from opencsc.audit.triggers import purge_permit


class Command(DjangoFlush):
    def handle(self, **options):
        database = options.get("database") or DEFAULT_DB_ALIAS
        with transaction.atomic(using=database), purge_permit(database):
            return super().handle(**options)
