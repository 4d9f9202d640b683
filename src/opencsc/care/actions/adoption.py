"""Permanence plans and adoption: the decision, placement order, match, placement, order."""

import datetime as dt
import re

from django.db import transaction

from opencsc.audit.recording import create, update
from opencsc.core.actor import Actor
from opencsc.core.checks import check_choice, check_date
from opencsc.core.errors import ActionError
from opencsc.people.models import Person

from ..codes import (
    ADOPTED,
    ADOPTION_PLACEMENTS,
    AdopterLegalStatus,
    AdopterSex,
    LegalStatus,
    PermanencePlanKind,
    PlacementChangeReason,
    PlacementType,
    PreviousPermanenceOption,
    ReasonEpisodeCeased,
    ReasonNoLongerPlaced,
)
from ..models import (
    AdoptionCase,
    LookedAfterPeriod,
    PermanencePlan,
    PreviousPermanence,
)
from ._common import _open_period, _within_period, period_floor
from .periods import PlacementDetails, cease_looked_after, change_legal_status, change_placement


@transaction.atomic
def set_permanence_plan(
    *, by: Actor, period: LookedAfterPeriod, plan: str, decided_on: dt.date
) -> PermanencePlan:
    check_choice(plan, PermanencePlanKind, "plan", "permanence plan")
    _within_period(period, decided_on, "decided_on", "date of the plan")
    return create(
        PermanencePlan,
        by=by,
        action="set_permanence_plan",
        person=period.person,
        period=period,
        plan=plan,
        decided_on=decided_on,
    )


@transaction.atomic
def record_adoption_decision(
    *, by: Actor, period: LookedAfterPeriod, decision_on: dt.date
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
def record_early_permanence(*, by: Actor, case: AdoptionCase, placed_on: dt.date) -> AdoptionCase:
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
def record_placement_order(*, by: Actor, case: AdoptionCase, on: dt.date) -> AdoptionCase:
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
    by: Actor,
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
    by: Actor,
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
    *, by: Actor, case: AdoptionCase, on: dt.date, reason: str = ReasonEpisodeCeased.E11
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
def reverse_adoption_decision(
    *, by: Actor, case: AdoptionCase, on: dt.date, reason: str
) -> AdoptionCase:
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
    *,
    by: Actor,
    person: Person,
    option: str,
    recorded_on: dt.date,
    la: str = "",
    order_date: str = "",
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
        option=option,
        la=la,
        order_date=order_date,
        recorded_on=recorded_on,
    )
