"""The one pattern for a page that records something: a form, its action, and the GOV.UK page.

A recording view is four steps, always in this order::

    @view_rule(Rule.CASE_WRITE)
    @recording_form(ContactForm)
    def contact_create(request, person_id):
        child = get_child_for_user(request, person_id)            # 1. access (404, logged)
        form = ContactForm(posted(request))                        # 2. the form
        if submit(form, actions.record_contact, by=request.user, person=child):   # 3. the action
            return redirect(child)                                 # 4. back to the record
        return form_page(request, form, heading="Record a contact", button="Save the contact",
                         caption=child.full_name, back_url=child.get_absolute_url())

- A form's field names are its action's keyword arguments, so ``submit`` passes
  ``cleaned_data`` straight through; what the page already knows (``by``, the child, the record
  being changed) comes as ``submit``'s own keywords.
- Errors use the Design System's wording and name the field and the fix ("Enter the date the
  contact was received", "Select the source of the contact"), never "This field is required.".
  Django shows every field's error at once; the action's refusal (``ActionError``) is shown beside
  the field it names. Actions are one transaction, so a refused form writes nothing.
- A record that lives for a long time is edited with a ``VersionedForm``: its ``version`` and
  the values the editor was shown travel in hidden fields. The action refuses a stale version
  (``audit.recording.update``); the page then says so and shows, for each detail someone else
  changed, what is saved now and what this editor entered, and the form holds what is saved now
  with this editor's own changes kept, ready to be checked and saved again.
- ``recording_form`` registers the view's form class, so tests reach every recording form from
  the URL configuration (``recording_views()``), not from a hand-kept list.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.core import signing
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, get_resolver

from .errors import ActionError
from .govuk import add_action_error, sentence_case

T = TypeVar("T")
V = TypeVar("V", bound=Callable[..., HttpResponse])

CHOICE_FIELDS = (forms.ChoiceField, forms.ModelChoiceField, forms.MultipleChoiceField)


class ActionForm(forms.Form):
    """A form whose field names are its action's keyword arguments, with GOV.UK error wording.

    A field's ``required`` message, unless it sets its own, is "Enter the <label>" for a box or
    "Select the <label>" for radios, checkboxes and lists; an unknown choice says to choose one
    from the list. Labels are written to read well there ("date the contact was received").
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            what = sentence_case(str(field.label or name.replace("_", " ")))
            given = getattr(type(self), "error_wording", {}).get(name)
            if given:
                field.error_messages["required"] = given
            elif (
                field.error_messages.get("required")
                == forms.Field.default_error_messages["required"]
            ):
                verb = "Select" if isinstance(field, CHOICE_FIELDS) else "Enter"
                field.error_messages["required"] = f"{verb} the {what}"
            if isinstance(field, CHOICE_FIELDS):
                not_listed = f"Select the {what} from the list"  # noqa: S608 (words, not SQL)
                field.error_messages["invalid_choice"] = not_listed
                if isinstance(field, forms.MultipleChoiceField):
                    field.error_messages["invalid_list"] = not_listed
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = (
                    f"{what[0].upper()}{what[1:]} must be {field.max_length} characters or fewer"
                )


class YesNoField(forms.TypedChoiceField):
    """A yes / no question as two radios, cleaned to ``True`` or ``False``.

    Required by default: the Design System asks "Select yes if …, or no" rather than reading an
    unticked box as "no".
    """

    def __init__(self, *, label: str, required_message: str = "", **kwargs: Any) -> None:
        super().__init__(
            label=label,
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=lambda value: value == "yes",
            widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
            empty_value=None,
            **kwargs,
        )
        self.error_messages["required"] = required_message or f"Select yes or no: {label}"

    def prepare_value(self, value: Any) -> Any:
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


@dataclass(frozen=True)
class StaleChange:
    """A detail someone else changed while this editor had the form open."""

    label: str
    saved: str  # what is saved now
    entered: str  # what this editor entered


SEEN_SALT = "opencsc.core.forms.seen"


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it, equal for equal values (to compare what was seen, what is
    saved and what was entered)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(str(_plain(v)) for v in value)
    return value


def _shown(field: forms.Field, value: Any) -> str:
    """``value`` as a person reads it: a choice's label, a date in words, "Not given" for none."""
    if value in (None, "", [], ()):
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    if isinstance(field, forms.ChoiceField):
        labels = {str(k): str(v) for k, v in field.choices}
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    return str(value)


def _as_data(field: forms.Field, name: str, value: Any) -> dict[str, list[str]]:
    """The submitted data that would make ``field`` (named ``name`` in the page) show ``value``."""
    value = field.prepare_value(value)
    widget = field.widget
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value)
        return {
            f"{name}{suffix}": ["" if part is None else str(part)]
            for suffix, part in zip(widget.widgets_names, parts, strict=True)
        }
    if isinstance(value, list | tuple):
        return {name: [str(v) for v in value]}
    if isinstance(widget, forms.CheckboxInput):
        return {name: ["on"] if value else []}
    return {name: ["" if value is None else str(value)]}


class VersionedForm(ActionForm):
    """An edit of a long-lived record (``record``), which its action refuses once stale.

    It carries the record's ``version`` (the action's keyword) and, in ``seen``, the values the
    form was first shown with, so that a refusal can tell what someone else changed from what
    this editor changed. ``values_of`` reads the record's value for each field: by default its
    attribute of the same name.
    """

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This page was sent without the version of the record: open it again from the record",
            "invalid": "This page was sent with a broken version: open it again from the record",
        },
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    stale = False
    stale_changes: list[StaleChange]

    def __init__(self, data: Any = None, *, record: models.Model, **kwargs: Any) -> None:
        self.record = record
        self.stale_changes = []
        shown = self.values_of(record)
        kwargs["initial"] = {
            **shown,
            **kwargs.get("initial", {}),
            "version": getattr(record, "version"),  # noqa: B009 (any versioned model)
            "seen": self._seen_token(shown),
        }
        super().__init__(data, **kwargs)

    def _edited_fields(self) -> list[str]:
        return [name for name in self.base_fields if name not in ("version", "seen")]

    def values_of(self, record: models.Model) -> dict[str, Any]:
        return {name: getattr(record, name) for name in self._edited_fields()}

    def _seen_token(self, values: dict[str, Any]) -> str:
        return signing.dumps({k: _plain(v) for k, v in values.items()}, salt=SEEN_SALT)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # What was seen is for the refusal only, never for the action.
        token = cleaned.pop("seen", "")
        try:
            self.seen_values = signing.loads(token, salt=SEEN_SALT) if token else None
        except signing.BadSignature:
            self.seen_values = None
        return cleaned

    def refused_as_stale(self) -> None:
        """Someone else saved the record first: list what they changed, and put what is saved
        now in the form, keeping this editor's own changes and the new version, so that saving
        again is a decision made having seen theirs."""
        self.record.refresh_from_db()
        saved = self.values_of(self.record)
        seen = getattr(self, "seen_values", None)
        data = QueryDict(mutable=True)
        for key in self.data:
            sent = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data[key]]
            data.setlist(key, sent)
        for name in self._edited_fields():
            field = self.fields[name]
            entered = self.cleaned_data.get(name)
            now = _plain(saved[name])
            was = seen.get(name, now) if seen is not None else _plain(entered)
            if now == was:
                continue
            self.stale_changes.append(
                StaleChange(
                    str(field.label or name), _shown(field, saved[name]), _shown(field, entered)
                )
            )
            if seen is not None and _plain(entered) == was:  # left alone here: theirs stands
                for key, values in _as_data(field, self.add_prefix(name), saved[name]).items():
                    data.setlist(key, values)
        data[self.add_prefix("version")] = str(getattr(self.record, "version"))  # noqa: B009
        data[self.add_prefix("seen")] = self._seen_token(saved)
        self.data = data
        noun = self.record._meta.verbose_name
        self.errors["version"] = self.error_class(
            [
                f"Someone else saved changes to this {noun} while you were editing it, so yours "
                "were not saved: check what they changed, then save again"
            ]
        )
        self.stale = True


def posted(request: HttpRequest) -> Any:
    """The submitted data on a POST (even an empty one, which must be refused), else None."""
    return request.POST if request.method == "POST" else None


def submit(form: forms.BaseForm, action: Callable[..., T], /, **context: Any) -> T | None:
    """Run ``action(**context, **form.cleaned_data)`` if the form is valid; its result, or None.

    ``None`` means the page shows the form again: unbound, invalid, or refused by the action
    (the ``ActionError`` is put beside the field it names). Nothing is written in either case:
    the action is one transaction.
    """
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return action(**context, **form.cleaned_data)
    except ActionError as error:
        add_action_error(form, error)
        if error.field == "version" and isinstance(form, VersionedForm):
            form.refused_as_stale()
        return None


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    heading: str,
    button: str,
    caption: str = "",
    back_url: str = "",
    back_text: str = "Back",
    intro: str = "",
    template: str = "govuk/form_page.html",
    **extra: Any,
) -> HttpResponse:
    """The one recording page: back link, caption, error summary, heading, fields, a button named
    for what it does. 400 when the form was sent and refused, so a refusal is never mistaken for
    success; 409 when a ``VersionedForm`` was stale, with what changed."""
    refused = form.is_bound and bool(form.errors)
    stale = getattr(form, "stale", False)
    return render(
        request,
        template,
        {
            "form": form,
            "heading": heading,
            "button": button,
            "caption": caption,
            "back_url": back_url,
            "back_text": back_text,
            "intro": intro,
            "stale": stale,
            "stale_changes": getattr(form, "stale_changes", []),
            **extra,
        },
        # 409: the record changed under the editor; 400: what was sent was refused.
        status=409 if stale else 400 if refused else 200,
    )


def recording_form(form_class: type[forms.BaseForm]) -> Callable[[V], V]:
    """Declare the form a recording view uses (for the tests that drive every form)."""

    def declare(view: V) -> V:
        view.form_class = form_class  # type: ignore[attr-defined]  # a marker attribute on purpose
        return view

    return declare


def recording_views() -> Iterator[tuple[str, Callable[..., HttpResponse], tuple[str, ...]]]:
    """Every (URL name, view, URL keywords) in the URL configuration declared with
    ``recording_form``."""

    def walk(
        patterns: list[Any], namespace: str, params: tuple[str, ...]
    ) -> Iterator[tuple[str, Any, tuple[str, ...]]]:
        for entry in patterns:
            here = params + tuple(getattr(entry.pattern, "converters", {}))
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, inner, here)
            elif isinstance(entry, URLPattern) and hasattr(entry.callback, "form_class"):
                yield f"{namespace}{entry.name}", entry.callback, here

    yield from walk(get_resolver().url_patterns, "", ())
