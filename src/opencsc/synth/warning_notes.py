"""Warning notes (staff safety) for the synthetic council, recorded through ``people.actions``
once the children's journeys are done.

Its own ``random.Random`` (seeded from the council's seed) drives every choice here, so adding
warning notes leaves the children's journeys exactly as they were for a seed, and the whole
council stays deterministic.

Calibration (ASSUMPTION: no national collection counts warning notes): about 1 in 20 children
with an open allocation on ``as_of`` has one, started in the year before, reviewed within T38
(``people.timescales.warning_note_review_due``); some are overdue for review, a few have ended.
The texts are fictional.
"""

import datetime as dt
import random

from opencsc.core.calendar import add_months
from opencsc.people import actions as people
from opencsc.people.models import Person
from opencsc.people.timescales import warning_note_review_months
from opencsc.workforce.models import Allocation

SHARE = 0.05
TOLD_SHARE = 0.8
ENDED_SHARE = 0.15

DETAILS = {
    "violence": [
        "A parent has shouted at and threatened visiting staff. Visit in pairs and tell the duty "
        "manager when you arrive and leave.",
        "An adult in the household has a history of violence towards professionals. Meet at the "
        "family centre rather than at home.",
    ],
    "lone_working": [
        "The flat is at the end of an unlit lane with no phone signal. Do not visit alone after "
        "dark; check in with the office before and after.",
        "Visitors to the house are often unknown to the family. Two workers to visit.",
    ],
    "animals": [
        "Two large dogs at the property. Phone ahead so they are shut in before you arrive.",
        "Several dogs loose in the garden. Wait at the gate until the family collects you.",
    ],
    "infection": [
        "A household member has an infectious illness. Check with the family before visiting "
        "and follow the infection control guidance.",
    ],
    "other": [
        "Drug paraphernalia has been found at the property. Wear gloves and do not touch "
        "anything left out.",
    ],
}
NOT_TOLD = [
    "Telling the family could raise the risk to the child.",
    "The family has not been seen since the note was added; to be told at the next visit.",
]


def add_warning_notes(*, by, seed: int, as_of: dt.date) -> int:
    """Add warning notes to about ``SHARE`` of the children held on ``as_of``; returns how many."""
    rng = random.Random(f"{seed}-warning-notes")
    held = Allocation.objects.open(as_of).values("person_id")
    added = 0
    alive = Person.objects.children().filter(pk__in=held, date_of_death__isnull=True)
    for person in alive.order_by("pk"):
        if rng.random() >= SHARE:
            continue
        first = max(person.date_of_birth or as_of, as_of - dt.timedelta(days=365))
        started_on = first + dt.timedelta(days=rng.randint(0, max((as_of - first).days, 0)))
        months = rng.randint(3, warning_note_review_months())
        kind = rng.choice(sorted(DETAILS))
        told = rng.random() < TOLD_SHARE
        note = people.add_warning_note(
            by=by,
            person=person,
            kind=kind,
            details=rng.choice(DETAILS[kind]),
            started_on=started_on,
            review_on=add_months(started_on, months),
            person_told=told,
            reason_not_told="" if told else rng.choice(NOT_TOLD),
        )
        if rng.random() < ENDED_SHARE and started_on < as_of:
            ended_on = started_on + dt.timedelta(days=rng.randint(1, (as_of - started_on).days))
            people.end_warning_note(by=by, note=note, ended_on=ended_on)
        added += 1
    return added
