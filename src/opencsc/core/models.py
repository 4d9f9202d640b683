"""Abstract bases shared by the case-record models."""

import datetime as dt
from typing import ClassVar, Self, TypeVar, cast

from django.conf import settings
from django.db import models
from django.db.models import Q

from opencsc.core.calendar import live_between, open_on

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


class Span:
    """A record that is open from its start date up to, but not on, its end date.

    This is the one rule for "open on a date" (``open_on`` for plain dates, ``is_open_on`` for
    a record, ``open_q`` in SQL, ``SpanQuerySet.open`` for a queryset): started on or before
    the day, and not ended on or before it. The end date is the first day the record no longer
    holds (the next placement, legal status or allocation starts that day), so on its end date
    a span is not open. A model whose dates have other names says so in ``span_start`` and
    ``span_end`` (a referral runs from ``received_on`` to ``closed_on``).
    """

    span_start: ClassVar[str] = "started_on"
    span_end: ClassVar[str] = "ended_on"

    @classmethod
    def not_ended_q(cls, on: dt.date | None = None) -> Q:
        """Not ended on or before ``on`` or, without it, not ended at all."""
        not_ended = Q(**{f"{cls.span_end}__isnull": True})
        return not_ended if on is None else not_ended | Q(**{f"{cls.span_end}__gt": on})

    @classmethod
    def open_q(cls, on: dt.date | None = None) -> Q:
        """Open on ``on`` (an expression such as ``OuterRef`` will do), or, without it, not ended."""
        if on is None:
            return cls.not_ended_q()
        return Q(**{f"{cls.span_start}__lte": on}) & cls.not_ended_q(on)

    @classmethod
    def live_between_q(cls, first: dt.date, last: dt.date) -> Q:
        """Live on some day from ``first`` to ``last``, both included (``live_between``)."""
        end = cls.span_end
        return Q(**{f"{cls.span_start}__lte": last}) & (
            Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": first})
        )

    def has_ended_by(self, on: dt.date) -> bool:
        end = getattr(self, self.span_end)
        return end is not None and end <= on

    def is_open_on(self, on: dt.date) -> bool:
        return open_on(getattr(self, self.span_start), getattr(self, self.span_end), on)

    def is_live_between(self, first: dt.date, last: dt.date) -> bool:
        return live_between(
            getattr(self, self.span_start), getattr(self, self.span_end), first, last
        )


class SpanQuerySet(models.QuerySet[_M]):
    """Records of a ``Span`` model."""

    @property
    def _span(self) -> type[Span]:
        return cast(type[Span], self.model)

    def open(self, on: dt.date | None = None) -> Self:
        """Open now (no end date), or on ``on`` (started by then; ended after it, or not at all)."""
        return self.filter(self._span.open_q(on))

    def not_ended_by(self, on: dt.date) -> Self:
        return self.filter(self._span.not_ended_q(on))

    def live_between(self, first: dt.date, last: dt.date) -> Self:
        return self.filter(self._span.live_between_q(first, last))

    def overlapping(self, start: dt.date, end: dt.date | None) -> Self:
        """Spans sharing at least one day with [start, end) (end exclusive; None = open)."""
        qs = self.not_ended_by(start)
        if end is not None:
            qs = qs.filter(**{f"{self._span.span_start}__lt": end})
        return qs
