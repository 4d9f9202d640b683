"""Case notes: add one (filed for this child and, at once, any of their brothers and sisters the
user may see), read it with its history, correct it or delete it (each with a reason)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone

from opencsc.accounts.rules import Rule, allows, view_rule
from opencsc.audit.models import AuditEvent
from opencsc.core.forms import form_page, posted, recording_form, submit
from opencsc.people.access import get_child_for_user, visible_children
from opencsc.people.models import Person

from .. import actions
from ..codes import CaseNoteKind
from ..forms.notes import CaseNoteCorrectionForm, CaseNoteDeletionForm, CaseNoteForm
from ..models import CaseNote

NOTE_ACTIONS = {
    "add_case_note": "Added",
    "correct_case_note": "Corrected",
    "delete_case_note": "Deleted",
}


def _page(
    request: HttpRequest, child: Person, form: Any, *, heading: str, button: str, back_url: str
) -> HttpResponse:
    return form_page(
        request, form, heading=heading, button=button, caption=child.name, back_url=back_url
    )


def _note(child: Person, note_id: int) -> CaseNote:
    """One of ``child``'s own notes, or 404."""
    return get_object_or_404(child.case_notes.select_related("recorded_by"), pk=note_id)


@view_rule(Rule.CASE_WRITE)
@recording_form(CaseNoteForm)
def note_create(request: HttpRequest, person_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    form = CaseNoteForm(posted(request), child=child, user=request.user)
    if submit(form, actions.add_case_note, by=request.user):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Add a case note",
        button="Save the case note",
        caption=child.name,
        back_url=child.get_absolute_url(),
        template="casework/casenote_form.html",
    )


def _shown(name: str, value: Any) -> str:
    """A detail as the audit event keeps it (a code, an ISO time), as a person reads it."""
    if value in (None, ""):
        return "Not given"
    if name == "kind":
        return str(dict(CaseNoteKind.choices).get(value, value))
    if name == "happened_at":
        when = timezone.localtime(dt.datetime.fromisoformat(value))
        return f"{when:%-d %B %Y, %H:%M}"
    return str(value)


def _history(note: CaseNote, child: Person) -> list[dict[str, Any]]:
    """What was done to the note, oldest first, from its audit events on ``child``'s record:
    who, when, the reason, and for a correction what each detail said before and after."""
    events = AuditEvent.objects.filter(
        model=note._meta.label, object_id=str(note.pk), person=child, action__in=NOTE_ACTIONS
    ).select_related("actor")
    labels = {"kind": "Kind of note", "title": "Title", "body": "What happened"}
    labels["happened_at"] = "Date and time it happened"
    history = []
    for event in events.order_by("pk"):
        changes = event.changes or {}
        reason = (changes.get("correction_reason") or changes.get("deletion_reason") or [None, ""])[
            1
        ]
        history.append(
            {
                "what": NOTE_ACTIONS[event.action],
                "at": event.at,
                "by": event.actor.get_full_name() if event.actor else "The system",
                "reason": reason if event.action != "add_case_note" else "",
                "changes": [
                    {
                        "label": label,
                        "before": _shown(name, changes[name][0]),
                        "after": _shown(name, changes[name][1]),
                    }
                    for name, label in labels.items()
                    if name in changes and event.action == "correct_case_note"
                ],
            }
        )
    return history


@view_rule(Rule.CASE_RECORDS)
def note_detail(request: HttpRequest, person_id: int, note_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    note = _note(child, note_id)
    # Only the children this user may see: a sibling's name is on their record, not this one.
    others = visible_children(request.user).filter(case_notes=note).exclude(pk=child.pk)
    can_change = allows(Rule.CASE_WRITE, request.user) and not note.is_deleted
    return render(
        request,
        "casework/casenote_detail.html",
        {
            "child": child,
            "note": note,
            "others": list(others.order_by("first_name", "last_name", "pk")),
            "history": _history(note, child),
            "actions": note.actions.select_related("owner__team"),
            "can_change": can_change,
        },
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(CaseNoteCorrectionForm)
def note_correct(request: HttpRequest, person_id: int, note_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    note = _note(child, note_id)
    form = CaseNoteCorrectionForm(posted(request), record=note)
    back = reverse("casework:note-detail", args=[child.pk, note.pk])
    if submit(form, actions.correct_case_note, by=request.user, note=note):
        return redirect(back)
    return _page(
        request,
        child,
        form,
        heading="Correct the case note",
        button="Save the correction",
        back_url=back,
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(CaseNoteDeletionForm)
def note_delete(request: HttpRequest, person_id: int, note_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    note = _note(child, note_id)
    form = CaseNoteDeletionForm(posted(request), record=note)
    back = reverse("casework:note-detail", args=[child.pk, note.pk])
    if submit(form, actions.delete_case_note, by=request.user, note=note):
        return redirect(back)
    return form_page(
        request,
        form,
        heading="Delete the case note",
        button="Delete the case note",
        caption=child.name,
        back_url=back,
        intro=f"“{note.title}”. The note will show as deleted, with your reason, in the "
        "record's history.",
    )


urlpatterns = [
    path("notes/new/", note_create, name="note-create"),
    path("notes/<int:note_id>/", note_detail, name="note-detail"),
    path("notes/<int:note_id>/correction/", note_correct, name="note-correct"),
    path("notes/<int:note_id>/deletion/", note_delete, name="note-delete"),
]
