"""GOV.UK Design System form markup: the one place every label, hint and error comes from.

    {% load govuk %}
    {% govuk_error_summary form %}              at the top of the page's main column
    <form method="post" novalidate>{% csrf_token %}
      {% govuk_fields form %}                   every field (hidden ones first), or one at a time:
      {% govuk_field form.date_of_birth label_size="m" %}
      {% govuk_field form.reason page_heading=True %}   a one-question page: the label is the h1
      <button type="submit" class="govuk-button" data-module="govuk-button">Save</button>
    </form>

The widget decides the component: RadioSelect -> radios, CheckboxSelectMultiple ->
checkboxes, CheckboxInput -> a single checkbox, Select -> select, Textarea -> textarea,
PasswordInput -> password input (show/hide), FileInput -> file upload, ``core.govuk.DateInput``
-> date input, any other input -> text input. Extra classes on the widget are kept
(``attrs={"class": "govuk-input--width-10"}``). A field's ``help_text`` is its hint; an
optional field's label says "(optional)".
"""

from django import forms, template
from django.template.loader import render_to_string
from django.utils.html import format_html_join

from opencsc.core.govuk import DATE_PARTS, DateInput

register = template.Library()

BASE_CLASS = {
    "input": "govuk-input",
    "password": "govuk-input govuk-password-input__input govuk-js-password-input-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
}
ERROR_CLASS = {
    "input": "govuk-input--error",
    "password": "govuk-input--error",
    "select": "govuk-select--error",
    "textarea": "govuk-textarea--error",
    "file": "govuk-file-upload--error",
}


def widget_kind(widget: forms.Widget) -> str:
    # Order matters: CheckboxSelectMultiple is a RadioSelect, PasswordInput an Input.
    for cls, kind in (
        (DateInput, "date"),
        (forms.HiddenInput, "hidden"),
        (forms.CheckboxSelectMultiple, "checkboxes"),
        (forms.RadioSelect, "radios"),
        (forms.Select, "select"),
        (forms.CheckboxInput, "checkbox"),
        (forms.Textarea, "textarea"),
        (forms.PasswordInput, "password"),
        (forms.FileInput, "file"),
    ):
        if isinstance(widget, cls):
            return kind
    return "input"


def first_input_id(bf: forms.BoundField) -> str:
    """The id the error summary links to: the field's first input box, radio or checkbox; for a
    date, its first part in error (the Design System's rule), or the day."""
    kind = widget_kind(bf.field.widget)
    if kind in ("radios", "checkboxes"):
        items = _choice_items(bf)
        return items[0]["attrs"]["id"] if items else bf.auto_id
    if kind == "date":
        wrong = _date_parts_in_error(bf)
        return f"{bf.auto_id}_{next((p for p in DATE_PARTS if p in wrong), 'day')}"
    return bf.auto_id


def _choice_items(bf: forms.BoundField) -> list[dict]:
    # A blank choice ("---------") means nothing in radios: leaving them all unticked says it.
    return [w.data for w in bf.subwidgets if w.data["value"] not in ("", None)]


def _field_context(bf: forms.BoundField, *, label_size: str, page_heading: bool) -> dict:
    widget = bf.field.widget
    kind = widget_kind(widget)
    errors = list(bf.errors)
    hint = bf.help_text
    ids = {"hint_id": f"{bf.auto_id}-hint", "error_id": f"{bf.auto_id}-error"}
    describedby = " ".join(
        i for i, shown in ((ids["hint_id"], hint), (ids["error_id"], errors)) if shown
    )
    ctx = {
        "field": bf,
        "kind": kind,
        "id": bf.auto_id,
        "first_id": first_input_id(bf),
        "label": bf.label,
        "optional": not bf.field.required and kind != "checkbox",
        "hint": hint,
        "errors": errors,
        "describedby": describedby,
        "label_size": label_size,
        "page_heading": page_heading,
        "extra_class": widget.attrs.get("class", ""),
        **ids,
    }
    if kind in BASE_CLASS:
        classes = [BASE_CLASS[kind], widget.attrs.get("class", "")]
        if errors:
            classes.append(ERROR_CLASS[kind])
        attrs = {"class": " ".join(c for c in classes if c)}
        if describedby:
            attrs["aria-describedby"] = describedby
        if kind == "password":
            attrs.update(spellcheck="false", autocapitalize="none")
        ctx["widget_html"] = bf.as_widget(attrs=attrs)
    elif kind in ("radios", "checkboxes"):
        ctx["items"] = _choice_items(bf)
    elif kind == "checkbox":
        ctx["checked"] = widget.check_test(bf.value())
    elif kind == "date":
        value = bf.value()
        if not isinstance(value, list | tuple):
            value = widget.decompress(value)
        wrong = _date_parts_in_error(bf)
        ctx["parts"] = [
            {
                "name": f"{bf.html_name}_{part}",
                "id": f"{bf.auto_id}_{part}",
                "label": part.capitalize(),
                "value": "" if v is None else v,
                "width": 4 if part == "year" else 2,
                "error": bool(errors) and (not wrong or part in wrong),
            }
            for part, v in zip(DATE_PARTS, value, strict=True)
        ]
    return ctx


def _date_parts_in_error(bf: forms.BoundField) -> list[str]:
    """Which of day/month/year an error is about (empty: the whole date)."""
    form = bf.form
    if not form.is_bound or bf.name not in form.errors:
        return []
    parts: list[str] = []
    for error in form.errors.as_data()[bf.name]:
        parts.extend((error.params or {}).get("parts", []))
    return parts


@register.simple_tag
def govuk_field(bf: forms.BoundField, label_size: str = "", page_heading: bool = False) -> str:
    """One field as a GOV.UK form group. ``label_size``: "s", "m", "l" or "xl"."""
    ctx = _field_context(bf, label_size=label_size, page_heading=page_heading)
    if ctx["kind"] == "hidden":
        return bf.as_widget()
    name = "control" if ctx["kind"] in BASE_CLASS and ctx["kind"] != "password" else ctx["kind"]
    return render_to_string(f"govuk/fields/{name}.html", ctx)


@register.simple_tag
def govuk_fields(form: forms.BaseForm, label_size: str = "") -> str:
    """Every field of ``form`` in order, hidden fields (such as a record's version) first."""
    hidden = format_html_join("", "{}", ((bf.as_widget(),) for bf in form.hidden_fields()))
    visible = format_html_join(
        "\n", "{}", ((govuk_field(bf, label_size),) for bf in form.visible_fields())
    )
    return hidden + visible


@register.simple_tag
def govuk_error_summary(form: forms.BaseForm) -> str:
    """The "There is a problem" box: one link per error to the input it is about.

    Errors about the whole form (such as a failed sign-in) link to its first visible field.
    """
    if not form.is_bound or not form.errors:
        return ""
    visible = form.visible_fields()
    first = first_input_id(visible[0]) if visible else ""
    items = [{"href": first, "message": m} for m in form.non_field_errors()]
    for bf in form:
        # A hidden field (a record's version) cannot take focus: point at the form instead.
        href = first if bf.is_hidden else first_input_id(bf)
        items.extend({"href": href, "message": m} for m in bf.errors)
    return render_to_string("govuk/error_summary.html", {"items": items})
