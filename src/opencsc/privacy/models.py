"""Legal holds: a person whose records must not be deleted, whatever the retention rules say.

A hold is its own record (not a flag on ``people.Person``) so that it says who placed it, when
and why, and so that lifting it leaves a trace: a litigation hold, a public inquiry (IICSA asked
councils not to destroy records), a complaint or an open subject access request. A person with
any hold not lifted is never deleted by retention (``opencsc.privacy.retention``).
"""

from typing import Self

from django.conf import settings
from django.db import models


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active(self) -> Self:
        return self.filter(lifted_on__isnull=True)


class LegalHold(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="legal_holds"
    )
    reason = models.CharField(
        max_length=200, help_text="Why the records must be kept, e.g. 'Civil claim, ref 123'."
    )
    placed_on = models.DateField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lifted_on = models.DateField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_on", "-id"]

    def __str__(self) -> str:
        return f"Legal hold from {self.placed_on}: {self.reason}"

    @property
    def is_active(self) -> bool:
        return self.lifted_on is None
