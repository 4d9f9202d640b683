"""Checks shared by the care actions: dates within a child's life and a period of care."""

import datetime as dt

from opencsc.core.checks import check_date
from opencsc.core.errors import ActionError
from opencsc.people.models import Person

from ..codes import (
    ReasonNewEpisode,
)
from ..models import (
    LookedAfterPeriod,
)


def _age(person: Person, on: dt.date) -> int:
    """Whole years of age on ``on`` of a child already born (unborn children are refused first,
    by ``_after_birth`` or by needing a period of care)."""
    age = person.age_on(on)
    if age is None:
        raise ActionError(
            "person", "An unborn child cannot be looked after.", "Record the birth first."
        )
    return age


def _after_birth(person: Person, on: dt.date, field: str, what: str) -> None:
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


def _open_period(period: LookedAfterPeriod) -> None:
    if period.ended_on is not None:
        raise ActionError(
            "period",
            f"This period of care ended on {period.ended_on:%d/%m/%Y}.",
            "Start a new period of care if the child is looked after again.",
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
