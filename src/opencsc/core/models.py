"""Abstract bases shared by the case-record models."""

import datetime as dt
from typing import Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q

_M = TypeVar("_M", bound=models.Model)


class Recorded(models.Model):
    """Who put this record in, when, and a version that refuses stale concurrent edits."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class SpanQuerySet(models.QuerySet[_M]):
    """Records with ``started_on`` and an optional ``ended_on``."""

    def open(self, on: dt.date | None = None) -> Self:
        """Open now (no end date), or on ``on`` (started by then; ended after it, or not at all)."""
        if on is None:
            return self.filter(ended_on__isnull=True)
        return self.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))

    def overlapping(self, start: dt.date, end: dt.date | None) -> Self:
        """Spans sharing at least one day with [start, end) (end exclusive; None = open)."""
        qs = self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
        if end is not None:
            qs = qs.filter(started_on__lt=end)
        return qs
