"""Who is in the SSDA903 outcome tables and what they say: the one statement of these rules,
used by the 903 return (``returns.ssda903.export``) and the indicators (``oversight``).

- Placement spells: the runs of time with one carer, which the DfE's placement stability
  measures count (care timescales T35).
- OC2: children looked after continuously for 12 months at 31 March (care timescale T19),
  leaving out periods of short breaks only (V3/V4); the health assessment flag.
- OC3: care leavers whose 17th to 21st birthday falls in the year, and the keeping-in-touch
  contact nearest the birthday within the window around it (care timescale T22).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from opencsc.core.calendar import add_months, open_on

from .codes import SHORT_BREAK_STATUSES, HealthCheckKind, is_temporary
from .timescales import oc3_window

OC3_AGES = (17, 18, 19, 20, 21)


class PlacementLike(Protocol):
    started_on: dt.date
    ended_on: dt.date | None
    place: str
    same_carer_as_previous: bool


def placement_spells(placements: Sequence[PlacementLike]) -> list[tuple[dt.date, dt.date | None]]:
    """The spells with one carer in a period of care, from its placements in date order.

    A move to the same carers (903 RNE T or U, ``same_carer_as_previous``: a child placed for
    adoption with their foster carers, a change of placement status only) continues the
    spell, as a temporary placement (T0-T4) and the return from it to the normal placement
    do: the DfE counts none of them as a change of placement (EES placement stability; 903
    rules 380-383 make a temporary stay an episode between two in the normal placement).
    """
    spells: list[list] = []
    previous: PlacementLike | None = None
    for placement in placements:
        continues = previous is not None and (
            is_temporary(placement.place)
            or is_temporary(previous.place)
            or placement.same_carer_as_previous
        )
        if continues:
            spells[-1][1] = placement.ended_on
        else:
            spells.append([placement.started_on, placement.ended_on])
        previous = placement
    return [(start, end) for start, end in spells]


def short_breaks_only(legal_statuses: Iterable[str]) -> bool:
    """Whether a period of care held only short-break legal statuses (V3/V4): the DfE's
    counts of children looked after leave such periods out."""
    return set(legal_statuses) <= SHORT_BREAK_STATUSES


def health_assessment_done(kinds_in_year: Iterable[str]) -> bool:
    """903 OC2 HEALTH_ASSESSMENT (and HEALTH_CHECK for the under-5s): an initial or review
    health assessment completed in the year."""
    kinds = set(kinds_in_year)
    return HealthCheckKind.REVIEW_HEALTH in kinds or HealthCheckKind.INITIAL_HEALTH in kinds


def oc3_birthdays(
    *,
    date_of_birth: dt.date,
    leaver_since: dt.date,
    care_spans: Sequence[tuple[dt.date, dt.date | None]],
    year_start: dt.date,
    year_end: dt.date,
) -> list[tuple[int, dt.date]]:
    """The (age, birthday) pairs of a care leaver's 17th to 21st birthdays in the year for which
    the 903 OC3 table wants their information.

    Not while still looked after on the birthday (V903 rules 1007, 1016), nor before they were
    a care leaver, nor for 17- and 18-year-olds who ceased to be looked after on or after that
    birthday (rule 1016): their information is collected next year. ``care_spans`` are the
    young person's periods of care (start, end).
    """
    out = []
    last_end = max((end for _start, end in care_spans if end is not None), default=None)
    for age in OC3_AGES:
        birthday = add_months(date_of_birth, 12 * age)
        if not year_start <= birthday <= year_end:
            continue
        if any(open_on(start, end, birthday) for start, end in care_spans):
            continue
        if leaver_since > birthday:
            continue
        if age in (17, 18) and last_end is not None and last_end >= birthday:
            continue
        out.append((age, birthday))
    return out


class ContactLike(Protocol):
    contacted_on: dt.date


C = TypeVar("C", bound=ContactLike)


def oc3_contact(contacts: Iterable[C], birthday: dt.date) -> C | None:
    """The keeping-in-touch contact OC3 reports for ``birthday``: the one nearest the birthday
    within its window (care timescale T22), the earlier on a tie; None when there is none (the
    young person is then reported not in touch)."""
    first, last = oc3_window(birthday)
    near = [c for c in contacts if first <= c.contacted_on <= last]
    return min(near, key=lambda c: abs((c.contacted_on - birthday).days)) if near else None
