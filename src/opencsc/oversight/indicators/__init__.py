"""The catalogue of national and local indicators: one registered function for each measure.

Each indicator of ``docs/indicators.md`` (I1-I27) is one or more entries here, registered with
``@indicator`` in a module of this package by topic (``front_door``, ``protection``,
``looked_after``, ``care_leavers``, ``adoption``, ``workforce``). An entry says what the
measure is (definition, numerator, denominator, the period it is counted over, its source) and,
where the DfE publishes it, its ``indicator_code`` in the DfE's published tables, so the
council's value can sit beside England's, its region's and its statistical neighbours'. The
CLI (``opencsc indicators``), the catalogue page and the dashboard all read ``CATALOGUE``.

An indicator's function takes a ``Period`` and returns a ``Count``: the numerator, the
denominator (None for a plain count) and the ids of the children counted in the numerator, for
the drill-down. Each function costs a fixed number of queries whatever the council's size: it
reads the rows it needs as plain values and applies the rules (the timescale functions, the
collection year, the span rules of ``core``) in Python, never one query per child.

Values: a percentage or a rate to 1 decimal place, rounded half up (``Decimal``, never a
float's rounding); a count whole; blank when the denominator is 0 (``value``).

Period kinds:

- ``events``: things that happened from the first day to the last, both included (referrals
  received); any period will do.
- ``snapshot``: a count on the period's last day (children looked after at 31 March); any
  period will do, and only its last day is read.
- ``year``: a cohort the DfE defines by the collection year (looked after for 12 months at
  31 March; care leavers whose birthday fell in the year): only a collection year.
"""

import datetime as dt
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, TypeVar

from django.conf import settings

from opencsc.core.years import collection_year, collection_year_bounds, collection_year_label

__all__ = [
    "AREAS",
    "CATALOGUE",
    "Count",
    "Indicator",
    "Period",
    "PeriodError",
    "catalogue",
    "indicator",
    "value",
]

Unit = Literal["pct", "count", "rate", "days", "mean", "fte"]
PeriodKind = Literal["events", "snapshot", "year"]

UNITS: dict[str, str] = {
    "pct": "percentage",
    "count": "count",
    "rate": "rate per 10,000 children aged 0 to 17",
    "days": "average days",
    "mean": "average",
    "fte": "full-time equivalents",
}
# Units that count something and so have no denominator.
TOTALS = {"count", "fte"}
PERIOD_KINDS: dict[str, str] = {
    "events": "counted over any period",
    "snapshot": "counted on the last day of the period",
    "year": "a collection year only (1 April to 31 March)",
}
# The outcome areas the dashboard groups by (docs/indicators.md, "Overview by area"), in order.
AREAS: tuple[str, ...] = (
    "Front door and help",
    "Child protection",
    "Children in care",
    "Care leavers",
    "Adoption and permanence",
    "Workforce",
)

ONE_PLACE = Decimal("0.1")
WHOLE = Decimal("1")


class PeriodError(ValueError):
    """An indicator asked for a period it is not defined over (one line, for the user)."""


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(f"The period ends ({self.end}) before it starts ({self.start}).")

    @classmethod
    def for_year(cls, year: int) -> "Period":
        """Collection year ``year``: 1 April ``year - 1`` to 31 March ``year``."""
        return cls(*collection_year_bounds(year))

    @property
    def year(self) -> int | None:
        """The collection year this period is exactly, or None."""
        year = collection_year(self.start)
        return year if (self.start, self.end) == collection_year_bounds(year) else None

    @property
    def label(self) -> str:
        if self.year is not None:
            return collection_year_label(self.year)
        return f"{self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"


@dataclass(frozen=True)
class Count:
    """What an indicator counted: the numerator, the denominator (None for a plain count, or
    for a rate the council's population of children) and the children in the numerator."""

    numerator: int | Decimal
    denominator: int | Decimal | None = None
    children: frozenset[int] = field(default_factory=frozenset)


def counted(ids: Iterable[int], denominator: int | None = None) -> Count:
    """A count of distinct children: the numerator is how many ``ids`` there are."""
    children = frozenset(ids)
    return Count(len(children), denominator, children)


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry."""

    code: str
    ref: str  # the row of docs/indicators.md (I1-I27)
    name: str
    area: str
    unit: Unit
    period: PeriodKind
    definition: str
    numerator: str
    denominator: str
    source: str
    dfe_code: str  # the DfE's indicator_code where it publishes the measure, else ""
    function: Callable[[Period], Count]
    doc: str

    def allows(self, period: Period) -> bool:
        return self.period != "year" or period.year is not None

    def check(self, period: Period) -> None:
        """Refuse, in one line, a period this indicator is not defined over."""
        if not self.allows(period):
            raise PeriodError(
                f"{self.code} is defined over a collection year only (1 April to 31 March): "
                f"use --year, not {period.label}."
            )

    def compute(self, period: Period) -> Count:
        self.check(period)
        return self.function(period)

    @property
    def period_text(self) -> str:
        return PERIOD_KINDS[self.period]

    @property
    def unit_text(self) -> str:
        return UNITS[self.unit]


CATALOGUE: dict[str, Indicator] = {}

F = TypeVar("F", bound=Callable[[Period], Count])


def indicator(
    *,
    code: str,
    ref: str,
    name: str,
    area: str,
    unit: Unit,
    period: PeriodKind,
    definition: str,
    numerator: str,
    denominator: str,
    source: str,
    published: bool = False,
) -> Callable[[F], F]:
    """Register the decorated function in ``CATALOGUE`` under ``code`` and return it unchanged.

    ``published`` says the DfE publishes the measure under ``code`` (its ``indicator_code``).
    Refuses (ValueError, at import time) an unknown unit, period kind or area, a missing
    docstring, definition or source, a code taken by another function, and a plain count with
    a denominator text (a count has none).
    """
    if unit not in UNITS:
        raise ValueError(f"{code}: unknown unit {unit!r}")
    if period not in PERIOD_KINDS:
        raise ValueError(f"{code}: unknown period kind {period!r}")
    if area not in AREAS:
        raise ValueError(f"{code}: unknown area {area!r}")
    if not all(text.strip() for text in (name, definition, numerator, source)):
        raise ValueError(f"{code}: name, definition, numerator and source are required")
    if (unit in TOTALS) == bool(denominator.strip()):
        raise ValueError(f"{code}: a count has no denominator, anything else needs one")

    def register(function: F) -> F:
        doc = inspect.getdoc(function) or ""
        if not doc.strip():
            raise ValueError(f"{code}: {function.__qualname__} needs a docstring")
        existing = CATALOGUE.get(code)
        if existing is not None and _name(existing.function) != _name(function):
            raise ValueError(f"{code} is already registered to {_name(existing.function)}")
        CATALOGUE[code] = Indicator(
            code=code,
            ref=ref,
            name=name,
            area=area,
            unit=unit,
            period=period,
            definition=definition,
            numerator=numerator,
            denominator=denominator,
            source=source,
            dfe_code=code if published else "",
            function=function,
            doc=doc,
        )
        return function

    return register


def _name(function: Callable[..., object]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def catalogue() -> list[Indicator]:
    """Every indicator, in the order of docs/indicators.md (I1 to I27), then as registered."""
    order = {code: i for i, code in enumerate(CATALOGUE)}
    return sorted(CATALOGUE.values(), key=lambda e: (int(e.ref.lstrip("I")), order[e.code]))


def value(entry: Indicator, count: Count) -> Decimal | int | None:
    """The indicator's value: a count whole; a percentage, rate, average or FTE to 1 decimal
    place rounded half up (average days whole); None when the denominator is 0."""
    if entry.unit == "count":
        return count.numerator
    if entry.unit == "fte":
        return Decimal(count.numerator).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
    if not count.denominator:
        return None
    ratio = Decimal(count.numerator) / Decimal(count.denominator)
    if entry.unit == "pct":
        ratio *= 100
    elif entry.unit == "rate":
        ratio *= 10_000
    places = WHOLE if entry.unit == "days" else ONE_PLACE
    return ratio.quantize(places, rounding=ROUND_HALF_UP)


def children_0_17() -> int:
    """The council's population aged 0 to 17 (ONS mid-year estimate), the denominator of every
    rate per 10,000: ``settings.OPENCSC_CHILDREN_0_17``; 0 (so no rate) when not set."""
    return int(getattr(settings, "OPENCSC_CHILDREN_0_17", 0) or 0)


def per_10000(count: Count) -> Count:
    """``count`` as a rate per 10,000 children aged 0 to 17."""
    return Count(count.numerator, children_0_17(), count.children)


POPULATION = "children aged 0 to 17 (ONS mid-year estimate, OPENCSC_CHILDREN_0_17)"


def register_rate(count_code: str, *, code: str, name: str, source: str) -> None:
    """Register ``code``, published by the DfE: the registered count ``count_code`` per 10,000
    children aged 0 to 17, over the same periods."""
    base = CATALOGUE[count_code]

    def rate(period: Period) -> Count:
        return per_10000(base.function(period))

    rate.__doc__ = f"``{count_code}`` per 10,000 children aged 0 to 17."
    rate.__qualname__ = rate.__name__ = f"{count_code}_per_10000"
    indicator(
        code=code,
        ref=base.ref,
        name=name,
        area=base.area,
        unit="rate",
        period=base.period,
        definition=f"{base.definition} Per 10,000 children aged 0 to 17.",
        numerator=base.numerator,
        denominator=POPULATION,
        source=source,
        published=True,
    )(rate)


# The topic modules register their indicators on import.
from . import (  # noqa: E402
    adoption,  # noqa: F401
    care_leavers,  # noqa: F401
    front_door,  # noqa: F401
    looked_after,  # noqa: F401
    protection,  # noqa: F401
    workforce,  # noqa: F401
)
