"""A child's chronology: every recorded event, in one list, newest first.

Built from the records themselves (not a separate log), so it cannot disagree with them. Each app
registers, with ``@chronology_source``, a function that yields the entries of its own models
(``casework/chronology.py``, ``care/chronology.py``), imported from its ``AppConfig.ready``; a new
kind of record appears in the chronology from its own app, and this module knows none of them.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from opencsc.workforce.models import Allocation

from .models import WarningNote


@dataclass(frozen=True)
class ChronologyEntry:
    date: dt.date
    category: str
    title: str
    detail: str = ""
    worker: str = ""
    url: str = ""  # a page about the entry (a case note's), if it has one


Source = Callable[..., Iterator[ChronologyEntry]]
SOURCES: list[Source] = []


def chronology_source(func: Source) -> Source:
    """Register ``func(person)`` as a source of chronology entries (in app-loading order)."""
    if func not in SOURCES:
        SOURCES.append(func)
    return func


def yes_no(value) -> str:
    return {True: "yes", False: "no", None: "not recorded"}[value]


def chronology_for(person) -> list[ChronologyEntry]:
    """Every registered source's entries for ``person``, newest first.

    On the same day, what a later source yields comes first, as does what a source yields later
    (a decision after its contact): sources are registered in the order the apps load
    (``INSTALLED_APPS``: people, casework, care).
    """
    out = [entry for source in SOURCES for entry in source(person)]
    order = sorted(range(len(out)), key=lambda i: (out[i].date, i), reverse=True)
    return [out[i] for i in order]


@chronology_source
def life_entries(person) -> Iterator[ChronologyEntry]:
    if person.date_of_birth:
        yield ChronologyEntry(person.date_of_birth, "Person", "Born")
    if person.date_of_death:
        yield ChronologyEntry(person.date_of_death, "Person", "Died")


@chronology_source
def allocation_entries(person) -> Iterator[ChronologyEntry]:
    for a in Allocation.objects.filter(person=person).select_related("worker", "team"):
        yield (
            ChronologyEntry(
                a.started_on,
                "Allocation",
                f"{a.get_role_display()}: {a.worker}",
                f"{a.team}" + (f" ({a.get_change_reason_display()})" if a.change_reason else ""),
                str(a.worker),
            )
        )


@chronology_source
def warning_note_entries(person) -> Iterator[ChronologyEntry]:
    for note in WarningNote.objects.filter(person=person):
        told = "told" if note.person_told else f"not told: {note.reason_not_told}"
        yield ChronologyEntry(
            note.started_on,
            "Warning note",
            f"Warning note added: {note.get_kind_display().lower()}",
            f"{note.details} (review by {note.review_on:%-d %B %Y}; {told})",
        )
        if note.ended_on is not None:
            yield ChronologyEntry(
                note.ended_on,
                "Warning note",
                f"Warning note ended: {note.get_kind_display().lower()}",
            )
