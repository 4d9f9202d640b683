"""What every Annex A list shares: the reporting window, and the people on the lists.

``People`` loads, for everyone on any list, the person, their disabilities, their allocations
and their UASC spans, in four queries whatever the number of children (each filters by a
subquery of the lists' cohorts, never by a long list of ids).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from opencsc.casework.timescales import is_re_referral
from opencsc.core.calendar import add_months
from opencsc.people.codes import Disability, ImmigrationStatus
from opencsc.people.models import ImmigrationStatusSpan, PersonDisability
from opencsc.workforce.codes import AllocationRole
from opencsc.workforce.models import Allocation

from .labels import Labels, label


@dataclass(frozen=True)
class Window:
    """The dates an Annex A extract is about, all inclusive.

    ``start`` opens the reporting period of lists 1–8 ("the six months before the inspection",
    docs/field-guide.md §2; ``months`` changes it, as the SSD script's ``@AA_ReportingPeriod`` does);
    ``year_start`` opens the 12 months of lists 10–11 and of every "in the last 12 months"
    column; ``six_months_start`` is for columns whose header itself says six months. Months
    are calendar months (``add_months``): 30 June back six months is 30 December.
    """

    as_of: dt.date
    months: int
    start: dt.date
    year_start: dt.date
    six_months_start: dt.date

    @classmethod
    def ending(cls, as_of: dt.date, months: int) -> "Window":
        return cls(
            as_of=as_of,
            months=months,
            start=add_months(as_of, -months),
            year_start=add_months(as_of, -12),
            six_months_start=add_months(as_of, -6),
        )

    def upto(self, on: dt.date | None) -> dt.date | None:
        """``on`` if it had happened by ``as_of``: the extract shows the records as they stood
        that day, so a later end date, review or visit is not yet known."""
        return on if on is not None and on <= self.as_of else None

    def cap(self, on: dt.date | None) -> dt.date:
        """``on``, or ``as_of`` if that is earlier or ``on`` is not set (an open span)."""
        return self.as_of if on is None or on > self.as_of else on


def group(rows: Iterable, key=lambda row: row.person_id) -> dict:
    out: dict = defaultdict(list)
    for row in rows:
        out[key(row)].append(row)
    return out


def earlier_within_year(events: list[tuple[dt.date, int]], on: dt.date, pk: int) -> int:
    """How many of ``events`` ((date, pk) of the same kind, one child) came before the event
    (``on``, ``pk``) and within the 12 months before it: the "in the last 12 months" counts.

    "Within 12 months" is T30's (``is_re_referral``): counted forward from the earlier event,
    so a referral on 29 February 2024 is not within 12 months of one on 28 February 2023."""
    return sum(1 for d, other in events if (d, other) < (on, pk) and is_re_referral(d, on))


def held_in_year_before(events: list[tuple[dt.date, int]], on: dt.date) -> int:
    """How many of ``events`` fell in the 12 months before the day ``on`` (not on it), on the
    same reading of "within 12 months" as ``earlier_within_year``."""
    return sum(1 for d, _ in events if d < on and is_re_referral(d, on))


class People:
    """Everyone on any list, with the fields the common columns are made of."""

    def __init__(self, persons, *, window: Window, labels: type[Labels]) -> None:
        self.window = window
        self.labels = labels
        self._people = {p.pk: p for p in persons}
        self._disabilities = group(
            PersonDisability.objects.filter(person__in=persons).only("person_id", "code")
        )
        self._allocations = group(
            Allocation.objects.filter(person__in=persons, started_on__lte=window.as_of)
            .select_related("worker", "team")
            .order_by("started_on", "pk")
        )
        self._uasc = group(
            ImmigrationStatusSpan.objects.filter(
                person__in=persons, status=ImmigrationStatus.UASC, started_on__lte=window.as_of
            )
        )

    def child(self, person_id: int, *, disability: bool = False) -> dict:
        """The columns every list 1–10 starts with (docs/field-guide.md §2): id, sex, ethnicity, date
        of birth and whole years of age on ``as_of`` (blank for the unborn)."""
        person = self._people[person_id]
        row = {
            "child_id": person.la_child_id or str(person.pk),
            "sex": label(self.labels.sex, person.sex),
            "ethnicity": label(self.labels.ethnicity, person.ethnicity),
            "dob": person.date_of_birth,
            "age": person.age_on(self.window.as_of),
        }
        if disability:
            row["disability"] = self.disability(person_id)
        return row

    def age(self, person_id: int) -> int | None:
        return self._people[person_id].age_on(self.window.as_of)

    def disability(self, person_id: int) -> str:
        """Yes if any CIN disability code other than NONE is recorded; No for NONE; Unknown when
        nothing is recorded (the CIN census leaves it blank only for the unborn)."""
        codes = {d.code for d in self._disabilities.get(person_id, [])}
        has = None if not codes else bool(codes - {Disability.NONE})
        return self.labels.yes_no[has]

    def allocation(
        self, person_id: int, role: str, *, start: dt.date, on: dt.date
    ) -> Allocation | None:
        """The worker who held the child in ``role`` at ``on`` or, if the record being reported
        ended with its worker's allocation, the last one held since ``start``."""
        held = [
            a
            for a in self._allocations.get(person_id, [])
            if a.role == role and a.is_live_between(start, on)
        ]
        return held[-1] if held else None

    def allocated(self, person_id: int, *, start: dt.date, on: dt.date) -> dict:
        """Allocated Team and Allocated Worker: the child's social worker (``Allocation``)."""
        a = self.allocation(person_id, AllocationRole.SOCIAL_WORKER, start=start, on=on)
        return {"team": a.team.name if a else None, "worker": a.worker.name if a else None}

    def uasc_between(self, person_id: int, start: dt.date, end: dt.date) -> bool:
        """An unaccompanied asylum-seeking child at any time from ``start`` to ``end``."""
        return any(s.is_live_between(start, end) for s in self._uasc.get(person_id, []))
