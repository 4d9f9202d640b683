"""Periods of care: start, legal status, placement, end.

A period of care is started, changed and ended only here, so its spans can be trusted: exactly
one legal status and one placement open at a time, each starting on or after the period, none
starting and ending on the same day, and no placement outside a period of care.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from opencsc.audit.recording import check_span_end, create, end_span
from opencsc.casework.codes import PrimaryNeed
from opencsc.casework.models import Referral
from opencsc.core.actor import Actor
from opencsc.core.checks import check_choice
from opencsc.core.errors import ActionError
from opencsc.core.years import collection_year, collection_year_label
from opencsc.people.identifiers import normalise_postcode, postcode_is_valid
from opencsc.people.models import Person

from .. import timescales
from ..codes import (
    ADOPTED,
    NO_PROVIDER_PLACEMENTS,
    SHORT_BREAK_STATUSES,
    T4_MAX_DAYS,
    URN_REQUIRED_PLACEMENTS,
    LegalStatus,
    PlacementChangeReason,
    PlacementProvider,
    PlacementType,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    change_reason_required,
    is_temporary,
    valid_placement_types,
)
from ..models import (
    LegalStatusSpan,
    LookedAfterPeriod,
    Placement,
)
from ._common import _after_birth, _age, _open_period


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

    def check(self, *, person: Person, on: dt.date) -> None:
        check_choice(self.place, PlacementType, "place", "placement type")
        year = collection_year(on)
        if self.place not in valid_placement_types(year):
            raise ActionError(
                "place",
                f"Placement type {self.place} is not used in {collection_year_label(year)}.",
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
        age = _age(person, on)
        if self.place in {PlacementType.K3, PlacementType.H5, PlacementType.P2} and age < 16:
            raise ActionError(
                "place",
                f"{self.get_label()} is only for young people aged 16 or over "
                f"(the child is {age}).",
                "Choose another placement type.",
            )

    def get_label(self) -> str:
        return PlacementType(self.place).label

    def fields(self) -> dict[str, Any]:
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


@transaction.atomic
def start_looked_after(
    *,
    by: Actor,
    person: Person,
    started_on: dt.date,
    legal_status: str,
    primary_need: str,
    placement: PlacementDetails,
    referral: Referral | None = None,
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
    if _age(person, started_on) >= 18:
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
    if last is not None and last.ended_on and started_on < last.ended_on:
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
    if is_temporary(placement.place):
        # A temporary placement's episode follows a change of placement (V903 rule 380: its RNE
        # is P or B), so only a period migrated part-way through may begin in one.
        if first_episode_reason not in {ReasonNewEpisode.P, ReasonNewEpisode.B}:
            raise ActionError(
                "place",
                "A period of care does not start in a temporary placement (903 rule 380).",
                "Record the child's normal placement; a stay away from it (T0–T4) is a later "
                "change of placement.",
            )
        _check_no_short_breaks(legal_status, placement.place, field="legal_status")
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
        referral=referral,
        started_on=started_on,
        primary_need=primary_need,
        first_episode_reason=first_episode_reason,
        first_review_due_on=timescales.first_cla_review_due(started_on),
        health_assessment_due_on=timescales.initial_health_assessment_due(started_on),
        pep_due_on=timescales.pep_due(started_on),
    )
    create(
        LegalStatusSpan,
        by=by,
        action="start_looked_after",
        person=person,
        period=period,
        code=legal_status,
        started_on=started_on,
    )
    create(
        Placement,
        by=by,
        action="start_looked_after",
        person=person,
        period=period,
        started_on=started_on,
        first_visit_due_on=timescales.first_placement_visit_due(started_on),
        **placement.fields(),
    )
    return period


@transaction.atomic
def change_legal_status(
    *, by: Actor, period: LookedAfterPeriod, code: str, started_on: dt.date
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
    # The current status ends as the new one starts: checked first, as the checks that follow
    # take the new start to be after the current one's.
    check_span_end(
        current,
        started_on,
        what="legal status start date",
        noun="current legal status",
        field="started_on",
        strictly_after=True,
    )
    _check_legal_status_around_temporary(period, code=code, started_on=started_on)
    end_span(
        current,
        by=by,
        action="change_legal_status",
        person=period.person,
        ended_on=started_on,
        what="legal status start date",
        noun="current legal status",
        field="started_on",
        strictly_after=True,
    )
    return create(
        LegalStatusSpan,
        by=by,
        action="change_legal_status",
        person=period.person,
        period=period,
        code=code,
        started_on=started_on,
    )


@transaction.atomic
def change_placement(
    *,
    by: Actor,
    period: LookedAfterPeriod,
    started_on: dt.date,
    placement: PlacementDetails,
    change_reason: str,
    same_carer: bool = False,
) -> Placement:
    """The child moves: the current placement ends on ``started_on`` with ``change_reason`` and
    the new one starts (903 RNE P, or T when the carer stays the same).

    A move into or back from a temporary placement (T0–T4) has no reason
    (``codes.change_reason_required``) and the child comes back to the placement they left."""
    _open_period(period)
    current = period.placements.get(ended_on__isnull=True)
    # The current placement ends as the new one starts: checked first, as the checks that follow
    # take the new start to be after the current one's.
    check_span_end(
        current,
        started_on,
        what="placement start date",
        noun="current placement",
        field="started_on",
        strictly_after=True,
    )
    placement.check(person=period.person, on=started_on)
    if change_reason_required(current.place, placement.place):
        check_choice(
            change_reason, PlacementChangeReason, "change_reason", "reason for the placement change"
        )
    elif change_reason:
        direction = "into" if is_temporary(placement.place) else "back from"
        raise ActionError(
            "change_reason",
            f"A move {direction} a temporary placement has no reason for placement change "
            "(903 rule 226).",
            "Leave the reason blank.",
        )
    _check_temporary_move(
        period, current=current, placement=placement, started_on=started_on, same_carer=same_carer
    )
    end_span(
        current,
        by=by,
        action="change_placement",
        person=period.person,
        ended_on=started_on,
        what="placement start date",
        noun="current placement",
        field="started_on",
        strictly_after=True,
        change_reason=change_reason,
    )
    return create(
        Placement,
        by=by,
        action="change_placement",
        person=period.person,
        period=period,
        started_on=started_on,
        same_carer_as_previous=same_carer,
        first_visit_due_on=timescales.first_placement_visit_due(started_on),
        **placement.fields(),
    )


@transaction.atomic
def cease_looked_after(
    *,
    by: Actor,
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
    if is_temporary(placement.place):
        raise ActionError(
            "ended_on",
            f"The child is in a temporary placement ({placement.place}), and a period of care "
            "does not end in one (903 rule 381).",
            "Record the child's return to their normal placement first.",
        )
    # The status and placement end with the period: checked before the reason, which is
    # checked against the end date.
    what = "date the period of care ended"
    check_span_end(status, ended_on, what=what, noun="legal status", strictly_after=True)
    check_span_end(placement, ended_on, what=what, noun="placement", strictly_after=True)
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
    end_span(
        status,
        by=by,
        action="cease_looked_after",
        person=person,
        ended_on=ended_on,
        what=what,
        noun="legal status",
        strictly_after=True,
    )
    end_span(
        placement,
        by=by,
        action="cease_looked_after",
        person=person,
        ended_on=ended_on,
        what=what,
        strictly_after=True,
        change_reason=change_reason,
    )
    return end_span(
        period,
        by=by,
        action="cease_looked_after",
        person=person,
        ended_on=ended_on,
        what=what,
        noun="period of care",
        strictly_after=True,
        reason_ceased=reason,
    )


# The 903's rules for temporary placements (T0–T4). A temporary placement is an episode of its
# own between two in the child's normal placement: entered by a change of placement (RNE P, or B
# with a new legal status; V903 rule 380), left by a change of placement only, back to the
# placement the child left (rule 383), never ending the period (rule 381), never under a
# short-break status (rule 382), and a T4 lasts seven days or less (rule 379).


def _check_no_short_breaks(code: str, place: str, *, field: str) -> None:
    if code in SHORT_BREAK_STATUSES:
        raise ActionError(
            field,
            f"A child on short breaks ({code}) is not in a temporary placement ({place}) "
            "(903 rule 382).",
            "Record the short break as its own placement type, or check the legal status.",
        )


def _placement_before(period: LookedAfterPeriod, placement: Placement) -> Placement | None:
    """The placement the child left for ``placement``, if this period holds it."""
    return period.placements.filter(ended_on=placement.started_on).exclude(pk=placement.pk).first()


def _check_temporary_move(
    period: LookedAfterPeriod,
    *,
    current: Placement,
    placement: PlacementDetails,
    started_on: dt.date,
    same_carer: bool,
) -> None:
    into, back = is_temporary(placement.place), is_temporary(current.place)
    if not (into or back):
        return
    if same_carer:
        raise ActionError(
            "same_carer",
            "A move into or back from a temporary placement is a move to other carers "
            "(903 rules 380 and 383).",
            "Record it as a change of carer.",
        )
    if into and not back:
        status = period.legal_statuses.get(ended_on__isnull=True)
        _check_no_short_breaks(status.code, placement.place, field="place")
        return
    if into:
        raise ActionError(
            "place",
            f"From a temporary placement ({current.place}) the child returns to their normal "
            "placement, not to another temporary one (903 rule 383).",
            "Record the return to the normal placement first.",
        )
    days = (started_on - current.started_on).days
    if current.place == PlacementType.T4 and days > T4_MAX_DAYS:
        raise ActionError(
            "started_on",
            f"A T4 placement lasts {T4_MAX_DAYS} days or less (903 rule 379); this one would "
            f"last {days}.",
            "Correct the date, or the temporary placement's type (T0–T3).",
        )
    normal = _placement_before(period, current)
    postcode = normalise_postcode(placement.postcode) if placement.postcode else ""
    if normal is not None and (normal.place, normal.postcode) != (placement.place, postcode):
        where = f" at {normal.postcode}" if normal.postcode else ""
        raise ActionError(
            "place",
            f"From a temporary placement the child returns to their normal placement "
            f"({normal.place}{where}) (903 rule 383).",
            "Record the return to that placement; a move elsewhere is a change of placement "
            "after it.",
        )


def _check_legal_status_around_temporary(
    period: LookedAfterPeriod, *, code: str, started_on: dt.date
) -> None:
    placement = period.placements.get(ended_on__isnull=True)
    if is_temporary(placement.place):
        if placement.started_on != started_on:
            raise ActionError(
                "started_on",
                f"The child is in a temporary placement ({placement.place}) from "
                f"{placement.started_on:%d/%m/%Y}: a legal status changes with the move into "
                "it or after the return, not during it (903 rule 380).",
                "Date the change on the day the child moved into it, or after the day they "
                "came back.",
            )
        _check_no_short_breaks(code, placement.place, field="code")
    elif placement.started_on == started_on:
        before = _placement_before(period, placement)
        if before is not None and is_temporary(before.place):
            raise ActionError(
                "started_on",
                f"The child came back from a temporary placement ({before.place}) that day, and "
                "the return is a change of placement only (903 rule 383).",
                "Date the change of legal status on the day the child went into the temporary "
                "placement, or later than the return.",
            )
