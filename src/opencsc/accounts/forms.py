from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone


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
