"""People: the child (or young person, or adult connected to them) and what identifies them.

Aligned with the SSD ``ssd_person``, ``ssd_address``, ``ssd_disability``,
``ssd_immigration_status`` and ``ssd_family``/``ssd_mother`` tables.
"""

import datetime as dt
from typing import Self

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property

from opencsc.core import calendar
from opencsc.core.models import Recorded, Span, SpanQuerySet

from . import status
from .codes import (
    AddressKind,
    Disability,
    Ethnicity,
    ImmigrationStatus,
    RelationshipKind,
    Sex,
    UPNUnknown,
    WarningKind,
)


class PersonQuerySet(models.QuerySet["Person"]):
    def children(self) -> Self:
        """People known as children (they have an LA child id), as opposed to relatives."""
        return self.exclude(la_child_id="")

    def search(self, text: str) -> Self:
        text = (text or "").strip()
        if not text:
            return self.none()
        q = Q(la_child_id__iexact=text) | Q(upn__iexact=text) | Q(nhs_number=text.replace(" ", ""))
        for word in text.split():
            q |= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        return self.filter(q)

    def with_case_status(self, on: dt.date) -> Self:
        """Each person with ``case_status``, their case status on ``on`` (``people.status``),
        worked out in this same query."""
        return self.annotate(case_status=status.case_status(on))

    def in_case_status(self, label: str, on: dt.date) -> Self:
        """The people for whom case status ``label`` holds on ``on``, whatever ranks above it
        (a child on a CP plan who is also looked after is in both)."""
        return self.filter(status.holds(label, on))


class Person(models.Model):
    la_child_id = models.CharField(
        "LA child ID",
        max_length=20,
        blank=True,
        db_index=True,
        help_text="The council's id for the child (LAchildID / CHILD): up to 20 letters or digits.",
    )
    first_name = models.CharField(max_length=60)
    last_name = models.CharField(max_length=60)
    upn = models.CharField("UPN", max_length=13, blank=True)
    former_upn = models.CharField("Former UPN", max_length=13, blank=True)
    upn_unknown = models.CharField(
        "Why the UPN is unknown", max_length=3, choices=UPNUnknown.choices, blank=True
    )
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child: the expected date of birth."
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    date_of_death = models.DateField(null=True, blank=True)
    restricted = models.BooleanField(
        default=False,
        help_text="Only named people may open this record (e.g. a staff member's family).",
    )
    version = models.PositiveIntegerField(default=1, help_text="Refuses stale concurrent edits.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["la_child_id"], condition=~Q(la_child_id=""), name="unique_la_child_id"
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=False) | Q(expected_date_of_birth__isnull=False),
                name="person_has_birth_or_expected_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("people:person-detail", args=[self.pk])

    @property
    def name(self) -> str:
        return str(self)

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None

    def age_on(self, on: dt.date) -> int | None:
        """Whole years of age on ``on`` (None for the unborn), on the project's one rule for
        29 February birthdays (``core.calendar.age_on``: 28 February in a common year, as the
        DfE validators count)."""
        if self.date_of_birth is None:
            return None
        return calendar.age_on(self.date_of_birth, on)

    def age_in_months_on(self, on: dt.date) -> int | None:
        """Whole months of age on ``on`` (None for the unborn), on the same rule as ``age_on``."""
        if self.date_of_birth is None:
            return None
        return calendar.age_in_months_on(self.date_of_birth, on)

    def birthday(self, age: int) -> dt.date:
        """The date this person turns ``age``. A 29 February birth turns a year older on
        28 February in a common year: the DfE validators' ``DateOffset(years=n)``, which their
        rules 304 (UASC status ends by the 18th birthday) and 1016 apply to the return."""
        if self.date_of_birth is None:
            raise ValueError(f"{self} is not born yet: there is no birthday to give.")
        return calendar.add_months(self.date_of_birth, 12 * age)

    def case_status_on(self, on: dt.date) -> str:
        """This person's case status on ``on`` (``people.status``): one query."""
        row = Person.objects.filter(pk=self.pk).values(found=status.case_status(on)).get()
        return str(row["found"])

    @cached_property
    def active_warning_notes(self) -> list["WarningNote"]:
        """The warning notes that have not ended (one query, kept for the page): what the banner
        on every page of the record shows. An end is never in the future (``end_warning_note``),
        so "not ended" is "in force today"."""
        return list(self.warning_notes.open())

    @property
    def disability_codes(self) -> list[str]:
        return [d.code for d in self.disabilities.all()]


class PersonDisability(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=Disability.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "code"], name="unique_disability_per_person")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class ImmigrationStatusSpan(Span, models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="immigration_statuses"
    )
    status = models.CharField(max_length=12, choices=ImmigrationStatus.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["started_on"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} from {self.started_on}"


class Relationship(models.Model):
    """``other`` is the ``kind`` of ``person`` (e.g. other is person's mother)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    has_parental_responsibility = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other", "kind"], name="unique_relationship")
        ]

    def __str__(self) -> str:
        return f"{self.other} is {self.get_kind_display().lower()} of {self.person}"


class Address(Span, models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(max_length=10, choices=AddressKind.choices, default=AddressKind.HOME)
    line1 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=8, help_text="Full postcode, e.g. NR1 2AB.")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return f"{self.line1}, {self.town} {self.postcode}".strip(", ")


class RestrictedAccess(models.Model):
    """A named user allowed to open a restricted record (e.g. a staff member's own family)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="restricted_access")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    granted_on = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "user"], name="unique_restricted_access")
        ]

    def __str__(self) -> str:
        return f"{self.user} may open {self.person}"


class WarningNoteQuerySet(SpanQuerySet["WarningNote"]):
    def review_due_by(self, on: dt.date) -> Self:
        """Notes not ended by ``on`` whose review date is ``on`` or earlier: the due items
        (``people.timescales.next_warning_note_review``)."""
        return self.not_ended_by(on).filter(review_on__lte=on)


class WarningNote(Recorded, Span, models.Model):
    """A warning to staff about visiting the child or their home (staff safety), in force from
    ``started_on`` until it ends, reviewed by ``review_on``."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="warning_notes")
    kind = models.CharField("kind of warning", max_length=20, choices=WarningKind.choices)
    details = models.TextField()
    started_on = models.DateField("date the warning started")
    review_on = models.DateField("review date")
    ended_on = models.DateField("date the warning ended", null=True, blank=True)
    person_told = models.BooleanField("told about the warning")
    reason_not_told = models.TextField("reason not told", blank=True)

    objects = WarningNoteQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__gt=models.F("started_on")),
                name="warning_note_review_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%-d %B %Y}"
