"""Finding a child and reading their record."""

import datetime as dt
from collections.abc import Iterable

from django import forms
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_GET

from opencsc.core.access import Rule, get_child_for_user, view_rule, visible_children
from opencsc.workforce.codes import AllocationRole
from opencsc.workforce.models import Allocation

from . import chronology
from .codes import ImmigrationStatus
from .models import Address, Person

SEARCH_LIMIT = 50
ROLE_ORDER = [r.value for r in AllocationRole]


def case_statuses(people: Iterable[Person]) -> dict[int, str]:
    """Each child's case status ("Child looked after", "Closed", ...) by id.

    Uses ``chronology.case_statuses`` (one query per rule for the whole list) when there is one;
    until then each row costs ``case_status``'s handful of queries.
    """
    people = list(people)
    bulk = getattr(chronology, "case_statuses", None)
    if bulk is not None:
        return bulk(people)
    return {person.pk: chronology.case_status(person) for person in people}


def open_social_worker() -> Prefetch:
    """Prefetch each child's open social-worker allocation as ``open_social_worker_allocations``."""
    return Prefetch(
        "allocations",
        queryset=Allocation.objects.open().social_workers().select_related("worker__team"),
        to_attr="open_social_worker_allocations",
    )


def age_text(person: Person, on: dt.date) -> str:
    if person.is_unborn:
        return "Unborn"
    years = person.age_on(on)
    if years >= 1:
        return f"{years}"
    dob = person.date_of_birth
    months = (on.year - dob.year) * 12 + on.month - dob.month - (on.day < dob.day)
    return f"{months} month" + ("s" if months != 1 else "")


def list_rows(people: Iterable[Person]) -> list[Person]:
    """Children ready for a table: ``age``, ``status`` and ``social_worker`` (an Allocation)."""
    people = list(people)
    today = timezone.localdate()
    statuses = case_statuses(people)
    for person in people:
        person.age = age_text(person, today)
        person.status = statuses.get(person.pk, "")
        held = getattr(person, "open_social_worker_allocations", [])
        person.social_worker = held[0] if held else None
    return people


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, LA child ID, UPN or NHS number",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds", "spellcheck": "false"}),
    )


@view_rule(Rule.CASE_RECORDS)
@require_GET
def person_search(request):
    # No search yet (or only spaces) is not an error: show the empty form.
    searched = request.GET.get("q", "").strip()
    form = PersonSearchForm(request.GET if searched else None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results, more = [], False
    if query:
        found = (
            visible_children(request.user)
            .search(query)
            .prefetch_related(open_social_worker())[: SEARCH_LIMIT + 1]
        )
        results = list_rows(found)
        more = len(results) > SEARCH_LIMIT
        results = results[:SEARCH_LIMIT]
    return render(
        request,
        "people/person_search.html",
        {"form": form, "query": query, "results": results, "more": more, "limit": SEARCH_LIMIT},
    )


def _uasc_text(person: Person, today: dt.date) -> str:
    spans = [s for s in person.immigration_statuses.all() if s.status == ImmigrationStatus.UASC]
    if not spans:
        return "No"
    latest = spans[-1]
    started = format_date(latest.started_on, "j F Y")
    if latest.ended_on is None or latest.ended_on > today:
        return f"Yes, since {started}"
    return f"Not now (from {started} to {format_date(latest.ended_on, 'j F Y')})"


@view_rule(Rule.CASE_RECORDS)
@require_GET
def person_detail(request, person_id: int):
    person = get_child_for_user(
        request,
        person_id,
        prefetch=(
            "disabilities",
            "immigration_statuses",
            Prefetch("addresses", queryset=Address.objects.current(), to_attr="current_addresses"),
            Prefetch(
                "allocations",
                queryset=Allocation.objects.open().select_related("worker__team"),
                to_attr="open_allocations",
            ),
        ),
    )
    today = timezone.localdate()
    allocations = sorted(person.open_allocations, key=lambda a: ROLE_ORDER.index(a.role))
    # Newest first is this page's promise, whatever order the chronology comes in.
    entries = sorted(chronology.chronology_for(person), key=lambda e: e.date, reverse=True)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "age": age_text(person, today),
            "uasc": _uasc_text(person, today),
            "address": person.current_addresses[0] if person.current_addresses else None,
            "social_worker": next(
                (a for a in allocations if a.role == AllocationRole.SOCIAL_WORKER), None
            ),
            "other_allocations": [a for a in allocations if a.role != AllocationRole.SOCIAL_WORKER],
            "status": chronology.case_status(person),
            "chronology": entries,
        },
    )
