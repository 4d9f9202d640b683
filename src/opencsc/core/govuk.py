"""GOV.UK Design System forms: the Python half (the markup is in ``core/templatetags/govuk.py``).

Any Django form renders as GOV.UK markup with the ``govuk`` template tags; this module adds the
pieces Django lacks:

- ``DateField``: the GOV.UK day / month / year date input, with the Design System's error wording
  ("Date of birth must include a month", "... must be a real date").
- ``add_action_error``: puts an ``ActionError`` refused by an action beside the field it names.

A view using them::

    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = actions.open_referral(by=request.user, **form.cleaned_data)
        except ActionError as error:
            add_action_error(form, error)
        else:
            return redirect(referral)
    return render(request, "casework/referral_create.html", {"form": form})
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from .errors import ActionError

DATE_PARTS = ("day", "month", "year")


def sentence_case(label: str) -> str:
    """'Date of birth' -> 'date of birth', for a label used mid-sentence; 'ICPC date' stays."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


class DateInput(forms.MultiWidget):
    """Three text boxes named ``<name>_day``, ``<name>_month``, ``<name>_year``."""

    def __init__(self, attrs=None):
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class DateField(forms.Field):
    """A date entered as day, month and year, cleaned to a ``datetime.date``.

    Error messages follow the Design System's date input pattern and name the field by its label.
    An error about one part carries ``params["parts"]`` so only that box is marked in error.
    """

    widget = DateInput
    default_error_messages = {
        "required": "Enter the %(what)s",
        "incomplete": "%(What)s must include a %(missing)s",
        "invalid": "%(What)s must be a real date",
        "year": "Year must include 4 numbers",
        "month": "%(What)s must be a real date: the month must be a number from 1 to 12",
        "day": "%(What)s must be a real date: the day must be a number from 1 to 31",
    }

    def __init__(self, **kwargs):
        # The Design System always shows an example date; a ModelForm passes the model's
        # (often empty) help_text, so fill it in unless one was given.
        kwargs["help_text"] = kwargs.get("help_text") or "For example, 27 3 2024"
        super().__init__(**kwargs)

    def _params(self, **extra) -> dict:
        label = self.label or "date"
        return {"what": sentence_case(label), "What": label[0].upper() + label[1:], **extra}

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, dt.date):
            return value or None
        parts = [(str(v).strip() if v is not None else "") for v in value]
        if not any(parts):
            return None
        missing = [name for name, v in zip(DATE_PARTS, parts, strict=True) if not v]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"],
                code="incomplete",
                params=self._params(missing=" and ".join(missing), parts=missing),
            )
        day, month, year = parts
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        if not all(p.isascii() and p.isdigit() for p in parts):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params=self._params()
            )
        if len(year) != 4:
            raise ValidationError(
                self.error_messages["year"], code="year", params=self._params(parts=["year"])
            )
        # Range-check day and month by their length first: int() of a very long string is slow
        # or refused, and dt.date() raises OverflowError, not ValueError, for a huge one.
        if len(month.lstrip("0")) > 2 or not 1 <= int(month) <= 12:
            raise ValidationError(
                self.error_messages["month"], code="month", params=self._params(parts=["month"])
            )
        if len(day.lstrip("0")) > 2 or not 1 <= int(day) <= 31:
            raise ValidationError(
                self.error_messages["day"], code="day", params=self._params(parts=["day"])
            )
        try:
            return dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            # 31 2 2024, or year 0000
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params=self._params()
            ) from None

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(
                self.error_messages["required"], code="required", params=self._params()
            )

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != initial
        except ValidationError:
            return True


class TimeField(forms.CharField):
    """A time of day typed in one box ("14:30", "9:05", "2:30pm"), cleaned to a ``datetime.time``.

    The Design System has no time component; this follows its text input pattern, with a hint
    showing the format and errors naming the field ("Time of the visit must be a real time, like
    14:30").
    """

    default_error_messages = {
        "required": "Enter the %(what)s",
        "invalid": "%(What)s must be a real time, like 14:30",
    }

    def __init__(self, **kwargs):
        kwargs["help_text"] = kwargs.get("help_text") or "Use the 24-hour clock, for example 14:30"
        kwargs.setdefault("max_length", 8)
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "govuk-input--width-5", "autocomplete": "off"})
        # Worded with the label now, so the messages read the same wherever they are shown.
        label = str(self.label or "time")
        params = {"what": sentence_case(label), "What": label[0].upper() + label[1:]}
        for code in ("required", "invalid"):
            self.error_messages[code] = self.error_messages[code] % params

    def clean(self, value):
        text = (value or "").strip().lower().replace(".", ":").replace(" ", "")
        if not text:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        invalid = ValidationError(self.error_messages["invalid"], code="invalid")
        if len(text) > 8:
            raise invalid
        half = text[-2:] if text[-2:] in ("am", "pm") else ""
        hours, _, minutes = text.removesuffix(half).partition(":")
        minutes = minutes or "00"
        if not (hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit()):
            raise invalid
        if len(hours) > 2 or len(minutes) != 2:
            raise invalid
        hour, minute = int(hours), int(minutes)
        if half:
            if not 1 <= hour <= 12:
                raise invalid
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise invalid
        return dt.time(hour, minute)


def add_action_error(form: forms.BaseForm, error: ActionError) -> None:
    """Show an action's refusal beside the field it names, or above the form if it has none.

    A form that asks for one of its action's arguments in several boxes (a date and a time for
    a ``happened_at``) names the box for it in ``action_error_fields``."""
    field = getattr(form, "action_error_fields", {}).get(error.field, error.field)
    field = field if field in form.fields else None
    form.add_error(field, error.text)
