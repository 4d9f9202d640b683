"""Care leavers: eligibility, pathway plans, keeping in touch."""

import datetime as dt

from django.db import transaction

from opencsc.audit.recording import create, update
from opencsc.core.actor import Actor
from opencsc.core.checks import check_choice
from opencsc.core.errors import ActionError
from opencsc.people.models import Person
from opencsc.workforce.models import Worker

from ..codes import (
    ALWAYS_UNSUITABLE,
    Accommodation,
    Activity,
    CareLeaverEligibility,
    InTouch,
)
from ..models import (
    CareLeaver,
    CareLeaverContact,
    PathwayPlan,
)
from ._common import _after_birth, _age


@transaction.atomic
def become_care_leaver(
    *,
    by: Actor,
    person: Person,
    eligibility: str,
    since: dt.date,
    care_history_elsewhere: bool = False,
) -> CareLeaver:
    """A young person entitled to leaving-care support. ``care_history_elsewhere``: their time
    in care is not held in these records (migrated from another system), so it is not checked."""
    check_choice(eligibility, CareLeaverEligibility, "eligibility", "care leaver eligibility")
    _after_birth(person, since, "since", "date eligibility started")
    if _age(person, since) < 16:
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
        eligibility=eligibility,
        since=since,
    )


@transaction.atomic
def change_care_leaver_eligibility(
    *, by: Actor, care_leaver: CareLeaver, eligibility: str, version: int | None = None
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
def record_pathway_plan(
    *, by: Actor, person: Person, held_on: dt.date, is_review: bool
) -> PathwayPlan:
    _after_birth(person, held_on, "held_on", "pathway plan date")
    if _age(person, held_on) < 15:
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
        held_on=held_on,
        is_review=is_review,
    )


@transaction.atomic
def record_care_leaver_contact(
    *,
    by: Actor,
    person: Person,
    contacted_on: dt.date,
    in_touch: str,
    activity: str = "",
    accommodation: str = "",
    accommodation_suitable: bool | None = None,
    worker: Worker | None = None,
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
        if accommodation == Accommodation.Z and _age(person, contacted_on) < 18:
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
        contacted_on=contacted_on,
        in_touch=in_touch,
        activity=activity,
        accommodation=accommodation,
        accommodation_suitable=accommodation_suitable,
        worker=worker,
    )
