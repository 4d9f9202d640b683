"""Teams, workers and who holds each child (SSD ssd_department, ssd_professionals, ssd_involvements)."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q

from opencsc.core.models import Span, SpanQuerySet

from .codes import AllocationRole, TeamKind, WorkerChangeReason


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=TeamKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    area = models.CharField(max_length=60, blank=True, help_text="Locality the team serves.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def descendants_and_self(self) -> list["Team"]:
        """This team and every team below it (a manager of a service sees all its teams)."""
        out, frontier = [self], [self]
        while frontier:
            frontier = list(Team.objects.filter(parent__in=frontier))
            out.extend(frontier)
        return out


class WorkerQuerySet(SpanQuerySet["Worker"]):
    def current_for(self, user: AbstractBaseUser, on: dt.date) -> "Worker | None":
        """The worker ``user`` signs in as, unless they had left by ``on`` (their leaving date
        is their first day gone): the one answer to "whose work is this user's?"."""
        return self.filter(Q(user=user)).not_ended_by(on).first()


class Worker(Span, models.Model):
    """A practitioner: social worker, manager, IRO, personal adviser, early help worker, in
    post from ``started_on`` until ``left_on``."""

    span_end = "left_on"

    staff_id = models.CharField(max_length=20, unique=True)
    first_name = models.CharField(max_length=60)
    last_name = models.CharField(max_length=60)
    job_title = models.CharField(max_length=80)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="workers")
    swe_registration = models.CharField(
        "Social Work England registration number", max_length=12, blank=True
    )
    is_agency = models.BooleanField(default=False)
    fte = models.DecimalField(max_digits=3, decimal_places=2, default=1)
    started_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worker",
    )

    objects = WorkerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def name(self) -> str:
        return str(self)


class AllocationQuerySet(SpanQuerySet["Allocation"]):
    def social_workers(self) -> "AllocationQuerySet":
        return self.filter(role=AllocationRole.SOCIAL_WORKER)


class Allocation(Span, models.Model):
    """A worker holding a child in a role over a span of dates.

    The allocated social worker spans are the SSDA903 SWEpisodes; a span ends the day the next
    worker takes over (``ended_on`` is exclusive of nothing: the next span starts the same day).
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="allocations"
    )
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    role = models.CharField(max_length=30, choices=AllocationRole.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    change_reason = models.CharField(
        max_length=6,
        choices=WorkerChangeReason.choices,
        blank=True,
        help_text="Why this worker took over (SW_REASON).",
    )

    objects = AllocationQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role"],
                condition=Q(ended_on__isnull=True),
                name="one_open_allocation_per_role",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="allocation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} holds {self.person_id} ({self.get_role_display()})"
