"""The one catalogue of statutory, DfE and local timescales.

Each timescale is a pure function in its app's ``timescales.py`` (``casework``, ``care``),
registered here with ``@timescale``. Alerts, indicators, Annex A columns and the catalogue page
all read ``CATALOGUE``, so a rule is written once and its source is shown wherever it is used.

Codes follow ``docs/timescales.md`` (T1-T37), the table of every timescale with its source.
Where one row there has more than one clock or rule, the extra ones get a suffix (``T2`` and
``T2-start``).

Status: ``S`` statutory (regulation or statutory guidance), ``D`` DfE data-collection rule or
published measure, ``L`` a council's own practice standard. Local standards, and anything whose
figure is UNVERIFIED, are ``configurable``: a council overrides the default in settings::

    OPENCSC_TIMESCALES = {"T8": 10, "T9": 6}

Each configurable function documents the unit of its value. This module imports nothing from
Django at import time, so the timescale functions can run (and be tested) without Django.

Beside the rules, each app's ``timescales.py`` has a section "Which clock applies now": pure
functions that take the dates of what has happened (a period's start and the reviews held so
far, a placement and the last visit) and return the next due date, choosing between the rules
(T10 for the first looked-after review, T11 for the second, T12 after). They are registered in
``CLOCKS`` with ``@clock``. Actions use them to store due dates, the synthetic council uses them
to schedule, and alerts are to be built on them; ``docs/timescales.md`` lists them.
"""

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from django.utils.module_loading import autodiscover_modules

__all__ = [
    "CATALOGUE",
    "CLOCKS",
    "Clock",
    "Timescale",
    "clock",
    "load_catalogue",
    "load_clocks",
    "local_setting",
    "timescale",
]

Status = Literal["S", "D", "L"]
Confidence = Literal["verified", "secondary", "unverified"]

STATUSES: dict[str, str] = {
    "S": "statutory",
    "D": "DfE data collection or published measure",
    "L": "local practice standard",
}
CONFIDENCES: dict[str, str] = {
    "verified": "verified in the cited primary source",
    "secondary": "secondary sources only",
    "unverified": "UNVERIFIED",
}

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Timescale:
    """One catalogue entry: the rule's function and what the catalogue page says about it."""

    code: str
    title: str
    status: Status
    source: str
    confidence: Confidence
    configurable: bool
    default: Any
    function: Callable[..., Any]
    doc: str

    @property
    def setting(self) -> Any:
        """The value in force: the council's setting if it has one, else the default."""
        if not self.configurable:
            return None
        return local_setting(self.code, self.default)


CATALOGUE: dict[str, Timescale] = {}


def timescale(
    *,
    code: str,
    title: str,
    status: Status,
    source: str,
    confidence: Confidence,
    configurable: bool = False,
    default: Any = None,
) -> Callable[[F], F]:
    """Register the decorated function in ``CATALOGUE`` under ``code`` and return it unchanged.

    Refuses (ValueError, at import time) an unknown status or confidence, a missing docstring or
    source, a local standard that is not configurable, a configurable rule without a default,
    and a code already taken by a different function.
    """
    if status not in STATUSES:
        raise ValueError(f"{code}: unknown status {status!r}")
    if confidence not in CONFIDENCES:
        raise ValueError(f"{code}: unknown confidence {confidence!r}")
    if status == "L" and not configurable:
        raise ValueError(f"{code}: local standards must be configurable")
    if configurable and default is None:
        raise ValueError(f"{code}: a configurable timescale needs a default")
    if not source.strip() or not title.strip():
        raise ValueError(f"{code}: title and source are required")

    def register(function: F) -> F:
        doc = inspect.getdoc(function) or ""
        if not doc.strip():
            raise ValueError(f"{code}: {function.__qualname__} needs a docstring citing its source")
        existing = CATALOGUE.get(code)
        # Re-registering the same function (a module reload) is fine; a second rule is not.
        if existing is not None and _name(existing.function) != _name(function):
            raise ValueError(f"{code} is already registered to {_name(existing.function)}")
        CATALOGUE[code] = Timescale(
            code=code,
            title=title,
            status=status,
            source=source,
            confidence=confidence,
            configurable=configurable,
            default=default,
            function=function,
            doc=doc,
        )
        return function

    return register


def _name(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def local_setting(code: str, default: T) -> T:
    """Return ``settings.OPENCSC_TIMESCALES[code]``, or ``default`` when it is not set.

    Also returns ``default`` when Django is not installed or its settings are not configured
    (the timescale tests run without Django). Django is imported only here, at call time.
    """
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:
        return default
    try:
        overrides: dict[str, T] = getattr(settings, "OPENCSC_TIMESCALES", None) or {}
    except ImproperlyConfigured:
        return default
    return overrides.get(code, default)


@dataclass(frozen=True)
class Clock:
    """A "which clock applies now" function and the catalogue rules it chooses between."""

    name: str
    title: str
    codes: tuple[str, ...]
    function: Callable[..., Any]
    doc: str

    @property
    def timescales(self) -> list[Timescale]:
        """The catalogue entries this clock applies (load the catalogue first)."""
        return [CATALOGUE[code] for code in self.codes]


CLOCKS: dict[str, Clock] = {}


def clock(*, title: str, codes: tuple[str, ...]) -> Callable[[F], F]:
    """Register the decorated function in ``CLOCKS`` under its name and return it unchanged.

    ``codes`` are the catalogue rules the clock chooses between; ``load_clocks`` checks that each
    is registered. Refuses (ValueError, at import time) a clock without a title, codes or a
    docstring, and a name already taken by a different function.
    """
    if not title.strip() or not codes:
        raise ValueError("a clock needs a title and the codes of the rules it applies")

    def register(function: F) -> F:
        doc = inspect.getdoc(function) or ""
        if not doc.strip():
            raise ValueError(f"{function.__qualname__} needs a docstring citing its rules")
        existing = CLOCKS.get(function.__name__)
        if existing is not None and _name(existing.function) != _name(function):
            raise ValueError(f"clock {function.__name__} is already {_name(existing.function)}")
        CLOCKS[function.__name__] = Clock(
            name=function.__name__, title=title, codes=codes, function=function, doc=doc
        )
        return function

    return register


def _code_sort_key(code: str) -> tuple[int, str]:
    match = re.match(r"T(\d+)(.*)", code)
    return (int(match.group(1)), match.group(2)) if match else (10_000, code)


def load_catalogue() -> list[Timescale]:
    """Import every installed app's ``timescales`` module and return the catalogue in code order
    (T1, T2, ... T37). The foundation names no app: an app's timescales register themselves."""
    autodiscover_modules("timescales")
    return [CATALOGUE[code] for code in sorted(CATALOGUE, key=_code_sort_key)]


def load_clocks() -> list[Clock]:
    """Import every timescale module and return the clocks, each checked against the catalogue.

    Raises ValueError if a clock names a code that no timescale registers.
    """
    load_catalogue()
    for entry in CLOCKS.values():
        unknown = [code for code in entry.codes if code not in CATALOGUE]
        if unknown:
            raise ValueError(f"clock {entry.name} applies unregistered timescales {unknown}")
    return sorted(CLOCKS.values(), key=lambda c: _code_sort_key(c.codes[0]))
