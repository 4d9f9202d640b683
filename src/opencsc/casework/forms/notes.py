"""Forms for case notes: add one (with up to three actions), correct it, delete it."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from opencsc.core.forms import ActionForm, VersionedForm
from opencsc.core.govuk import DateField, TimeField
from opencsc.people.access import visible_children
from opencsc.people.models import Person, Relationship
from opencsc.workforce.forms import WorkerChoiceField, current_workers

from ..actions import NoteAction
from ..codes import CaseNoteKind

ACTION_ROWS = 3


def children_to_file_for(child: Person, user: Any) -> QuerySet[Person]:
    """``child`` and the children in their life (siblings, relatives) whose records ``user`` may
    see: whom a note written on ``child``'s record may be filed for. ``child`` comes first."""
    related = Q(pk__in=child.relationships.values("other")) | Q(
        pk__in=Relationship.objects.filter(other=child).values("person")
    )
    return (
        visible_children(user)
        .filter(Q(pk=child.pk) | related)
        .annotate(
            this_child=Case(
                When(pk=child.pk, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("this_child", "first_name", "last_name", "pk")
    )


class ChildrenField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.name


def _when(on: dt.date, at: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(on, at))


class _NoteDetails(forms.Form):
    """What a note says, and when what it records happened (a date and a time box, which the
    form puts together as the action's ``happened_at``, in the council's time zone)."""

    kind = forms.ChoiceField(
        label="Kind of note",
        choices=CaseNoteKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of note"},
    )
    title = forms.CharField(label="Title", max_length=120, help_text="A few words, for lists")
    body = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "Enter what happened"},
    )
    happened_on = DateField(label="Date it happened")
    happened_time = TimeField(label="Time it happened")

    # The action refuses a time in the future under ``happened_at``: shown by the date.
    action_error_fields = {"happened_at": "happened_on"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        on = cleaned.pop("happened_on", None)
        at = cleaned.pop("happened_time", None)
        self.entered_when = {"happened_on": on, "happened_time": at}
        if on is not None and at is not None:
            cleaned["happened_at"] = _when(on, at)
        return cleaned


class CaseNoteForm(_NoteDetails, ActionForm):
    """``add_case_note``: a note filed for this child and any of the children in their life the
    user may see, with up to three actions (each: what, who, by when)."""

    children = ChildrenField(
        label="Children the note is about",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="A note about brothers and sisters can be filed on each of their records at once",
        error_messages={
            "required": "Select the children the note is about",
            "invalid_pk_value": "Select the children the note is about from the list",
        },
    )

    def __init__(self, *args: Any, child: Person, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("children", [child.pk])
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children_to_file_for(child, user)
        self.order_fields(["children"])
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}_what"] = forms.CharField(
                label="What is to be done",
                max_length=200,
                required=False,
                error_messages={"max_length": f"Action {n} must be 200 characters or fewer"},
            )
            self.fields[f"action_{n}_owner"] = WorkerChoiceField(
                label="Who will do it",
                queryset=current_workers(),
                required=False,
                empty_label="Choose a worker",
                error_messages={
                    "invalid_choice": f"Select who will do action {n} from the list"  # noqa: S608 (words, not SQL)
                },
            )
            # Worded for the row: the error summary lists the rows' due dates together.
            what = f"Due date of action {n}"
            self.fields[f"action_{n}_due_on"] = DateField(
                label="Due date",
                required=False,
                error_messages={
                    code: message.replace("%(What)s", what)
                    for code, message in DateField.default_error_messages.items()
                },
            )

    def main_fields(self) -> list[forms.BoundField]:
        """The note's own fields, for the page (each action row is a fieldset of its own)."""
        return [bf for bf in self if not bf.name.startswith("action_")]

    def action_rows(self) -> list[dict[str, Any]]:
        return [
            {"n": n, "fields": [self[f"action_{n}_{part}"] for part in ("what", "owner", "due_on")]}
            for n in range(1, ACTION_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "children" in cleaned:
            cleaned["children"] = list(cleaned["children"])
        rows = []
        for n in range(1, ACTION_ROWS + 1):
            names = (f"action_{n}_what", f"action_{n}_owner", f"action_{n}_due_on")
            sent = any(self.data.get(name) for name in names) or any(
                self.data.get(f"action_{n}_due_on_{part}") for part in ("day", "month", "year")
            )
            what, owner, due_on = (cleaned.pop(name, None) for name in names)
            if not sent or any(name in self.errors for name in names):
                continue
            if not what:
                self.add_error(names[0], f"Enter what action {n} is, or clear the action")
            if owner is None:
                self.add_error(names[1], f"Select who will do action {n}")
            if due_on is None:
                self.add_error(names[2], f"Enter the due date of action {n}")
            if what and owner is not None and due_on is not None:
                rows.append(NoteAction(what=what, owner=owner, due_on=due_on))
        cleaned["actions"] = rows
        return cleaned


class CaseNoteCorrectionForm(_NoteDetails, VersionedForm):
    """``correct_case_note``: the note as it should read, and why it is corrected."""

    reason = forms.CharField(
        label="Reason for the correction",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This is kept with the note's history, with what the note said before",
        error_messages={"required": "Enter why the note is being corrected"},
    )

    def values_of(self, record: Any) -> dict[str, Any]:
        when = timezone.localtime(record.happened_at)
        return {
            "kind": record.kind,
            "title": record.title,
            "body": record.body,
            "happened_on": when.date(),
            "happened_time": f"{when:%H:%M}",
            "reason": "",
        }

    def refused_as_stale(self) -> None:
        # Compare what was entered in the date and time boxes, which clean() put together.
        when = self.entered_when.get("happened_time")
        self.cleaned_data.update(
            happened_on=self.entered_when.get("happened_on"),
            happened_time=f"{when:%H:%M}" if when else "",
        )
        super().refused_as_stale()


class CaseNoteDeletionForm(VersionedForm):
    """``delete_case_note``: why the note is deleted (it stays in the record's history)."""

    reason = forms.CharField(
        label="Reason for deleting the note",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, it was written on the wrong child's record",
        error_messages={"required": "Enter why the note is being deleted"},
    )

    def values_of(self, record: Any) -> dict[str, Any]:
        return {"reason": ""}
