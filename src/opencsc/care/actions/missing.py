"""Missing from home or care, and the return."""

import datetime as dt

from django.db import transaction

from opencsc.audit.recording import check_span_end, create, end_span
from opencsc.core.actor import Actor
from opencsc.core.checks import check_choice, check_date, check_end
from opencsc.core.errors import ActionError
from opencsc.people.models import Person

from .. import timescales
from ..codes import (
    MissingKind,
)
from ..models import (
    MissingEpisode,
)
from ._common import _after_birth

RETURNED = "date the child returned"
EPISODE = "missing or away episode"


def _check_interview(
    ended_on: dt.date | None,
    rhi_offered: bool | None,
    rhi_accepted: bool | None,
    rhi_held_on: dt.date | None,
) -> None:
    """The return interview follows the return: offered, then accepted, then held."""
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
    by: Actor,
    person: Person,
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
    check_end(ended_on, started_on, field="ended_on", what=RETURNED)
    _check_interview(ended_on, rhi_offered, rhi_accepted, rhi_held_on)
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
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        rhi_due_on=None if ended_on is None else timescales.return_interview_due_on(ended_on),
        rhi_offered=rhi_offered,
        rhi_accepted=rhi_accepted,
        rhi_held_on=rhi_held_on,
    )


@transaction.atomic
def record_return(
    *,
    by: Actor,
    episode: MissingEpisode,
    ended_on: dt.date,
    rhi_offered: bool | None = None,
    rhi_accepted: bool | None = None,
    rhi_held_on: dt.date | None = None,
) -> MissingEpisode:
    # The return is checked before the interview, which is checked against it.
    check_span_end(episode, ended_on, what=RETURNED, noun=EPISODE)
    _check_interview(ended_on, rhi_offered, rhi_accepted, rhi_held_on)
    return end_span(
        episode,
        by=by,
        action="record_return",
        ended_on=ended_on,
        what=RETURNED,
        noun=EPISODE,
        rhi_due_on=timescales.return_interview_due_on(ended_on),
        rhi_offered=rhi_offered,
        rhi_accepted=rhi_accepted,
        rhi_held_on=rhi_held_on,
    )
