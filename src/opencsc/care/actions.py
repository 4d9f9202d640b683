"""The one write path for children looked after, care leavers and adoption.

A period of care is started, changed and ended only here, so its spans can be trusted: exactly
one legal status and one placement open at a time, each starting on or after the period, none
starting and ending on the same day, and no placement outside a period of care.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from opencsc.casework.codes import PrimaryNeed
from opencsc.core.checks import check_choice, check_date, check_end
from opencsc.core.errors import ActionError
from opencsc.core.recording import create, update
from opencsc.people.identifiers import normalise_postcode, postcode_is_valid

from .codes import (
    ADOPTED,
    ADOPTION_PLACEMENTS,
    ALWAYS_UNSUITABLE,
    NO_PROVIDER_PLACEMENTS,
    URN_REQUIRED_PLACEMENTS,
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
    valid_placement_types,
)
from .models import (
    AdoptionCase,
    CareLeaver,
    CareLeaverContact,
    Conviction,
    HealthCheck,
    ImmunisationStatus,
    LegalStatusSpan,
    LookedAfterPeriod,
    LookedAfterReview,
    MissingEpisode,
    PathwayPlan,
    PermanencePlan,
    PersonalEducationPlan,
    Placement,
    PreviousPermanence,
    SDQScore,
    SubstanceMisuse,
)


def collection_year(on: dt.date) -> int:
    """The DfE collection year a date falls in, named by the 31 March it ends on."""
    return on.year + 1 if on.month >= 4 else on.year


def _after_birth(person, on: dt.date, field: str, what: str) -> None:
    if person.is_unborn:
        raise ActionError(
            field, "An unborn child cannot be looked after.", "Record the birth first."
        )
    check_date(
        on,
        field=field,
        what=what,
        not_before=person.date_of_birth,
        not_before_what="the child's date of birth",
    )
    if person.date_of_death and on > person.date_of_death:
        raise ActionError(field, f"The {what} is after the child's death.", "Check the date.")


@dataclass(frozen=True)
class PlacementDetails:
    """Where and with whom a child is placed (903 PLACE, PLACE_PROVIDER, URN, PL_POST, HOME_POST)."""

    place: str
    provider: str = ""
    urn: str = ""
    postcode: str = ""
    home_postcode: str = ""
    carer_name: str = ""
    distance_miles: Decimal | None = None
    long_term_until_18: bool = False

    def check(self, *, person, on: dt.date) -> None:
        check_choice(self.place, PlacementType, "place", "placement type")
        year = collection_year(on)
        if self.place not in valid_placement_types(year):
            raise ActionError(
                "place",
                f"Placement type {self.place} is not used in {year - 1}-{year % 100:02d}.",
                "Choose a current placement type (e.g. K3 in place of H5, Z11–Z14 in place of Z1).",
            )
        if self.place in NO_PROVIDER_PLACEMENTS:
            if self.provider:
                raise ActionError(
                    "provider",
                    f"A {self.place} placement has no placement provider.",
                    "Leave the provider blank.",
                )
        else:
            check_choice(self.provider, PlacementProvider, "provider", "placement provider")
            if self.place == PlacementType.P1 and self.provider != PlacementProvider.PR0:
                raise ActionError(
                    "provider",
                    "A placement with parents is provided by the parents (PR0).",
                    "Set the provider to PR0.",
                )
        if self.place in URN_REQUIRED_PLACEMENTS and not re.fullmatch(
            r"SC\d{6}|\d{7}", self.urn or ""
        ):
            raise ActionError(
                "urn",
                f"A {self.place} placement is in an Ofsted-registered setting: give its Ofsted URN.",
                "Enter the URN from the setting's Ofsted registration (SC and 6 digits, or 7 digits).",
            )
        for field in ("postcode", "home_postcode"):
            value = getattr(self, field)
            if value and not postcode_is_valid(value):
                raise ActionError(
                    field,
                    f"'{value}' is not a UK postcode.",
                    "Enter a full postcode such as NR1 2AB.",
                )
        age = person.age_on(on)
        if self.place in {PlacementType.K3, PlacementType.H5, PlacementType.P2} and age < 16:
            raise ActionError(
                "place",
                f"{self.get_label()} is only for young people aged 16 or over "
                f"(the child is {age}).",
                "Choose another placement type.",
            )

    def get_label(self) -> str:
        return PlacementType(self.place).label

    def fields(self) -> dict:
        return {
            "place": self.place,
            "provider": self.provider,
            "urn": self.urn,
            "postcode": normalise_postcode(self.postcode) if self.postcode else "",
            "home_postcode": normalise_postcode(self.home_postcode) if self.home_postcode else "",
            "carer_name": self.carer_name,
            "distance_miles": self.distance_miles,
            "long_term_until_18": self.long_term_until_18,
        }


def _open_period(period: LookedAfterPeriod) -> None:
    if period.ended_on is not None:
        raise ActionError(
            "period",
            f"This period of care ended on {period.ended_on:%d/%m/%Y}.",
            "Start a new period of care if the child is looked after again.",
        )


# --- Periods of care ----------------------------------------------------------------------------


@transaction.atomic
def start_looked_after(
    *,
    by,
    person,
    started_on: dt.date,
    legal_status: str,
    primary_need: str,
    placement: PlacementDetails,
    referral=None,
    first_episode_reason: str = ReasonNewEpisode.S,
) -> LookedAfterPeriod:
    """The child starts to be looked after: a period of care, its first legal status and its
    first placement, all from ``started_on`` (903 RNE S)."""
    _after_birth(person, started_on, "started_on", "date the child started to be looked after")
    check_choice(legal_status, LegalStatus, "legal_status", "legal status")
    check_choice(primary_need, PrimaryNeed, "primary_need", "category of need")
    if primary_need in {PrimaryNeed.N0, PrimaryNeed.N9}:
        raise ActionError(
            "primary_need",
            "A looked-after child's category of need is one of N1–N8.",
            "Choose the category highest up the list that applies.",
        )
    if person.age_on(started_on) >= 18:
        raise ActionError(
            "started_on",
            "A person aged 18 or over cannot start to be looked after.",
            "Check the date of birth and the start date.",
        )
    if person.looked_after_periods.filter(ended_on__isnull=True).exists():
        raise ActionError(
            "started_on",
            "This child is already looked after.",
            "Change the placement or legal status of the open period instead.",
        )
    last = person.looked_after_periods.order_by("-ended_on").first()
    if last is not None and started_on < last.ended_on:
        raise ActionError(
            "started_on",
            f"The last period of care ended on {last.ended_on:%d/%m/%Y}.",
            "Periods of care cannot overlap: enter a later date.",
        )
    placement.check(person=person, on=started_on)
    # Migrated records may begin part-way through a period of care: the earliest episode held
    # then began for another reason than S (its start is the earliest date known).
    check_choice(
        first_episode_reason, ReasonNewEpisode, "first_episode_reason", "reason for new episode"
    )
    if legal_status in {LegalStatus.E1, LegalStatus.D1} and first_episode_reason == "S":
        raise ActionError(
            "legal_status",
            "A child starts to be looked after before any placement order: E1 and D1 follow an "
            "adoption decision within the period of care.",
            "Start with the legal status the child came into care under (e.g. C1 or V2).",
        )
    period = create(
        LookedAfterPeriod,
        by=by,
        action="start_looked_after",
        person=person,
        person_id=person.pk,
        referral=referral,
        started_on=started_on,
        primary_need=primary_need,
        first_episode_reason=first_episode_reason,
    )
    create(
        LegalStatusSpan,
        by=by,
        action="start_looked_after",
        person=person,
        period=period,
        person_id=person.pk,
        code=legal_status,
        started_on=started_on,
    )
    create(
        Placement,
        by=by,
        action="start_looked_after",
        person=person,
        period=period,
        person_id=person.pk,
        started_on=started_on,
        **placement.fields(),
    )
    return period


@transaction.atomic
def change_legal_status(
    *, by, period: LookedAfterPeriod, code: str, started_on: dt.date
) -> LegalStatusSpan:
    """A new legal status from ``started_on``; the current one ends that day (903 RNE L, or B/U
    when the placement changes the same day)."""
    _open_period(period)
    check_choice(code, LegalStatus, "code", "legal status")
    current = period.legal_statuses.get(ended_on__isnull=True)
    if code == current.code:
        raise ActionError(
            "code", f"The child's legal status is already {code}.", "Choose the new legal status."
        )
    if (
        code in {LegalStatus.E1, LegalStatus.D1}
        and not period.adoption_cases.filter(reversed_on__isnull=True).exists()
    ):
        raise ActionError(
            "code",
            "A placement order follows the agency decision that the child should be placed for "
            "adoption (903 rule 553).",
            "Record the adoption decision first, then the placement order.",
        )
    check_date(
        started_on,
        field="started_on",
        what="legal status start date",
        not_before=current.started_on,
        not_before_what="the current legal status",
    )
    if started_on == current.started_on:
        raise ActionError(
            "started_on",
            "The current legal status started that same day.",
            "Correct the current legal status instead of adding a new one.",
        )
    update(current, by=by, action="change_legal_status", person=period.person, ended_on=started_on)
    return create(
        LegalStatusSpan,
        by=by,
        action="change_legal_status",
        person=period.person,
        period=period,
        person_id=period.person_id,
        code=code,
        started_on=started_on,
    )


@transaction.atomic
def change_placement(
    *,
    by,
    period: LookedAfterPeriod,
    started_on: dt.date,
    placement: PlacementDetails,
    change_reason: str,
    same_carer: bool = False,
) -> Placement:
    """The child moves: the current placement ends on ``started_on`` with ``change_reason`` and
    the new one starts (903 RNE P, or T when the carer stays the same)."""
    _open_period(period)
    check_choice(
        change_reason, PlacementChangeReason, "change_reason", "reason for the placement change"
    )
    current = period.placements.get(ended_on__isnull=True)
    check_date(
        started_on,
        field="started_on",
        what="placement start date",
        not_before=current.started_on,
        not_before_what="the current placement",
    )
    if started_on == current.started_on:
        raise ActionError(
            "started_on",
            "The current placement started that same day.",
            "Correct the current placement instead of adding a new one.",
        )
    placement.check(person=period.person, on=started_on)
    update(
        current,
        by=by,
        action="change_placement",
        person=period.person,
        ended_on=started_on,
        change_reason=change_reason,
    )
    return create(
        Placement,
        by=by,
        action="change_placement",
        person=period.person,
        period=period,
        person_id=period.person_id,
        started_on=started_on,
        same_carer_as_previous=same_carer,
        **placement.fields(),
    )


@transaction.atomic
def cease_looked_after(
    *,
    by,
    period: LookedAfterPeriod,
    ended_on: dt.date,
    reason: str,
    change_reason: str = PlacementChangeReason.CARPL,
) -> LookedAfterPeriod:
    """The period of care ends: its legal status and placement end the same day (903 DEC/REC)."""
    _open_period(period)
    check_choice(reason, ReasonEpisodeCeased, "reason", "reason the period of care ended")
    if reason == ReasonEpisodeCeased.X1:
        raise ActionError(
            "reason",
            "X1 marks a change within a period of care, not its end.",
            "Choose the reason the child stopped being looked after.",
        )
    check_choice(
        change_reason, PlacementChangeReason, "change_reason", "reason the placement ended"
    )
    person = period.person
    status = period.legal_statuses.get(ended_on__isnull=True)
    placement = period.placements.get(ended_on__isnull=True)
    latest_start = max(status.started_on, placement.started_on)
    check_end(
        ended_on,
        latest_start,
        field="ended_on",
        what="date the period of care ended",
        strictly_after=True,
    )
    if reason == ReasonEpisodeCeased.E2 and person.date_of_death != ended_on:
        raise ActionError(
            "reason",
            "E2 (died) needs the child's date of death, the same as this date.",
            "Record the death first.",
        )
    if reason in {
        ReasonEpisodeCeased.E45,
        ReasonEpisodeCeased.E46,
    } and not placement.place.startswith("U"):
        raise ActionError(
            "reason",
            f"{reason} is a special guardianship order to the former foster carers, but the child's "
            f"placement is {placement.place}, not foster care (903 rule 516).",
            "Choose E47 or E48, or check the placement.",
        )
    open_case = period.adoption_cases.filter(
        reversed_on__isnull=True, adoption_order_on__isnull=True
    ).exists()
    if open_case and reason not in ADOPTED:
        raise ActionError(
            "reason",
            "The decision that the child should be placed for adoption is still open (903 rule 557).",
            "Record that the child should no longer be placed for adoption, then end the period.",
        )
    if reason in ADOPTED:
        case = (
            period.adoption_cases.filter(reversed_on__isnull=True).order_by("-decision_on").first()
        )
        if case is None or case.placed_on is None:
            raise ActionError(
                "reason",
                "An adoption ends a period of care only after placement for adoption.",
                "Record the placement for adoption first.",
            )
    update(status, by=by, action="cease_looked_after", person=person, ended_on=ended_on)
    update(
        placement,
        by=by,
        action="cease_looked_after",
        person=person,
        ended_on=ended_on,
        change_reason=change_reason,
    )
    return update(
        period,
        by=by,
        action="cease_looked_after",
        person=person,
        ended_on=ended_on,
        reason_ceased=reason,
    )


def period_floor(period: LookedAfterPeriod) -> dt.date | None:
    """The earliest date an event in the period may carry: its start, unless the period began
    before these records (migrated, first episode not an S), when earlier events are possible."""
    return period.started_on if period.first_episode_reason == ReasonNewEpisode.S else None


def _within_period(period: LookedAfterPeriod, on: dt.date, field: str, what: str) -> None:
    check_date(
        on,
        field=field,
        what=what,
        not_before=period_floor(period),
        not_before_what="the start of the period of care",
    )
    if period.ended_on is not None and on > period.ended_on:
        raise ActionError(
            field,
            f"The {what} is after the period of care ended ({period.ended_on:%d/%m/%Y}).",
            "Check the date.",
        )


@transaction.atomic
def record_cla_review(
    *, by, period: LookedAfterPeriod, held_on: dt.date, participation: str, iro=None
) -> LookedAfterReview:
    _within_period(period, held_on, "held_on", "review date")
    check_choice(participation, ReviewParticipation, "participation", "review participation code")
    age = period.person.age_on(held_on)
    if (participation == ReviewParticipation.PN0) != (age < 4):
        raise ActionError(
            "participation",
            f"PN0 is for children under 4 at the review (the child is {age}).",
            "Use PN0 for under-4s only, PN1–PN7 otherwise.",
        )
    if period.reviews.filter(held_on=held_on).exists():
        raise ActionError("held_on", "A review is already recorded on that day.", "Check the date.")
    return create(
        LookedAfterReview,
        by=by,
        action="record_cla_review",
        person=period.person,
        period=period,
        person_id=period.person_id,
        held_on=held_on,
        participation=participation,
        iro=iro,
    )


# --- Health and education -----------------------------------------------------------------------


@transaction.atomic
def record_health_check(
    *, by, person, kind: str, done_on: dt.date, status: str = HealthCheckStatus.COMPLETED
) -> HealthCheck:
    check_choice(kind, HealthCheckKind, "kind", "kind of health check")
    check_choice(status, HealthCheckStatus, "status", "health check status")
    _after_birth(person, done_on, "done_on", "date of the check")
    return create(
        HealthCheck,
        by=by,
        action="record_health_check",
        person=person,
        person_id=person.pk,
        kind=kind,
        done_on=done_on,
        status=status,
    )


@transaction.atomic
def record_immunisation_status(
    *, by, person, recorded_on: dt.date, up_to_date: bool
) -> ImmunisationStatus:
    _after_birth(person, recorded_on, "recorded_on", "date recorded")
    return create(
        ImmunisationStatus,
        by=by,
        action="record_immunisation_status",
        person=person,
        person_id=person.pk,
        recorded_on=recorded_on,
        up_to_date=up_to_date,
    )


@transaction.atomic
def record_sdq(
    *, by, person, completed_on: dt.date, score: int | None = None, reason: str = ""
) -> SDQScore:
    """An SDQ score (0–40), or the reason there is none (SDQ1–SDQ5)."""
    _after_birth(person, completed_on, "completed_on", "SDQ date")
    if (score is None) == (not reason):
        raise ActionError(
            "score", "Give either an SDQ score or a reason there is none.", "Fill in one of them."
        )
    if score is not None and not 0 <= score <= 40:
        raise ActionError(
            "score", f"An SDQ score is between 0 and 40, not {score}.", "Check the score."
        )
    if reason:
        check_choice(reason, SDQReason, "reason", "reason for no SDQ score")
    return create(
        SDQScore,
        by=by,
        action="record_sdq",
        person=person,
        person_id=person.pk,
        completed_on=completed_on,
        score=score,
        reason=reason,
    )


@transaction.atomic
def record_conviction(*, by, person, convicted_on: dt.date, offence: str = "") -> Conviction:
    _after_birth(person, convicted_on, "convicted_on", "date of conviction")
    if person.age_on(convicted_on) < 10:
        raise ActionError(
            "convicted_on", "The age of criminal responsibility is 10.", "Check the date."
        )
    return create(
        Conviction,
        by=by,
        action="record_conviction",
        person=person,
        person_id=person.pk,
        convicted_on=convicted_on,
        offence=offence,
    )


@transaction.atomic
def record_substance_misuse(
    *,
    by,
    person,
    identified_on: dt.date,
    substance: str = "",
    intervention_offered: bool = False,
    intervention_received: bool = False,
) -> SubstanceMisuse:
    _after_birth(person, identified_on, "identified_on", "date identified")
    if intervention_received and not intervention_offered:
        raise ActionError(
            "intervention_received",
            "An intervention received was offered.",
            "Tick 'offered' as well.",
        )
    return create(
        SubstanceMisuse,
        by=by,
        action="record_substance_misuse",
        person=person,
        person_id=person.pk,
        identified_on=identified_on,
        substance=substance,
        intervention_offered=intervention_offered,
        intervention_received=intervention_received,
    )


@transaction.atomic
def record_pep(
    *, by, period: LookedAfterPeriod, held_on: dt.date, kind: str = PEPKind.REVIEW
) -> PersonalEducationPlan:
    check_choice(kind, PEPKind, "kind", "kind of PEP meeting")
    _within_period(period, held_on, "held_on", "PEP date")
    return create(
        PersonalEducationPlan,
        by=by,
        action="record_pep",
        person=period.person,
        period=period,
        person_id=period.person_id,
        kind=kind,
        held_on=held_on,
    )


# --- Missing from home or care ------------------------------------------------------------------


def _check_return(episode_start: dt.date, ended_on, rhi_offered, rhi_accepted, rhi_held_on) -> None:
    check_end(ended_on, episode_start, field="ended_on", what="date the child returned")
    if rhi_accepted and not rhi_offered:
        raise ActionError(
            "rhi_accepted",
            "A return interview that was accepted was offered.",
            "Tick 'offered' as well.",
        )
    if rhi_held_on is not None:
        if ended_on is None:
            raise ActionError(
                "rhi_held_on",
                "A return interview follows the child's return.",
                "Record the return first.",
            )
        if not rhi_accepted:
            raise ActionError(
                "rhi_held_on",
                "A return interview was held, so it was accepted.",
                "Tick 'accepted' as well.",
            )
        check_date(
            rhi_held_on,
            field="rhi_held_on",
            what="return interview date",
            not_before=ended_on,
            not_before_what="the date the child returned",
        )


@transaction.atomic
def record_missing_episode(
    *,
    by,
    person,
    kind: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    rhi_offered: bool | None = None,
    rhi_accepted: bool | None = None,
    rhi_held_on: dt.date | None = None,
) -> MissingEpisode:
    """A child missing (M) or away without authorisation (A); open until they return."""
    check_choice(kind, MissingKind, "kind", "kind of episode")
    _after_birth(person, started_on, "started_on", "date the child went missing")
    _check_return(started_on, ended_on, rhi_offered, rhi_accepted, rhi_held_on)
    if person.missing_episodes.overlapping(started_on, ended_on).exists():
        raise ActionError(
            "started_on",
            "This overlaps another missing or away episode.",
            "Check the dates: the child cannot go missing while already missing.",
        )
    return create(
        MissingEpisode,
        by=by,
        action="record_missing_episode",
        person=person,
        person_id=person.pk,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        rhi_offered=rhi_offered,
        rhi_accepted=rhi_accepted,
        rhi_held_on=rhi_held_on,
    )


@transaction.atomic
def record_return(
    *,
    by,
    episode: MissingEpisode,
    ended_on: dt.date,
    rhi_offered: bool | None = None,
    rhi_accepted: bool | None = None,
    rhi_held_on: dt.date | None = None,
) -> MissingEpisode:
    if episode.ended_on is not None:
        raise ActionError(
            "ended_on", "The child's return is already recorded.", "Nothing to record."
        )
    _check_return(episode.started_on, ended_on, rhi_offered, rhi_accepted, rhi_held_on)
    return update(
        episode,
        by=by,
        action="record_return",
        person=episode.person,
        ended_on=ended_on,
        rhi_offered=rhi_offered,
        rhi_accepted=rhi_accepted,
        rhi_held_on=rhi_held_on,
    )


# --- Care leavers -------------------------------------------------------------------------------


@transaction.atomic
def become_care_leaver(
    *, by, person, eligibility: str, since: dt.date, care_history_elsewhere: bool = False
) -> CareLeaver:
    """A young person entitled to leaving-care support. ``care_history_elsewhere``: their time
    in care is not held in these records (migrated from another system), so it is not checked."""
    check_choice(eligibility, CareLeaverEligibility, "eligibility", "care leaver eligibility")
    _after_birth(person, since, "since", "date eligibility started")
    if person.age_on(since) < 16:
        raise ActionError("since", "Leaving-care entitlement starts at 16.", "Check the date.")
    if (
        not care_history_elsewhere
        and not person.looked_after_periods.filter(started_on__lte=since).exists()
    ):
        raise ActionError(
            "person",
            "Only a child who has been looked after can be a care leaver.",
            "Record the period of care first.",
        )
    if CareLeaver.objects.filter(person=person).exists():
        raise ActionError(
            "person",
            "This young person is already recorded as a care leaver.",
            "Change their eligibility instead.",
        )
    return create(
        CareLeaver,
        by=by,
        action="become_care_leaver",
        person=person,
        person_id=person.pk,
        eligibility=eligibility,
        since=since,
    )


@transaction.atomic
def change_care_leaver_eligibility(
    *, by, care_leaver: CareLeaver, eligibility: str, version: int | None = None
) -> CareLeaver:
    check_choice(eligibility, CareLeaverEligibility, "eligibility", "care leaver eligibility")
    return update(
        care_leaver,
        by=by,
        action="change_care_leaver_eligibility",
        person=care_leaver.person,
        version=version,
        eligibility=eligibility,
    )


@transaction.atomic
def record_pathway_plan(*, by, person, held_on: dt.date, is_review: bool) -> PathwayPlan:
    _after_birth(person, held_on, "held_on", "pathway plan date")
    if person.age_on(held_on) < 15:
        raise ActionError(
            "held_on",
            "A pathway plan is made from age 16 (assessment from 15¾).",
            "Check the date.",
        )
    if is_review and not person.pathway_plans.filter(held_on__lt=held_on).exists():
        raise ActionError(
            "is_review",
            "There is no earlier pathway plan to review.",
            "Record it as the first plan.",
        )
    return create(
        PathwayPlan,
        by=by,
        action="record_pathway_plan",
        person=person,
        person_id=person.pk,
        held_on=held_on,
        is_review=is_review,
    )


@transaction.atomic
def record_care_leaver_contact(
    *,
    by,
    person,
    contacted_on: dt.date,
    in_touch: str,
    activity: str = "",
    accommodation: str = "",
    accommodation_suitable: bool | None = None,
    worker=None,
) -> CareLeaverContact:
    """Keeping in touch. In touch: activity and accommodation are known; otherwise neither."""
    check_choice(in_touch, InTouch, "in_touch", "in-touch code")
    _after_birth(person, contacted_on, "contacted_on", "contact date")
    if in_touch == InTouch.YES:
        check_choice(activity, Activity, "activity", "activity code")
        check_choice(accommodation, Accommodation, "accommodation", "accommodation code")
        if accommodation_suitable is None:
            raise ActionError(
                "accommodation_suitable",
                "Say whether the accommodation is suitable.",
                "Choose suitable or unsuitable.",
            )
        if accommodation in ALWAYS_UNSUITABLE and accommodation_suitable:
            raise ActionError(
                "accommodation_suitable",
                f"Accommodation {accommodation} is always unsuitable.",
                "Record it as unsuitable.",
            )
        if accommodation == Accommodation.Z and person.age_on(contacted_on) < 18:
            raise ActionError(
                "accommodation",
                "'With former foster carers' is for those aged 18 or over.",
                "Choose another accommodation code.",
            )
    elif activity or accommodation:
        raise ActionError(
            "activity",
            "Activity and accommodation are only known when in touch.",
            "Clear them, or record the young person as in touch.",
        )
    return create(
        CareLeaverContact,
        by=by,
        action="record_care_leaver_contact",
        person=person,
        person_id=person.pk,
        contacted_on=contacted_on,
        in_touch=in_touch,
        activity=activity,
        accommodation=accommodation,
        accommodation_suitable=accommodation_suitable,
        worker=worker,
    )


# --- Permanence and adoption --------------------------------------------------------------------


@transaction.atomic
def set_permanence_plan(
    *, by, period: LookedAfterPeriod, plan: str, decided_on: dt.date
) -> PermanencePlan:
    check_choice(plan, PermanencePlanKind, "plan", "permanence plan")
    _within_period(period, decided_on, "decided_on", "date of the plan")
    return create(
        PermanencePlan,
        by=by,
        action="set_permanence_plan",
        person=period.person,
        period=period,
        person_id=period.person_id,
        plan=plan,
        decided_on=decided_on,
    )


@transaction.atomic
def record_adoption_decision(
    *, by, period: LookedAfterPeriod, decision_on: dt.date
) -> AdoptionCase:
    """The agency decision maker decides the child should be placed for adoption (903 DATE_INT)."""
    _open_period(period)
    _within_period(period, decision_on, "decision_on", "decision date")
    if period.adoption_cases.filter(
        reversed_on__isnull=True, adoption_order_on__isnull=True
    ).exists():
        raise ActionError(
            "decision_on",
            "An adoption decision is already open for this child.",
            "Record its outcome, or reverse it, first.",
        )
    return create(
        AdoptionCase,
        by=by,
        action="record_adoption_decision",
        person=period.person,
        period=period,
        person_id=period.person_id,
        decision_on=decision_on,
    )


def _open_case(case: AdoptionCase) -> None:
    if case.reversed_on is not None:
        raise ActionError(
            "case", "This adoption decision was reversed.", "Record a new decision first."
        )
    if case.adoption_order_on is not None:
        raise ActionError("case", "The adoption order has been made.", "Nothing more to record.")


@transaction.atomic
def record_early_permanence(*, by, case: AdoptionCase, placed_on: dt.date) -> AdoptionCase:
    """Early permanence: the child is placed with carers approved as both foster carers and
    adopters (fostering for adoption or concurrent planning, 903 PLACE U2/U5) while the court
    decides (Annex A List 10 "date placed in FFA or concurrent planning placement")."""
    _open_case(case)
    if case.ffa_placed_on is not None:
        raise ActionError(
            "placed_on", "An early permanence placement is already recorded.", "Nothing to record."
        )
    check_date(
        placed_on,
        field="placed_on",
        what="date of the FFA placement",
        not_before=period_floor(case.period),
        not_before_what="the start of the period of care",
    )
    placement = (
        case.period.placements.open(placed_on).first()
        or case.period.placements.filter(started_on=placed_on).first()
    )
    if placement is None or placement.place not in {PlacementType.U2, PlacementType.U5}:
        raise ActionError(
            "placed_on",
            "On that day the child was not in a fostering-for-adoption placement (U2 or U5).",
            "Record the U2/U5 placement first, then the early permanence date.",
        )
    return update(
        case, by=by, action="record_early_permanence", person=case.person, ffa_placed_on=placed_on
    )


@transaction.atomic
def record_placement_order(*, by, case: AdoptionCase, on: dt.date) -> AdoptionCase:
    """The court grants a placement order; the legal status becomes E1 the same day."""
    _open_case(case)
    check_date(
        on,
        field="on",
        what="placement order date",
        not_before=period_floor(case.period),
        not_before_what="the start of the period of care",
    )
    if case.placement_order_on is not None:
        raise ActionError("on", "A placement order is already recorded.", "Nothing to record.")
    current = case.period.legal_statuses.get(ended_on__isnull=True)
    if current.code != LegalStatus.E1:
        change_legal_status(by=by, period=case.period, code=LegalStatus.E1, started_on=on)
    return update(
        case, by=by, action="record_placement_order", person=case.person, placement_order_on=on
    )


@transaction.atomic
def record_adoption_match(
    *,
    by,
    case: AdoptionCase,
    matched_on: dt.date,
    number_of_adopters: int,
    adopter_sex: str,
    adopter_legal_status: str,
    adopted_by_foster_carer: bool,
    family_id: str = "",
) -> AdoptionCase:
    """Matched with prospective adopters (903 AD1: DATE_MATCH, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR)."""
    _open_case(case)
    check_date(
        matched_on,
        field="matched_on",
        what="match date",
        not_before=case.decision_on,
        not_before_what="the decision to place for adoption",
    )
    check_choice(adopter_sex, AdopterSex, "adopter_sex", "adopters' sex code")
    check_choice(
        adopter_legal_status, AdopterLegalStatus, "adopter_legal_status", "adopters' legal status"
    )
    if number_of_adopters not in (1, 2):
        raise ActionError("number_of_adopters", "There are one or two adopters.", "Enter 1 or 2.")
    single = adopter_sex in {AdopterSex.M1, AdopterSex.F1}
    if single != (number_of_adopters == 1) or single != (
        adopter_legal_status == AdopterLegalStatus.L0
    ):
        raise ActionError(
            "adopter_sex",
            "The number of adopters, their sex and legal status disagree.",
            "A single adopter is M1 or F1 with legal status L0; a couple is MM, FF or MF.",
        )
    return update(
        case,
        by=by,
        action="record_adoption_match",
        person=case.person,
        matched_on=matched_on,
        number_of_adopters=number_of_adopters,
        adopter_sex=adopter_sex,
        adopter_legal_status=adopter_legal_status,
        adopted_by_foster_carer=adopted_by_foster_carer,
        family_id=family_id,
    )


@transaction.atomic
def place_for_adoption(
    *,
    by,
    case: AdoptionCase,
    placed_on: dt.date,
    placement: PlacementDetails,
    change_reason: str = PlacementChangeReason.CARPL,
    same_carer: bool | None = None,
) -> AdoptionCase:
    """The child moves in with the adopters: an adoption placement (A3–A6) starts that day,
    unless the child is already placed there (with current foster carers)."""
    _open_case(case)
    if case.matched_on is None:
        raise ActionError(
            "placed_on",
            "The child must be matched before being placed for adoption.",
            "Record the match first.",
        )
    if placement.place not in ADOPTION_PLACEMENTS:
        raise ActionError(
            "place", "A placement for adoption is type A3, A4, A5 or A6.", "Choose one of those."
        )
    with_order = placement.place in {PlacementType.A5, PlacementType.A6}
    if with_order and case.placement_order_on is None:
        raise ActionError(
            "place",
            "A5 and A6 are placements under a placement order.",
            "Record the placement order first, or use A3/A4 (with consent).",
        )
    check_date(
        placed_on,
        field="placed_on",
        what="date placed for adoption",
        not_before=case.matched_on,
        not_before_what="the match",
    )
    current = case.period.placements.get(ended_on__isnull=True)
    already_there = current.started_on == placed_on and current.place == placement.place
    if not already_there:  # e.g. migrated records whose first placement is the adoptive one
        change_placement(
            by=by,
            period=case.period,
            started_on=placed_on,
            placement=placement,
            change_reason=change_reason,
            # Placed with the current foster carers (A3, A5) is a move with the same carer.
            same_carer=placement.place in {PlacementType.A3, PlacementType.A5}
            if same_carer is None
            else same_carer,
        )
    return update(case, by=by, action="place_for_adoption", person=case.person, placed_on=placed_on)


@transaction.atomic
def record_adoption_order(
    *, by, case: AdoptionCase, on: dt.date, reason: str = ReasonEpisodeCeased.E11
) -> AdoptionCase:
    """The adoption order: the period of care ends that day (903 DEC = adoption order date)."""
    _open_case(case)
    if reason not in ADOPTED:
        raise ActionError("reason", "An adoption ends with E11 or E12.", "Choose E11 or E12.")
    if case.placed_on is None:
        raise ActionError(
            "on", "The child must be placed for adoption first.", "Record the placement first."
        )
    check_date(
        on,
        field="on",
        what="adoption order date",
        not_before=case.placed_on,
        not_before_what="the placement for adoption",
    )
    case = update(
        case, by=by, action="record_adoption_order", person=case.person, adoption_order_on=on
    )
    cease_looked_after(by=by, period=case.period, ended_on=on, reason=reason)
    return case


@transaction.atomic
def reverse_adoption_decision(*, by, case: AdoptionCase, on: dt.date, reason: str) -> AdoptionCase:
    """The child should no longer be placed for adoption (903 PlacedAdoption DATE_PLACED_CEASED)."""
    _open_case(case)
    check_choice(reason, ReasonNoLongerPlaced, "reason", "reason no longer placed for adoption")
    check_date(
        on,
        field="on",
        what="date of the decision",
        not_before=case.decision_on,
        not_before_what="the decision to place for adoption",
    )
    return update(
        case,
        by=by,
        action="reverse_adoption_decision",
        person=case.person,
        reversed_on=on,
        reversed_reason=reason,
    )


@transaction.atomic
def record_previous_permanence(
    *, by, person, option: str, recorded_on: dt.date, la: str = "", order_date: str = ""
) -> PreviousPermanence:
    """A permanence order before care (adoption, SGO, CAO), with a possibly partial date."""
    check_choice(option, PreviousPermanenceOption, "option", "previous permanence option")
    if order_date and not re.fullmatch(r"(\d\d|zz)/(\d\d|zz)/(\d{4}|zzzz)", order_date):
        raise ActionError(
            "order_date",
            f"'{order_date}' is not a date the 903 accepts.",
            "Use DD/MM/YYYY, replacing unknown parts with zz (e.g. zz/05/2019).",
        )
    return create(
        PreviousPermanence,
        by=by,
        action="record_previous_permanence",
        person=person,
        person_id=person.pk,
        option=option,
        la=la,
        order_date=order_date,
        recorded_on=recorded_on,
    )
