"""Children looked after, care leavers, adoption and permanence.

Source of truth for the SSDA903 "Episodes" table: a period of care (``LookedAfterPeriod``,
SSD ``clae_cla_id``) holds spans of legal status (``LegalStatusSpan``) and of placement
(``Placement``). A 903 episode is an unbroken span of the same legal status *and* the same
placement, so episodes are *derived* (``care.episodes``), never stored: one fact, one place.
Every write goes through ``care.actions``.
"""

import datetime as dt
from typing import Self

from django.db import models
from django.db.models import Q

from opencsc.casework.codes import PrimaryNeed
from opencsc.core.models import Recorded, Span, SpanQuerySet

from .adopters import AdopterHousehold, ProspectiveAdopter  # noqa: F401 (care's models)
from .codes import (
    SHORT_BREAK_STATUSES,
    Accommodation,
    Activity,
    AdopterLegalStatus,
    AdopterSex,
    CareLeaverEligibility,
    HealthCheckKind,
    HealthCheckStatus,
    InTouch,
    LegalStatus,
    MissingKind,
    PEPKind,
    PermanencePlanKind,
    PlacementChangeReason,
    PlacementProvider,
    PlacementType,
    PreviousPermanenceOption,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonNoLongerPlaced,
    ReviewParticipation,
    SDQReason,
)

PERSON = "people.Person"
WORKER = "workforce.Worker"


class LookedAfterPeriodQuerySet(SpanQuerySet["LookedAfterPeriod"]):
    def not_short_breaks(self) -> Self:
        """Periods with a legal status other than short breaks (V3/V4) at some time: the DfE's
        counts of children looked after, starting and ceasing leave out periods of short breaks
        only (``care.outcomes.short_breaks_only``, for rows already read)."""
        return self.filter(
            models.Exists(
                LegalStatusSpan.objects.filter(period=models.OuterRef("pk")).exclude(
                    code__in=SHORT_BREAK_STATUSES
                )
            )
        )


class LookedAfterPeriod(Span, Recorded):
    """A period of care: from starting to be looked after to ceasing (903 DECOM of the first
    episode to DEC/REC of the last)."""

    person = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="looked_after_periods"
    )
    referral = models.ForeignKey(
        "casework.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField()
    primary_need = models.CharField(
        "Category of need",
        max_length=2,
        choices=PrimaryNeed.choices,
        help_text="CIN N1–N8 at the start of the period; the same for the whole period.",
    )
    ended_on = models.DateField(null=True, blank=True)
    reason_ceased = models.CharField(max_length=3, choices=ReasonEpisodeCeased.choices, blank=True)
    first_review_due_on = models.DateField(
        null=True, blank=True, help_text="T10: 20 working days after the start."
    )
    health_assessment_due_on = models.DateField(
        null=True, blank=True, help_text="T17: initial health assessment, 20 working days."
    )
    pep_due_on = models.DateField(
        null=True, blank=True, help_text="T20: personal education plan, 20 working days."
    )
    first_episode_reason = models.CharField(
        max_length=1,
        choices=ReasonNewEpisode.choices,
        default=ReasonNewEpisode.S,
        help_text="903 RNE of the earliest episode held: S, unless the period of care began before "
        "these records (migrated from another system), when it is the reason that episode began.",
    )

    objects = LookedAfterPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="one_open_period_of_care",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Looked after from {self.started_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def legal_status_on(self, on: dt.date) -> "LegalStatusSpan | None":
        return self.legal_statuses.open(on).first()

    def placement_on(self, on: dt.date) -> "Placement | None":
        return self.placements.open(on).first()


class LegalStatusQuerySet(SpanQuerySet["LegalStatusSpan"]):
    def looked_after(self, on: dt.date) -> Self:
        """Legal statuses that make a child looked after on ``on``, short breaks aside (V3/V4):
        the DfE's counts of children looked after and Annex A leave out children looked after
        only for a series of short breaks."""
        return self.open(on).exclude(code__in=SHORT_BREAK_STATUSES)


class LegalStatusSpan(Span, Recorded):
    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="legal_statuses"
    )
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="legal_statuses")
    code = models.CharField(max_length=2, choices=LegalStatus.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    objects = LegalStatusQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"], condition=Q(ended_on__isnull=True), name="one_open_legal_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} from {self.started_on:%d/%m/%Y}"


class Placement(Span, Recorded):
    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="placements"
    )
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="placements")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    place = models.CharField("Placement type", max_length=3, choices=PlacementType.choices)
    provider = models.CharField(max_length=3, choices=PlacementProvider.choices, blank=True)
    urn = models.CharField(
        "Ofsted URN",
        max_length=8,
        blank=True,
        help_text="SC and 6 digits, or 7 digits; blank where the setting has none (the 903 writes XXXXXXX for foster and adoption placements).",
    )
    carer_name = models.CharField(max_length=120, blank=True)
    postcode = models.CharField("Placement postcode", max_length=8, blank=True)
    home_postcode = models.CharField("Child's home postcode", max_length=8, blank=True)
    distance_miles = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    same_carer_as_previous = models.BooleanField(
        default=False, help_text="A move with the same carer(s) (903 RNE T or U)."
    )
    long_term_until_18 = models.BooleanField(
        default=False, help_text="Intended to last until 18: visits every 3 months after year one."
    )
    first_visit_due_on = models.DateField(
        null=True, blank=True, help_text="T13: a statutory visit within 1 week of the start."
    )
    change_reason = models.CharField(
        max_length=6,
        choices=PlacementChangeReason.choices,
        blank=True,
        help_text="Why this placement ended (REASON_PLACE_CHANGE).",
    )

    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"], condition=Q(ended_on__isnull=True), name="one_open_placement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_place_display()} from {self.started_on:%d/%m/%Y}"


class LookedAfterReview(Recorded):
    period = models.ForeignKey(LookedAfterPeriod, on_delete=models.PROTECT, related_name="reviews")
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="cla_reviews")
    held_on = models.DateField()
    due_on = models.DateField(
        null=True, blank=True, help_text="When this review was due (T10-T12, reg 33)."
    )
    participation = models.CharField(max_length=3, choices=ReviewParticipation.choices)
    iro = models.ForeignKey(
        WORKER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Looked-after review {self.held_on:%d/%m/%Y}"


class HealthCheck(Recorded):
    """Initial or review health assessment, or dental check."""

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="health_checks")
    kind = models.CharField(max_length=16, choices=HealthCheckKind.choices)
    done_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=HealthCheckStatus.choices, default=HealthCheckStatus.COMPLETED
    )

    class Meta:
        ordering = ["done_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.done_on:%d/%m/%Y}"


class ImmunisationStatus(Recorded):
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="immunisations")
    recorded_on = models.DateField()
    up_to_date = models.BooleanField()

    class Meta:
        ordering = ["recorded_on", "id"]

    def __str__(self) -> str:
        return f"Immunisations {'up to date' if self.up_to_date else 'not up to date'}"


class SDQScore(Recorded):
    """Strengths and difficulties questionnaire: a score 0–40, or a reason there is none."""

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="sdq_scores")
    completed_on = models.DateField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=4, choices=SDQReason.choices, blank=True)

    class Meta:
        ordering = ["completed_on", "id"]

    def __str__(self) -> str:
        return f"SDQ {self.score if self.score is not None else self.reason}"


class Conviction(Recorded):
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="convictions")
    convicted_on = models.DateField()
    offence = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Conviction {self.convicted_on:%d/%m/%Y}"


class SubstanceMisuse(Recorded):
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="substance_misuse")
    identified_on = models.DateField()
    substance = models.CharField(max_length=100, blank=True)
    intervention_offered = models.BooleanField(default=False)
    intervention_received = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Substance misuse {self.identified_on:%d/%m/%Y}"


class PersonalEducationPlan(Recorded):
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="peps")
    period = models.ForeignKey(LookedAfterPeriod, on_delete=models.PROTECT, related_name="peps")
    kind = models.CharField(max_length=8, choices=PEPKind.choices)
    held_on = models.DateField()

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = "personal education plan"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class MissingEpisode(Span, Recorded):
    """Missing or away from placement; the return home interview (RHI) is due within 72 hours."""

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=MissingKind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    rhi_offered = models.BooleanField("Return interview offered", null=True, blank=True)
    rhi_accepted = models.BooleanField("Return interview accepted", null=True, blank=True)
    rhi_held_on = models.DateField("Return interview held", null=True, blank=True)
    rhi_due_on = models.DateField(
        "Return interview due", null=True, blank=True, help_text="T24: 72 hours after the return."
    )

    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%d/%m/%Y}"


class CareLeaverQuerySet(SpanQuerySet["CareLeaver"]):
    def active(self, on: dt.date) -> Self:
        """Care leavers on ``on``: a care leaver since that day or before, with an eligibility
        (not "no current eligibility"), and services not yet ended."""
        return self.open(on).exclude(eligibility=CareLeaverEligibility.NONE)


class CareLeaver(Span, Recorded):
    """A young person entitled to leaving-care support, from ``since`` until their services
    end."""

    span_start = "since"
    span_end = "services_ended_on"

    person = models.OneToOneField(PERSON, on_delete=models.PROTECT, related_name="care_leaver")
    eligibility = models.CharField(max_length=16, choices=CareLeaverEligibility.choices)
    since = models.DateField()
    services_ended_on = models.DateField(null=True, blank=True)

    objects = CareLeaverQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Care leaver ({self.get_eligibility_display()})"


class PathwayPlan(Recorded):
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="pathway_plans")
    is_review = models.BooleanField(default=False)
    held_on = models.DateField()

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Pathway plan {'review ' if self.is_review else ''}{self.held_on:%d/%m/%Y}"


class CareLeaverContact(Recorded):
    """Keeping in touch: each contact records activity and accommodation (903 OC3 source)."""

    person = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="care_leaver_contacts"
    )
    contacted_on = models.DateField()
    in_touch = models.CharField(max_length=4, choices=InTouch.choices)
    activity = models.CharField(max_length=2, choices=Activity.choices, blank=True)
    accommodation = models.CharField(max_length=1, choices=Accommodation.choices, blank=True)
    accommodation_suitable = models.BooleanField(null=True, blank=True)
    worker = models.ForeignKey(
        WORKER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contacted_on", "id"]

    def __str__(self) -> str:
        return f"Care leaver contact {self.contacted_on:%d/%m/%Y}"

    @property
    def accom_code(self) -> str:
        """903 ACCOM: letter and suitability digit (e.g. U1), or '0' when not known."""
        if not self.accommodation or self.accommodation_suitable is None:
            return "0"
        return f"{self.accommodation}{1 if self.accommodation_suitable else 2}"


class PermanencePlan(Recorded):
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="permanence_plans")
    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="permanence_plans"
    )
    plan = models.CharField(max_length=20, choices=PermanencePlanKind.choices)
    decided_on = models.DateField()

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"Permanence plan: {self.get_plan_display()}"


class AdoptionCase(Recorded):
    """The adoption journey in a period of care (SSD ssd_permanence; 903 AD1, PlacedAdoption)."""

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="adoption_cases")
    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="adoption_cases"
    )
    decision_on = models.DateField("Should be placed for adoption (ADM decision)")
    placement_order_on = models.DateField(null=True, blank=True)
    ffa_placed_on = models.DateField("Placed in FFA or concurrent planning", null=True, blank=True)
    matched_on = models.DateField(null=True, blank=True)
    placed_on = models.DateField("Placed for adoption", null=True, blank=True)
    adoption_order_on = models.DateField(null=True, blank=True)
    reversed_on = models.DateField("No longer to be placed for adoption", null=True, blank=True)
    reversed_reason = models.CharField(
        max_length=3, choices=ReasonNoLongerPlaced.choices, blank=True
    )
    adopted_by_foster_carer = models.BooleanField(null=True, blank=True)
    number_of_adopters = models.PositiveSmallIntegerField(null=True, blank=True)
    adopter_sex = models.CharField(max_length=2, choices=AdopterSex.choices, blank=True)
    adopter_legal_status = models.CharField(
        max_length=3, choices=AdopterLegalStatus.choices, blank=True
    )
    household = models.ForeignKey(
        AdopterHousehold,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoption_cases",
        help_text="The prospective adopters of this agency the child is matched with "
        "(``actions.adopters.link_adoption_match``).",
    )
    family_id = models.CharField(
        "Adoptive family identifier",
        max_length=20,
        blank=True,
        help_text="For adopters approved by another agency, who are not in our records; "
        "a match with our own adopters links the household instead.",
    )

    class Meta:
        ordering = ["decision_on", "id"]

    def __str__(self) -> str:
        return f"Adoption decision {self.decision_on:%d/%m/%Y}"


class PreviousPermanence(Recorded):
    """A permanence order before this period of care (903 PrevPerm; partial dates allowed)."""

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="previous_permanence")
    option = models.CharField(max_length=2, choices=PreviousPermanenceOption.choices)
    la = models.CharField("LA that made the order", max_length=3, blank=True)
    order_date = models.CharField(
        max_length=10, blank=True, help_text="DD/MM/YYYY, or zz/MM/YYYY, zz/zz/YYYY, zz/zz/zzzz."
    )
    recorded_on = models.DateField()

    def __str__(self) -> str:
        return f"Previous permanence {self.option}"
