"""Health and education of children looked after: health checks, immunisations, SDQ, PEP,
convictions and substance misuse.
"""

import datetime as dt

from django.db import transaction

from opencsc.audit.recording import create
from opencsc.core.actor import Actor
from opencsc.core.checks import check_choice
from opencsc.core.errors import ActionError
from opencsc.people.models import Person

from ..codes import (
    HealthCheckKind,
    HealthCheckStatus,
    PEPKind,
    SDQReason,
)
from ..models import (
    Conviction,
    HealthCheck,
    ImmunisationStatus,
    LookedAfterPeriod,
    PersonalEducationPlan,
    SDQScore,
    SubstanceMisuse,
)
from ._common import _after_birth, _age, _within_period


@transaction.atomic
def record_health_check(
    *,
    by: Actor,
    person: Person,
    kind: str,
    done_on: dt.date,
    status: str = HealthCheckStatus.COMPLETED,
) -> HealthCheck:
    check_choice(kind, HealthCheckKind, "kind", "kind of health check")
    check_choice(status, HealthCheckStatus, "status", "health check status")
    _after_birth(person, done_on, "done_on", "date of the check")
    return create(
        HealthCheck,
        by=by,
        action="record_health_check",
        person=person,
        kind=kind,
        done_on=done_on,
        status=status,
    )


@transaction.atomic
def record_immunisation_status(
    *, by: Actor, person: Person, recorded_on: dt.date, up_to_date: bool
) -> ImmunisationStatus:
    _after_birth(person, recorded_on, "recorded_on", "date recorded")
    return create(
        ImmunisationStatus,
        by=by,
        action="record_immunisation_status",
        person=person,
        recorded_on=recorded_on,
        up_to_date=up_to_date,
    )


@transaction.atomic
def record_sdq(
    *, by: Actor, person: Person, completed_on: dt.date, score: int | None = None, reason: str = ""
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
        completed_on=completed_on,
        score=score,
        reason=reason,
    )


@transaction.atomic
def record_conviction(
    *, by: Actor, person: Person, convicted_on: dt.date, offence: str = ""
) -> Conviction:
    _after_birth(person, convicted_on, "convicted_on", "date of conviction")
    if _age(person, convicted_on) < 10:
        raise ActionError(
            "convicted_on", "The age of criminal responsibility is 10.", "Check the date."
        )
    return create(
        Conviction,
        by=by,
        action="record_conviction",
        person=person,
        convicted_on=convicted_on,
        offence=offence,
    )


@transaction.atomic
def record_substance_misuse(
    *,
    by: Actor,
    person: Person,
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
        identified_on=identified_on,
        substance=substance,
        intervention_offered=intervention_offered,
        intervention_received=intervention_received,
    )


@transaction.atomic
def record_pep(
    *, by: Actor, period: LookedAfterPeriod, held_on: dt.date, kind: str = PEPKind.REVIEW
) -> PersonalEducationPlan:
    check_choice(kind, PEPKind, "kind", "kind of PEP meeting")
    _within_period(period, held_on, "held_on", "PEP date")
    return create(
        PersonalEducationPlan,
        by=by,
        action="record_pep",
        person=period.person,
        period=period,
        kind=kind,
        held_on=held_on,
    )
