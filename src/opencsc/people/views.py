"""Finding a child, reading their record, and the pages that record the child's own details:
registering them, their birth, their details, the people in their life, their addresses and who
holds them (``workforce.forms.AllocationForm``: only this layer may look the child up)."""

import contextlib
import datetime as dt
from collections.abc import Iterable

from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_GET

from opencsc.accounts.models import Role
from opencsc.accounts.rules import TEAM_ROLES, Rule, allows, sees_case_records, view_rule
from opencsc.audit.models import AccessEvent, AuditEvent
from opencsc.core.forms import form_page, posted, recording_form, submit
from opencsc.people.access import get_child_for_user, visible_children, workers_holding_for
from opencsc.workforce.actions import allocate
from opencsc.workforce.codes import AllocationRole
from opencsc.workforce.forms import AllocationForm
from opencsc.workforce.models import Allocation, Worker

from . import actions, chronology
from .codes import ImmigrationStatus
from .forms import (
    AddressForm,
    BirthForm,
    EndWarningNoteForm,
    PersonDetailsForm,
    RegisterChildForm,
    RelationshipForm,
    ReviewWarningNoteForm,
    WarningNoteForm,
)
from .models import Address, Person, Relationship
from .record_menu import record_links_for

SEARCH_LIMIT = 50
ROLE_ORDER = [r.value for r in AllocationRole]


def for_list(children: QuerySet[Person]) -> QuerySet[Person]:
    """``children`` with what ``list_rows`` shows: today's case status, in the same query, and
    the open social-worker allocation, in one more, whatever the number of children."""
    return children.with_case_status(timezone.localdate()).prefetch_related(open_social_worker())


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
    months = person.age_in_months_on(on)
    return f"{months} month" + ("s" if months != 1 else "")


def list_rows(people: Iterable[Person]) -> list[Person]:
    """Children ready for a table: ``age``, ``status`` and ``social_worker`` (an Allocation).
    ``people`` come ``with_case_status`` and ``open_social_worker()`` (``for_list``)."""
    people = list(people)
    today = timezone.localdate()
    for person in people:
        person.age = age_text(person, today)
        person.status = person.case_status
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
        found = for_list(visible_children(request.user).search(query))[: SEARCH_LIMIT + 1]
        results = list_rows(found)
        more = len(results) > SEARCH_LIMIT
        results = results[:SEARCH_LIMIT]
    return render(
        request,
        "people/person_search.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "more": more,
            "limit": SEARCH_LIMIT,
            "can_register": allows(Rule.CASE_WRITE, request.user),
        },
    )


def _uasc_text(person: Person, today: dt.date) -> str:
    spans = [s for s in person.immigration_statuses.all() if s.status == ImmigrationStatus.UASC]
    if not spans:
        return "No"
    latest = spans[-1]
    started = format_date(latest.started_on, "j F Y")
    if not latest.has_ended_by(today):
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
            Prefetch("addresses", queryset=Address.objects.open(), to_attr="current_addresses"),
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
            "status": person.case_status_on(today),
            "chronology": entries,
            "can_see_access": allows(Rule.RECORD_AUDIT, request.user),
            "record_links": record_links_for(person)
            if allows(Rule.CASE_WRITE, request.user)
            else [],
        },
    )


# --- Who has seen this record ---------------------------------------------------------------

ACCESS_PER_PAGE = 50


def _model_label(label: str) -> str:
    try:
        return apps.get_model(label)._meta.verbose_name.capitalize()
    except (LookupError, ValueError):
        return label


def _changes(event: AuditEvent) -> list[tuple[str, object, object]]:
    """(field label, old, new) for each change the event records."""
    try:
        meta = apps.get_model(event.model)._meta
    except (LookupError, ValueError):
        meta = None
    out = []
    for name, pair in (event.changes or {}).items():
        old, new = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        label = name
        if meta is not None:
            with contextlib.suppress(FieldDoesNotExist):
                label = str(meta.get_field(name).verbose_name).capitalize()
        out.append((label, old, new))
    return out


@view_rule(Rule.RECORD_AUDIT)
@require_GET
def person_access(request, person_id: int):
    """Who has opened this child's record (page, API, export, download) and who changed what,
    newest first. Reading it is itself a read of the record, so it is logged too."""
    person = get_child_for_user(request, person_id)
    show = "changes" if request.GET.get("show") == "changes" else "reads"
    reads = AccessEvent.objects.filter(person=person)
    changes = AuditEvent.objects.filter(
        Q(person=person) | Q(model="people.Person", object_id=str(person.pk))
    )
    events = reads.select_related("user") if show == "reads" else changes.select_related("actor")
    page = Paginator(events.order_by("-at", "-id"), ACCESS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    roles = dict(Role.choices)
    rows = []
    for event in page.object_list:
        if show == "reads":
            who = event.user
            rows.append(
                {
                    "at": event.at,
                    "who": who.get_full_name() or who.username,
                    "role": roles.get(who.role, who.role),
                    "via": event.get_via_display(),
                    "path": event.path,
                }
            )
        else:
            who = event.actor
            rows.append(
                {
                    "at": event.at,
                    "who": (who.get_full_name() or who.username) if who else "The system",
                    "role": roles.get(who.role, who.role) if who else "",
                    "action": event.action.replace("_", " ").capitalize(),
                    "record": _model_label(event.model),
                    "changes": _changes(event),
                }
            )
    counts = {"reads": reads.count(), "changes": changes.count()}
    return render(
        request,
        "people/person_access.html",
        {"person": person, "show": show, "page": page, "rows": rows, "counts": counts},
    )


HOME_PER_PAGE = 50


@view_rule(Rule.SIGNED_IN)
@require_GET
def home(request):
    """The home page: the children a worker holds, a manager's team's children, or a landing page."""
    user = request.user
    if user.role in TEAM_ROLES:
        mine = Allocation.objects.open().filter(person=OuterRef("pk"), worker__user=user)
        children, heading = visible_children(user).filter(Exists(mine)), "My children"
    elif user.role == Role.TEAM_MANAGER:
        children, heading = visible_children(user), "Your team's children"
    else:
        children, heading = None, ""
    page = None
    if children is not None:
        page = Paginator(for_list(children), HOME_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = list_rows(page.object_list)
    return render(
        request,
        "people/home.html",
        {"heading": heading, "page": page, "can_search": sees_case_records(user)},
    )


# --- Recording the child's own details ----------------------------------------------------------


@view_rule(Rule.CASE_WRITE)
@recording_form(RegisterChildForm)
def person_create(request: HttpRequest) -> HttpResponse:
    """Register a child, allocated to a worker whose team (or the user's) then sees them."""
    workers = workers_holding_for(request.user)
    own = Worker.objects.current_for(request.user, timezone.localdate())
    form = RegisterChildForm(
        posted(request),
        workers=workers,
        initial={"worker": own, "allocated_on": timezone.localdate()},
    )
    child = submit(form, actions.register_child, by=request.user)
    if child:
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Register a child",
        button="Register the child",
        back_url=reverse("home"),
        intro=(
            "For an unborn child, give the expected date of birth instead of the date of birth, "
            "and record the birth later."
        ),
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(BirthForm)
def person_birth(request: HttpRequest, person_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    form = BirthForm(posted(request))
    if submit(form, actions.record_birth, by=request.user, person=child):
        return redirect(child)
    expected = child.expected_date_of_birth
    return form_page(
        request,
        form,
        heading="Record the birth",
        button="Save the birth",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro=f"Expected on {expected:%-d %B %Y}." if child.is_unborn and expected else "",
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(PersonDetailsForm)
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    form = PersonDetailsForm(posted(request), record=child)
    if submit(form, actions.update_person, by=request.user, person=child):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Change the child's details",
        button="Save the details",
        caption=child.name,
        back_url=child.get_absolute_url(),
    )


def family_of(child: Person) -> QuerySet[Person]:
    """The people already recorded around ``child``: those related to them (either way round)
    and those related to these (a sibling's parent), for a relationship to pick from."""
    near = Relationship.objects.filter(Q(person=child) | Q(other=child))
    ids = set(near.values_list("person_id", flat=True)) | set(
        near.values_list("other_id", flat=True)
    )
    further = Relationship.objects.filter(Q(person_id__in=ids) | Q(other_id__in=ids))
    ids |= set(further.values_list("person_id", flat=True))
    ids |= set(further.values_list("other_id", flat=True))
    ids.discard(child.pk)
    return Person.objects.filter(pk__in=ids)


@view_rule(Rule.CASE_WRITE)
@recording_form(RelationshipForm)
def relationship_create(request: HttpRequest, person_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    form = RelationshipForm(posted(request), people=family_of(child))
    if submit(form, actions.add_relative, by=request.user, person=child):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Add someone in the child's life",
        button="Save the relationship",
        caption=child.name,
        back_url=child.get_absolute_url(),
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(AddressForm)
def address_create(request: HttpRequest, person_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    form = AddressForm(posted(request))
    if submit(form, actions.move_address, by=request.user, person=child):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Add an address",
        button="Save the address",
        caption=child.name,
        back_url=child.get_absolute_url(),
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(AllocationForm)
def allocation_create(request: HttpRequest, person_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    form = AllocationForm(posted(request))
    if submit(form, allocate, by=request.user, person=child):
        # A child handed to another team's worker leaves this user's sight: go home, not to a 404.
        if visible_children(request.user).filter(pk=child.pk).exists():
            return redirect(child)
        return redirect("home")
    return form_page(
        request,
        form,
        heading="Allocate a worker",
        button="Save the allocation",
        caption=child.name,
        back_url=child.get_absolute_url(),
    )


# --- Warning notes (staff safety) ---------------------------------------------------------------


@view_rule(Rule.CASE_WRITE)
@recording_form(WarningNoteForm)
def warning_create(request: HttpRequest, person_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    form = WarningNoteForm(posted(request))
    if submit(form, actions.add_warning_note, by=request.user, person=child):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Add a warning note",
        button="Save the warning note",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro="A warning note shows on every page of the child's record until it ends.",
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(ReviewWarningNoteForm)
def warning_review(request: HttpRequest, person_id: int, warning_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    note = get_object_or_404(child.warning_notes, pk=warning_id)
    form = ReviewWarningNoteForm(posted(request), record=note)
    if submit(form, actions.review_warning_note, by=request.user, note=note):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Review the warning note",
        button="Save the review",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro=f"{note.get_kind_display()}, since {note.started_on:%-d %B %Y}, "
        f"due for review by {note.review_on:%-d %B %Y}.",
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(EndWarningNoteForm)
def warning_end(request: HttpRequest, person_id: int, warning_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    note = get_object_or_404(child.warning_notes, pk=warning_id)
    form = EndWarningNoteForm(posted(request))
    if submit(form, actions.end_warning_note, by=request.user, note=note):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="End the warning note",
        button="End the warning note",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro=f"{note.get_kind_display()}, since {note.started_on:%-d %B %Y}. Once it ends it "
        "no longer shows on the child's record.",
    )
