"""A child's case status on a date: the one rule, assembled from what each app registers.

The status is the first that holds on the day, in this precedence (Annex A list 6's, "looked
after > CP plan > CIN plan > open assessment > closed", with opencsc's open referral, care
leaver and early help between open assessment and closed):

    Child looked after > Child protection plan > Child in need plan > Open assessment
    > Open referral > Care leaver > Early help > Closed

Each app registers its own statuses (``casework/status.py``, ``care/status.py``, imported from
its ``AppConfig.ready``) with ``register_case_status``: a label, a rank (lower wins) and a
function of the day returning the app's records open that day (rows with a ``person_id``).
Several sources may share a label: an open section 47 enquiry is an open assessment, as in
Annex A. This module imports neither app, so people stays below them.

``Person.objects.with_case_status(on)`` annotates every person with ``case_status`` in the
same query as the people themselves (one ``CASE`` over ``EXISTS`` subqueries), so a list
costs one query whatever its length.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When

CLOSED = "Closed"

OpenOn = Callable[[dt.date], QuerySet[Any]]


@dataclass(frozen=True)
class CaseStatusSource:
    label: str
    rank: int
    open_on: OpenOn


_SOURCES: list[CaseStatusSource] = []


def register_case_status(label: str, *, rank: int, open_on: OpenOn) -> None:
    """Add a source of status ``label``: ``open_on(day)`` is the records that give a child
    this status on ``day``. Registering the same source again changes nothing."""
    source = CaseStatusSource(label, rank, open_on)
    if source in _SOURCES:
        return
    taken = {s.rank: s.label for s in _SOURCES}
    if taken.get(rank, label) != label:
        raise ValueError(f"Rank {rank} is {taken[rank]!r}'s; give {label!r} its own.")
    _SOURCES.append(source)


def sources() -> list[CaseStatusSource]:
    """The registered sources, in precedence order."""
    return sorted(_SOURCES, key=lambda s: s.rank)


def labels() -> list[str]:
    """Every status, in precedence order, ``Closed`` last."""
    out = list(dict.fromkeys(s.label for s in sources()))
    return [*out, CLOSED]


def holds(label: str, on: dt.date, person: OuterRef | None = None) -> Q:
    """Whether status ``label`` holds on ``on`` for ``person`` (default: the outer query's
    person), whatever ranks above it."""
    person = OuterRef("pk") if person is None else person
    matching = [s for s in _SOURCES if s.label == label]
    if not matching:
        raise ValueError(f"No case status {label!r}: choose one of {', '.join(labels())}.")
    out = Q()
    for s in matching:
        out |= Q(Exists(s.open_on(on).filter(person_id=person)))
    return out


def case_status(on: dt.date, person: OuterRef | None = None) -> Case:
    """The case status on ``on`` of ``person`` (default: the outer query's person), as an SQL
    expression."""
    person = OuterRef("pk") if person is None else person
    return Case(
        *(
            When(Exists(s.open_on(on).filter(person_id=person)), then=Value(s.label))
            for s in sources()
        ),
        default=Value(CLOSED),
        output_field=CharField(),
    )
