"""The one write path for prospective adopters (``care.adopters``): the enquiry, the stages of
assessment, approval, leaving the process, and linking a child's match to the household.

Every action is keyword-only with the acting user as ``by=``, runs in one transaction, checks
the whole journey with ``adopters.journey_problem`` before saving, and writes its audit event
with the change (``audit.recording``). A refusal names the field and the fix, and saves nothing.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from opencsc.audit.recording import create, update
from opencsc.core.actor import Actor
from opencsc.core.checks import check_choice, check_date, require
from opencsc.core.errors import ActionError
from opencsc.people.codes import Ethnicity, Sex

from ..adopters import WHAT, AdopterHousehold, ProspectiveAdopter, journey_problem
from ..codes import AdopterSex, LeftAdoptionProcess
from ..models import AdoptionCase

STAGE_FIELDS = (
    "stage1_started_on",
    "stage1_ended_on",
    "applied_on",
    "stage2_started_on",
    "stage2_ended_on",
)


@dataclass(frozen=True)
class AdopterDetails:
    """One prospective adopter as an enquiry records them (Annex A List 11: identifier, gender,
    ethnicity, disability; ``disabled`` None when not known)."""

    adopter_id: str
    sex: str
    ethnicity: str
    disabled: bool | None = None
    first_name: str = ""
    last_name: str = ""

    def check(self, n: int) -> None:
        field = f"adopters[{n}]"
        require(self.adopter_id.strip(), f"{field}.adopter_id", "individual adopter identifier")
        check_choice(self.sex, Sex, f"{field}.sex", "adopter's sex code")
        check_choice(self.ethnicity, Ethnicity, f"{field}.ethnicity", "adopter's ethnicity code")


def _check_journey(household: AdopterHousehold, changes: dict[str, Any]) -> None:
    dates = household.journey_dates() | {k: v for k, v in changes.items() if k in WHAT}
    reason = changes.get("left_reason", household.left_reason)
    if problem := journey_problem(dates, left_reason=reason):
        raise problem


def _still_in_process(household: AdopterHousehold) -> None:
    if household.left_on is not None:
        raise ActionError(
            "household",
            f"This household left the adoption process on {household.left_on:%d/%m/%Y}.",
            "Record a new enquiry if they come back.",
        )


@transaction.atomic
def record_adopter_enquiry(
    *,
    by: Actor,
    family_id: str,
    received_on: dt.date,
    adopters: Sequence[AdopterDetails],
    fostering_for_adoption: bool = False,
) -> AdopterHousehold:
    """An enquiry from one or two prospective adopters: the household's journey starts."""
    family_id = family_id.strip()
    require(family_id, "family_id", "family identifier")
    if AdopterHousehold.objects.filter(family_id=family_id).exists():
        raise ActionError(
            "family_id",
            f"The family identifier {family_id} is already used.",
            "Enter a new identifier for this household.",
        )
    check_date(received_on, field="received_on", what="date the enquiry was received")
    if len(adopters) not in (1, 2):
        raise ActionError(
            "adopters",
            f"A household has one or two prospective adopters, not {len(adopters)}.",
            "Enter one adopter, or a couple.",
        )
    ids = [a.adopter_id.strip() for a in adopters]
    for n, adopter in enumerate(adopters):
        adopter.check(n)
    if len(set(ids)) != len(ids):
        raise ActionError(
            "adopters[1].adopter_id",
            "The two adopters have the same identifier.",
            "Give each adopter their own identifier.",
        )
    taken = set(
        ProspectiveAdopter.objects.filter(adopter_id__in=ids).values_list("adopter_id", flat=True)
    )
    for n, adopter_id in enumerate(ids):
        if adopter_id in taken:
            raise ActionError(
                f"adopters[{n}].adopter_id",
                f"The adopter identifier {adopter_id} is already used.",
                "Enter a new identifier (a returning adopter's new journey gets a new one).",
            )
    household = create(
        AdopterHousehold,
        by=by,
        action="record_adopter_enquiry",
        family_id=family_id,
        enquiry_on=received_on,
        fostering_for_adoption=fostering_for_adoption,
    )
    for adopter, adopter_id in zip(adopters, ids, strict=True):
        create(
            ProspectiveAdopter,
            by=by,
            action="record_adopter_enquiry",
            household=household,
            adopter_id=adopter_id,
            first_name=adopter.first_name,
            last_name=adopter.last_name,
            sex=adopter.sex,
            ethnicity=adopter.ethnicity,
            disabled=adopter.disabled,
        )
    return household


@transaction.atomic
def record_adoption_stages(
    *,
    by: Actor,
    household: AdopterHousehold,
    stage1_started_on: dt.date | None = None,
    stage1_ended_on: dt.date | None = None,
    applied_on: dt.date | None = None,
    stage2_started_on: dt.date | None = None,
    stage2_ended_on: dt.date | None = None,
    fostering_for_adoption: bool | None = None,
    version: int | None = None,
) -> AdopterHousehold:
    """Record the dates of Stage 1 (pre-approval), the application and Stage 2 (assessment)
    as they happen; a date not given (None) is left as it was. Corrections are allowed while
    the household is in the process: the audit trail keeps the old value."""
    given = {
        "stage1_started_on": stage1_started_on,
        "stage1_ended_on": stage1_ended_on,
        "applied_on": applied_on,
        "stage2_started_on": stage2_started_on,
        "stage2_ended_on": stage2_ended_on,
    }
    changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if fostering_for_adoption is not None:
        changes["fostering_for_adoption"] = fostering_for_adoption
    if not changes:
        raise ActionError(
            "stage1_started_on", "Nothing to record.", "Enter at least one stage date."
        )
    _still_in_process(household)
    for field in STAGE_FIELDS:
        if field in changes:
            check_date(changes[field], field=field, what=WHAT[field])
    if household.approved_on is not None and any(f in changes for f in STAGE_FIELDS):
        raise ActionError(
            next(f for f in STAGE_FIELDS if f in changes),
            "The household is already approved: its assessment dates are settled.",
            "Leave the stage dates as they are.",
        )
    _check_journey(household, changes)
    return update(household, by=by, action="record_adoption_stages", version=version, **changes)


@transaction.atomic
def approve_adopters(
    *, by: Actor, household: AdopterHousehold, approved_on: dt.date, version: int | None = None
) -> AdopterHousehold:
    """The agency decision maker approves the household as suitable to adopt (after the
    adoption panel's recommendation; AAR 2005 reg. 30B)."""
    _still_in_process(household)
    if household.approved_on is not None:
        raise ActionError(
            "approved_on",
            f"The household was approved on {household.approved_on:%d/%m/%Y}.",
            "Nothing to record.",
        )
    check_date(approved_on, field="approved_on", what=WHAT["approved_on"])
    _check_journey(household, {"approved_on": approved_on})
    return update(
        household, by=by, action="approve_adopters", version=version, approved_on=approved_on
    )


@transaction.atomic
def record_leaving_adoption_process(
    *,
    by: Actor,
    household: AdopterHousehold,
    left_on: dt.date,
    reason: str,
    version: int | None = None,
) -> AdopterHousehold:
    """The household leaves the process: withdrew (1), put on hold (2) or refused (3)."""
    _still_in_process(household)
    check_date(left_on, field="left_on", what=WHAT["left_on"])
    require(reason, "left_reason", "reason for leaving the adoption process")
    check_choice(reason, LeftAdoptionProcess, "left_reason", "reason for leaving the process")
    placed = household.adoption_cases.filter(
        placed_on__isnull=False, adoption_order_on__isnull=True, reversed_on__isnull=True
    ).first()
    if placed is not None:
        raise ActionError(
            "left_on",
            f"A child is placed with this household (since {placed.placed_on:%d/%m/%Y}) and "
            "not yet adopted.",
            "Record the adoption order, or the decision that the child should no longer be "
            "placed for adoption, first.",
        )
    _check_journey(household, {"left_on": left_on, "left_reason": reason})
    return update(
        household,
        by=by,
        action="record_leaving_adoption_process",
        version=version,
        left_on=left_on,
        left_reason=reason,
    )


def _adopter_sex_code(sexes: list[str]) -> str | None:
    """The 903 SEX_ADOPTR code of a household's adopters (None if a sex is not known)."""
    if any(s not in {Sex.MALE, Sex.FEMALE} for s in sexes):
        return None
    if len(sexes) == 1:
        return AdopterSex.M1 if sexes[0] == Sex.MALE else AdopterSex.F1
    pairs: dict[tuple[str, ...], str] = {("M", "M"): AdopterSex.MM, ("F", "F"): AdopterSex.FF}
    return pairs.get(tuple(sorted(sexes)), AdopterSex.MF)


@transaction.atomic
def link_adoption_match(
    *, by: Actor, case: AdoptionCase, household: AdopterHousehold
) -> AdoptionCase:
    """The child's match (``record_adoption_match``) is with this household, so Annex A List 10
    and List 11 name the same family and List 11's matched, placed and adoption order dates
    come from the child's record. The household must have been approved by the match date and
    not have left before it, and the match's adopters (903 NB_ADOPTR, SEX_ADOPTR) must be the
    household's."""
    if case.matched_on is None:
        raise ActionError("case", "The child has not been matched yet.", "Record the match first.")
    linked = case.household
    if linked is not None:
        if linked.pk == household.pk:
            raise ActionError("household", "The match is already linked.", "Nothing to record.")
        raise ActionError(
            "household",
            f"The match is linked to family {linked.family_id}.",
            "A child is matched with one household.",
        )
    if household.approved_on is None or household.approved_on > case.matched_on:
        raise ActionError(
            "household",
            f"Family {household.family_id} was not approved by the match date "
            f"({case.matched_on:%d/%m/%Y}).",
            "Link the match to a household approved on or before it.",
        )
    if household.left_on is not None and household.left_on <= case.matched_on:
        raise ActionError(
            "household",
            f"Family {household.family_id} left the process on {household.left_on:%d/%m/%Y}, "
            "before the match.",
            "Link the match to a household still in the process.",
        )
    sexes = list(household.adopters.order_by("pk").values_list("sex", flat=True))
    if case.number_of_adopters != len(sexes):
        raise ActionError(
            "household",
            f"The match records {case.number_of_adopters} adopter(s); family "
            f"{household.family_id} has {len(sexes)}.",
            "Correct the match, or link the right household.",
        )
    code = _adopter_sex_code(sexes)
    if code is not None and case.adopter_sex != code:
        raise ActionError(
            "household",
            f"The match records adopters {case.adopter_sex}; family {household.family_id} "
            f"is {code}.",
            "Correct the match, or link the right household.",
        )
    return update(
        case,
        by=by,
        action="link_adoption_match",
        person=case.person,
        household=household,
        family_id="",
    )
