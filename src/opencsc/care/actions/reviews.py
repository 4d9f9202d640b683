"""Looked-after reviews."""

import datetime as dt

from django.db import transaction

from opencsc.audit.recording import create
from opencsc.casework.actions import check_participation
from opencsc.core.actor import Actor
from opencsc.core.errors import ActionError
from opencsc.workforce.models import Worker

from .. import timescales
from ..models import (
    LookedAfterPeriod,
    LookedAfterReview,
)
from ._common import _within_period


@transaction.atomic
def record_cla_review(
    *,
    by: Actor,
    period: LookedAfterPeriod,
    held_on: dt.date,
    participation: str,
    iro: Worker | None = None,
) -> LookedAfterReview:
    _within_period(period, held_on, "held_on", "review date")
    check_participation(period.person, held_on, participation)
    if period.reviews.filter(held_on=held_on).exists():
        raise ActionError("held_on", "A review is already recorded on that day.", "Check the date.")
    return create(
        LookedAfterReview,
        by=by,
        action="record_cla_review",
        person=period.person,
        period=period,
        held_on=held_on,
        due_on=timescales.next_cla_review(
            became_looked_after=period.started_on,
            reviews_held=period.reviews.values_list("held_on", flat=True),
        ),
        participation=participation,
        iro=iro,
    )
