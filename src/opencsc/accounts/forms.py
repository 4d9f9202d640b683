import datetime as dt

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from opencsc.core.govuk import DateField

from .actions import INSPECTOR_MAX_DAYS
from .models import Role


class LoginForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK wording, refusing accounts whose access has ended.

    A failed sign-in never says which of the username or password was wrong.
    """

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your system administrator.",
        "expired": "This account's access has ended. Ask your system administrator.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.error_messages["required"] = "Enter your username"
        # The Design System advises against autofocus: it disorients screen reader users.
        username.widget.attrs.pop("autofocus", None)
        username.widget.attrs.update(spellcheck="false", autocapitalize="none")
        self.fields["password"].error_messages["required"] = "Enter your password"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.access_expires is not None and user.access_expires <= timezone.now():
            raise forms.ValidationError(self.error_messages["expired"], code="expired")


class CodeForm(forms.Form):
    """A 6-digit code from an authenticator app (checked by the action, not here)."""

    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6 numbers your app shows for opencsc, like 123456",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-5",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )


ROLE_CHOICES = [(r.value, r.label) for r in Role]


class AccessEndsField(DateField):
    """The last day of access, cleaned to the end of that day in the council's time zone."""

    def clean(self, value):
        day = super().clean(value)
        if day is None:
            return None
        midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
        return timezone.make_aware(midnight)


def _access_ends_field():
    return AccessEndsField(
        label="Last day of access",
        required=False,
        help_text=f"Required for inspectors: at most {INSPECTOR_MAX_DAYS} days from today. For example, 27 3 2026",
    )


class UserCreateForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        error_messages={"required": "Enter a username"},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter a first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter a last name"}
    )
    email = forms.CharField(label="Email address", max_length=254, required=False)
    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )
    access_expires = _access_ends_field()
    password = forms.CharField(
        label="Initial password",
        help_text="At least 12 characters. Give it to the user in person; they should change it from 'Your account'.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter an initial password"},
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )
    access_expires = _access_ends_field()


class UserSearchForm(forms.Form):
    q = forms.CharField(label="Name or username", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *ROLE_CHOICES]
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Any"),
            ("active", "Switched on"),
            ("inactive", "Switched off"),
            ("locked", "Locked"),
        ],
    )
