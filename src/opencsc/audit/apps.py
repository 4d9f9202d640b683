from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _reinstall_triggers(sender, using="default", **kwargs):
    # SQLite drops a table's triggers when a migration rebuilds the table; put them back.
    from django.db import connections

    from . import triggers

    triggers.install(connections[using])


class AuditConfig(AppConfig):
    name = "opencsc.audit"
    label = "audit"

    def ready(self):
        post_migrate.connect(_reinstall_triggers, sender=self)
