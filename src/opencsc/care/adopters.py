"""Prospective adopters: an adoptive household (the "family" of Annex A Lists 10 and 11) with one
or two prospective adopters, and its journey through the adoption agency's process.

The two-stage process for approving adopters (Adoption Agencies Regulations 2005 as amended in
2013; statutory guidance on adoption, ch. 3): an enquiry (registration of interest), Stage 1
(pre-approval: checks and preparation), the formal application, Stage 2 (assessment), then the
agency decision maker's approval. Fast-track applicants (approved foster carers, earlier
adopters) go straight to Stage 2, so Stage 1 is optional. A household may leave the process at
any point (withdrawing, put on hold, or refused).

What happens after approval is not copied here: the children a household is matched with and
placed with, and their adoption orders, are the children's ``AdoptionCase`` records, linked by
``AdoptionCase.household``; Annex A List 11 derives its matched, placed, number placed and
adoption order columns from those (one fact, one place). Every write goes through
``care.actions.adopters``; ``journey_problem`` is the one statement of the date rules, used by
the actions and by ``AdopterHousehold.clean``.
"""

import datetime as dt

from django.db import models
from django.db.models import Q

from opencsc.core.errors import ActionError
from opencsc.core.models import Recorded
from opencsc.people.codes import Ethnicity, Sex

from .codes import LeftAdoptionProcess

# The journey's dates in the order they happen, with the words an error uses for each.
JOURNEY_DATES: tuple[tuple[str, str], ...] = (
    ("enquiry_on", "date the enquiry was received"),
    ("stage1_started_on", "date Stage 1 started"),
    ("stage1_ended_on", "date Stage 1 ended"),
    ("applied_on", "date the application was submitted"),
    ("stage2_started_on", "date Stage 2 started"),
    ("stage2_ended_on", "date Stage 2 ended"),
    ("approved_on", "date the application was approved"),
)
WHAT = dict(JOURNEY_DATES) | {"left_on": "date of leaving the adoption process"}


def _refuse(field: str, message: str, fix: str) -> ActionError:
    return ActionError(field, message, fix)


def _not_before(dates: dict, field: str, earlier: str) -> ActionError | None:
    later_on, earlier_on = dates.get(field), dates.get(earlier)
    if later_on is not None and earlier_on is not None and later_on < earlier_on:
        return _refuse(
            field,
            f"The {WHAT[field]} ({later_on:%d/%m/%Y}) is before the {WHAT[earlier]} "
            f"({earlier_on:%d/%m/%Y}).",
            f"Enter a date on or after {earlier_on:%d/%m/%Y}, or correct the {WHAT[earlier]}.",
        )
    return None


def journey_problem(dates: dict, *, left_reason: str = "") -> ActionError | None:
    """The first thing wrong with a household's journey dates (``dates``: field name -> date or
    None, as in ``JOURNEY_DATES`` plus ``left_on``), or None when they are in order.

    Rules: every date on or after the enquiry; Stage 1 ends on or after it starts and before
    Stage 2 starts; Stage 2 ends on or after it starts; the application is submitted after
    Stage 1 began (where there was one); approval needs an application, comes after it (the
    panel and decision maker follow the assessment) and on or after Stage 2 started and ended;
    leaving needs a reason (and a reason needs a leaving date), and is on or after every other
    date; "application refused" needs an application that was not approved.
    """
    enquiry = dates.get("enquiry_on")
    if enquiry is None:
        return _refuse("enquiry_on", "Enter the date the enquiry was received.", "It is required.")
    for field, _ in JOURNEY_DATES[1:]:
        if problem := _not_before(dates, field, "enquiry_on"):
            return problem
    pairs = [
        ("stage1_ended_on", "stage1_started_on"),
        ("applied_on", "stage1_started_on"),
        ("stage2_started_on", "stage1_ended_on"),
        ("stage2_ended_on", "stage2_started_on"),
        ("approved_on", "stage2_started_on"),
        ("approved_on", "stage2_ended_on"),
    ]
    for later, earlier in pairs:
        if problem := _not_before(dates, later, earlier):
            return problem
    for end, start, fix in [
        ("stage1_ended_on", "stage1_started_on", "Enter when Stage 1 started first."),
        ("stage2_ended_on", "stage2_started_on", "Enter when Stage 2 started first."),
    ]:
        if dates.get(end) is not None and dates.get(start) is None:
            return _refuse(end, f"The {WHAT[end]} is set but not the {WHAT[start]}.", fix)
    if (
        dates.get("stage2_started_on") is not None
        and dates.get("stage1_started_on") is not None
        and dates.get("stage1_ended_on") is None
    ):
        return _refuse(
            "stage2_started_on",
            "Stage 2 cannot start while Stage 1 is still open.",
            "Enter the date Stage 1 ended first.",
        )
    approved, applied = dates.get("approved_on"), dates.get("applied_on")
    if approved is not None:
        if applied is None:
            return _refuse(
                "approved_on",
                "Approval needs an application.",
                "Enter the date the application was submitted first.",
            )
        if approved <= applied:
            return _refuse(
                "approved_on",
                f"The {WHAT['approved_on']} ({approved:%d/%m/%Y}) is not after the "
                f"{WHAT['applied_on']} ({applied:%d/%m/%Y}).",
                f"Enter an approval date after {applied:%d/%m/%Y}.",
            )
        if dates.get("stage2_started_on") is None:
            return _refuse(
                "approved_on",
                "Approval follows the Stage 2 assessment.",
                "Enter the date Stage 2 started first.",
            )
    left = dates.get("left_on")
    if left is None and left_reason:
        return _refuse(
            "left_on",
            "A reason for leaving the adoption process is set but not the date.",
            "Enter the date of leaving the process.",
        )
    if left is not None:
        if left_reason not in LeftAdoptionProcess.values:
            return _refuse(
                "left_reason",
                "Leaving the adoption process needs a reason.",
                f"Use one of: {', '.join(f'{c.value} ({c.label})' for c in LeftAdoptionProcess)}.",
            )
        for field, _ in JOURNEY_DATES:
            if problem := _not_before(dates, "left_on", field):
                return problem
        if left_reason == LeftAdoptionProcess.REFUSED and (applied is None or approved):
            return _refuse(
                "left_reason",
                "'Application refused' needs an application that was not approved.",
                "Use 1 (withdrew) or 2 (put on hold), or enter the application date first.",
            )
    return None


class AdopterHouseholdQuerySet(models.QuerySet):
    def in_contact_between(self, start: dt.date, end: dt.date):
        """Households whose journey had begun by ``end`` and had not ended by leaving before
        ``start`` (ending with adoption orders is a matter of their children's records:
        ``annex_a.lists`` decides that)."""
        return self.filter(enquiry_on__lte=end).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=start)
        )


class AdopterHousehold(Recorded):
    """One household's journey through the adoption agency's process, from enquiry to approval
    and on to their children's adoption orders, or to leaving the process. A household that
    comes back later starts a new journey (a new record, its own family identifier)."""

    family_id = models.CharField(
        "Family identifier",
        max_length=20,
        unique=True,
        help_text="The adoptive family's identifier, shown on Annex A Lists 10 and 11.",
    )
    fostering_for_adoption = models.BooleanField(
        "Fostering for adoption",
        default=False,
        help_text="Also approved as foster carers, for early permanence (fostering for adoption "
        "or concurrent planning).",
    )
    enquiry_on = models.DateField("Date enquiry received")
    stage1_started_on = models.DateField("Date Stage 1 started", null=True, blank=True)
    stage1_ended_on = models.DateField("Date Stage 1 ended", null=True, blank=True)
    applied_on = models.DateField("Date application submitted", null=True, blank=True)
    stage2_started_on = models.DateField("Date Stage 2 started", null=True, blank=True)
    stage2_ended_on = models.DateField("Date Stage 2 ended", null=True, blank=True)
    approved_on = models.DateField("Date application approved", null=True, blank=True)
    left_on = models.DateField("Date of leaving adoption process", null=True, blank=True)
    left_reason = models.CharField(
        "Reason for leaving adoption process",
        max_length=1,
        choices=LeftAdoptionProcess.choices,
        blank=True,
    )

    objects = AdopterHouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["enquiry_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, left_reason="")
                | (Q(left_on__isnull=False) & ~Q(left_reason="")),
                name="adopters_left_with_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(applied_on__lt=models.F("approved_on")),
                name="adopters_approved_after_applying",
            ),
        ]

    def __str__(self):
        return f"Adoptive family {self.family_id}"

    def journey_dates(self) -> dict[str, dt.date | None]:
        return {field: getattr(self, field) for field in WHAT}

    def clean(self):
        if problem := journey_problem(self.journey_dates(), left_reason=self.left_reason):
            raise problem

    @property
    def has_left(self) -> bool:
        return self.left_on is not None


class ProspectiveAdopter(Recorded):
    """One prospective adopter in a household (Annex A List 11 has a row for each)."""

    household = models.ForeignKey(
        AdopterHousehold, on_delete=models.PROTECT, related_name="adopters"
    )
    adopter_id = models.CharField("Individual adopter identifier", max_length=20, unique=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices)
    disabled = models.BooleanField(
        "Disability", null=True, blank=True, help_text="Blank when not known."
    )

    class Meta:
        ordering = ["household", "id"]

    def __str__(self):
        return f"Prospective adopter {self.adopter_id}"
