"""Who changed what (AuditEvent) and who looked at which child (AccessEvent).

Both are append-only. Actions write an AuditEvent in the same transaction as the change it
describes, so a change without its audit record cannot exist; and nothing in the product can
change or remove one afterwards:

- ``save()`` of an existing row, ``delete()``, and the querysets' ``update()`` / ``delete()``
  raise ``AuditRecordImmutable``;
- the database refuses ``UPDATE`` and ``DELETE`` on both tables too (triggers, see
  ``opencsc.audit.triggers``), so raw SQL and other programs are refused as well.

The one sanctioned removal is retention: ``opencsc.audit.log.purge_person_events``.
"""

from typing import Any, NoReturn, Self, TypeVar

from django.conf import settings
from django.db import models

_M = TypeVar("_M", bound=models.Model)


class AuditRecordImmutable(Exception):
    """An attempt to change or delete an audit or access record."""

    def __init__(self, what: str = "Audit records") -> None:
        super().__init__(
            f"{what} cannot be changed or deleted: they are the record of who did what and who "
            "saw which child. The only removal is retention, through "
            "opencsc.audit.log.purge_person_events."
        )


def _plural(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name_plural).capitalize()


class AppendOnlyQuerySet(models.QuerySet[_M]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditRecordImmutable(_plural(self.model))

    def delete(self) -> NoReturn:
        raise AuditRecordImmutable(_plural(self.model))

    delete.queryset_only = True  # type: ignore[attr-defined]  # Django reads this flag off the function

    def _purge(self) -> int:
        """Delete these rows: only for ``purge_person_events``, inside its database permit."""
        deleted, _ = models.QuerySet.delete(self)
        return deleted


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditRecordImmutable(_plural(type(self)))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditRecordImmutable(_plural(type(self)))


class AuditEventQuerySet(AppendOnlyQuerySet["AuditEvent"]):
    def for_person(self, person: models.Model) -> Self:
        return self.filter(person_id=person.pk)


class AuditEvent(AppendOnlyModel):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=80, help_text="The action function, e.g. 'open_referral'.")
    model = models.CharField(max_length=80, help_text="app_label.ModelName of the changed record.")
    object_id = models.CharField(max_length=40)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(
        default=dict, help_text="{field: [old, new]} for each changed field."
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        base_manager_name = "objects"  # so ``_base_manager`` cannot delete or update either
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model}#{self.object_id}"


class AccessEventQuerySet(AppendOnlyQuerySet["AccessEvent"]):
    def for_person(self, person: models.Model) -> Self:
        return self.filter(person_id=person.pk)


class AccessEvent(AppendOnlyModel):
    class Via(models.TextChoices):
        PAGE = "page", "Web page"
        API = "api", "API"
        EXPORT = "export", "Export"
        DOWNLOAD = "download", "Download"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.PAGE)
    path = models.CharField(max_length=300, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} read person {self.person_id}"
