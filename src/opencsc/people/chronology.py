"""A child's chronology: every recorded event, in one list, newest first.

Built from the records themselves (not a separate log), so it cannot disagree with them. Each app
registers, with ``@chronology_source``, a function that yields the entries of its own models
(``casework/chronology.py``, ``care/chronology.py``), imported from its ``AppConfig.ready``; a new
kind of record appears in the chronology from its own app, and this module knows none of them.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from opencsc.core.checks import today
from opencsc.workforce.models import Allocation


@dataclass(frozen=True)
class ChronologyEntry:
    date: dt.date
    category: str
    title: str
    detail: str = ""
    worker: str = ""


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


def case_status(person, on: dt.date | None = None) -> str:
    """Annex A List 6 case status precedence: looked after > CP plan > CIN plan > open
    assessment > (opencsc adds: open referral, early help) > closed."""
    on = on or today()
    if person.looked_after_periods.open(on).exists():
        return "Child looked after"
    if person.cp_plans.open(on).exists():
        return "Child protection plan"
    if person.cin_plans.open(on).exists():
        return "Child in need plan"
    if person.assessments.filter(started_on__lte=on, authorised_on__isnull=True).exists():
        return "Open assessment"
    if person.referrals.filter(received_on__lte=on, closed_on__isnull=True).exists():
        return "Open referral"
    if hasattr(person, "care_leaver") and person.care_leaver.services_ended_on is None:
        return "Care leaver"
    if person.early_help_episodes.open(on).exists():
        return "Early help"
    return "Closed"


def case_statuses(people, on: dt.date | None = None) -> dict[int, str]:
    """``case_status`` for many people at once, in a fixed number of queries (for lists)."""
    from opencsc.care.models import CareLeaver, LookedAfterPeriod
    from opencsc.casework.models import Assessment, CINPlan, CPPlan, EarlyHelpEpisode, Referral

    on = on or today()
    ids = [p.pk if hasattr(p, "pk") else p for p in people]
    out = dict.fromkeys(ids, "Closed")
    ranked = [
        ("Early help", EarlyHelpEpisode.objects.open(on)),
        ("Care leaver", CareLeaver.objects.filter(services_ended_on__isnull=True)),
        ("Open referral", Referral.objects.filter(received_on__lte=on, closed_on__isnull=True)),
        (
            "Open assessment",
            Assessment.objects.filter(started_on__lte=on, authorised_on__isnull=True),
        ),
        ("Child in need plan", CINPlan.objects.open(on)),
        ("Child protection plan", CPPlan.objects.open(on)),
        ("Child looked after", LookedAfterPeriod.objects.open(on)),
    ]
    # Lowest precedence first, so a higher status overwrites it.
    for label, qs in ranked:
        for person_id in qs.filter(person_id__in=ids).values_list("person_id", flat=True):
            out[person_id] = label
    return out
