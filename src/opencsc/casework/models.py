"""The front door, early help, children in need and child protection.

Aligned with the SSD tables ssd_contacts, ssd_early_help_episodes, ssd_cin_episodes (a referral
is a CIN episode), ssd_cin_assessments, ssd_s47_enquiry, ssd_initial_cp_conference,
ssd_cp_reviews, ssd_cin_plans, ssd_cp_plans and the ssd_*_visits tables. The SSD has no strategy
discussion table: opencsc keeps one, since Working Together allows several before an S47.
Every write goes through ``casework.actions``.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from opencsc.core.models import Recorded, Span, SpanQuerySet

if TYPE_CHECKING:
    from opencsc.people.models import Person

from .codes import (
    CaseNoteKind,
    CategoryOfAbuse,
    ClosureReason,
    ConferenceKind,
    ContactOutcome,
    EarlyHelpEndReason,
    PrimaryNeed,
    ReferralSource,
    ReviewParticipation,
    S47Outcome,
    VisitKind,
    VisitMethod,
)

PERSON = "people.Person"
WORKER = "workforce.Worker"
TEAM = "workforce.Team"


class EarlyHelpEpisode(Span, Recorded):
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="early_help_episodes")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    end_reason = models.CharField(max_length=20, choices=EarlyHelpEndReason.choices, blank=True)
    organisation = models.CharField(max_length=120, blank=True)
    worker = models.ForeignKey(
        WORKER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessment_completed_on = models.DateField(null=True, blank=True)

    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"Early help from {self.started_on:%d/%m/%Y}"


class Contact(Recorded):
    """Something received at the front door about a child (SSD ssd_contacts)."""

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="contacts")
    received_on = models.DateField()
    source = models.CharField(max_length=2, choices=ReferralSource.choices)
    summary = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=ContactOutcome.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        WORKER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"Contact {self.received_on:%d/%m/%Y}"


class Referral(Span, Recorded):
    """A referral, which is also the CIN episode it opens (CIN census CINdetails): open from
    the day it is received until the day it is closed."""

    span_start = "received_on"
    span_end = "closed_on"

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="referrals")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField("Referral date")
    source = models.CharField(max_length=2, choices=ReferralSource.choices)
    primary_need = models.CharField(
        max_length=2, choices=PrimaryNeed.choices, default=PrimaryNeed.N0
    )
    decided_on = models.DateField(null=True, blank=True, help_text="Next steps decided (T1).")
    decision_due_on = models.DateField(
        null=True, blank=True, help_text="T1: next steps due 1 working day after the referral."
    )
    nfa = models.BooleanField("No further action", default=False)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    team = models.ForeignKey(
        TEAM, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        WORKER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("received_on")),
                name="referral_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.received_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Assessment(Span, Recorded):
    """Child and family (single) assessment (SSD ssd_cin_assessments + ssd_assessment_factors):
    open from its start until it is authorised (completed)."""

    span_end = "authorised_on"

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="assessments")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="assessments")
    started_on = models.DateField()
    child_seen = models.BooleanField(default=False)
    authorised_on = models.DateField(null=True, blank=True, help_text="Completed = authorised.")
    due_on = models.DateField(
        null=True, blank=True, help_text="T2-start: 45 working days after the start (DfE clock)."
    )
    due_from_referral_on = models.DateField(
        null=True,
        blank=True,
        help_text="T2: 45 working days after the referral (Working Together).",
    )
    factors = models.JSONField(default=list, blank=True, help_text="AssessmentFactors codes.")
    services_required = models.BooleanField(null=True, blank=True)
    worker = models.ForeignKey(
        WORKER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        TEAM, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"Assessment {self.started_on:%d/%m/%Y}"


class StrategyDiscussion(Recorded):
    person = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    held_on = models.DateField()
    s47_initiated = models.BooleanField(default=False)
    summary = models.TextField(blank=True)
    agencies = models.JSONField(
        default=list, blank=True, help_text="StrategyAgency codes: who took part."
    )

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Strategy discussion {self.held_on:%d/%m/%Y}"


class Section47Enquiry(Span, Recorded):
    """S47 enquiry; it starts on the date of the strategy discussion that initiated it."""

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="section47_enquiries")
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="section47_enquiries"
    )
    strategy_discussion = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="section47_enquiry"
    )
    started_on = models.DateField()
    icpc_target_on = models.DateField(help_text="InitialCPCtarget: 15 working days (T4).")
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=S47Outcome.choices, blank=True)
    icpc_not_required = models.BooleanField(default=False)
    worker = models.ForeignKey(
        WORKER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name_plural = "section 47 enquiries"

    def __str__(self) -> str:
        return f"Section 47 enquiry {self.started_on:%d/%m/%Y}"


class CINPlan(Span, Recorded):
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="cin_plans")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cin_plans")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"Child in need plan from {self.started_on:%d/%m/%Y}"


class ChildProtectionConference(Recorded):
    """An initial, transfer-in or review child protection conference."""

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="cp_conferences")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cp_conferences")
    kind = models.CharField(max_length=12, choices=ConferenceKind.choices)
    section47 = models.ForeignKey(
        Section47Enquiry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    cp_plan = models.ForeignKey(
        "CPPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text="The plan a review conference reviews.",
    )
    held_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    plan_decided = models.BooleanField(
        default=False, help_text="Initial: a CP plan was made. Review: the plan continues."
    )
    quorate = models.BooleanField(default=True)
    participation = models.CharField(
        max_length=3, choices=ReviewParticipation.choices, blank=True, help_text="PN0–PN7."
    )

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class CPPlan(Span, Recorded):
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="cp_plans")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cp_plans")
    conference = models.OneToOneField(
        ChildProtectionConference,
        on_delete=models.PROTECT,
        related_name="plan_made",
        help_text="The initial (or transfer-in) conference that made the plan.",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    latest_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    other_la = models.BooleanField(default=False)

    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = "child protection plan"

    def __str__(self) -> str:
        return f"Child protection plan from {self.started_on:%d/%m/%Y}"


class VisitQuerySet(models.QuerySet["Visit"]):
    def took_place(self) -> "VisitQuerySet":
        """Visits that happened (face to face or virtual): an unsuccessful one is recorded but is
        no visit, for the statutory visit dates of Annex A and the visit clocks."""
        return self.exclude(method=VisitMethod.UNSUCCESSFUL)


class Visit(Recorded):
    """A visit to the child: CIN, CP statutory, looked-after statutory, or care leaver contact."""

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(max_length=12, choices=VisitKind.choices)
    visited_on = models.DateField()
    method = models.CharField(
        max_length=12, choices=VisitMethod.choices, default=VisitMethod.FACE_TO_FACE
    )
    seen = models.BooleanField(default=True)
    seen_alone = models.BooleanField(default=False)
    bedroom_seen = models.BooleanField(null=True, blank=True)
    wishes_and_feelings = models.TextField(blank=True)
    worker = models.ForeignKey(
        WORKER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cp_plan = models.ForeignKey(
        CPPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    period = models.ForeignKey(
        "care.LookedAfterPeriod",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["visited_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(method=VisitMethod.UNSUCCESSFUL) | Q(seen=False),
                name="unsuccessful_visit_child_not_seen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.visited_on:%d/%m/%Y}"


# --- Case notes ---------------------------------------------------------------------------------


class CaseNoteQuerySet(models.QuerySet["CaseNote"]):
    def not_deleted(self) -> "CaseNoteQuerySet":
        return self.filter(deleted_at__isnull=True)


class CaseNote(Recorded):
    """A note of something that happened on the case, filed against one or more children
    (siblings share one note). Its author is ``recorded_by``.

    A note is never removed: a correction saves the new text (the old text stays in the audit
    event) with its reason, and a deletion keeps the row, marked with who deleted it and why, so
    the history of the record stays whole. Every write goes through ``casework.actions``.
    """

    person = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The child whose record the note was written on (the first it is filed for).",
    )
    children: "models.ManyToManyField[Person, Any]" = models.ManyToManyField(
        PERSON, related_name="case_notes"
    )
    kind = models.CharField(max_length=24, choices=CaseNoteKind.choices)
    title = models.CharField(max_length=120)
    body = models.TextField("What happened")
    happened_at = models.DateTimeField()
    corrected_at = models.DateTimeField(null=True, blank=True)
    correction_reason = models.CharField(max_length=500, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deletion_reason = models.CharField(max_length=500, blank=True)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["happened_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class CaseNoteAction(Recorded):
    """Something to be done that a case note records, by whom and by when (#10 makes these
    tasks)."""

    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="actions")
    what = models.CharField(max_length=200)
    owner = models.ForeignKey(WORKER, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.what} (due {self.due_on:%d/%m/%Y})"
