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
- A record that lives for a long time is edited with its ``version`` in a hidden field; the
  action refuses a stale one (``audit.recording.update``) and the page says so.
- ``recording_form`` registers the view's form class, so tests reach every recording form from
  the URL configuration (``recording_views()``), not from a hand-kept list.
"""

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest, HttpResponse
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
    success."""
    refused = form.is_bound and bool(form.errors)
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
            "stale": refused and "version" in form.errors,
            **extra,
        },
        status=400 if refused else 200,
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
