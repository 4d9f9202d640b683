"""The one authentication backend: django-axes' lockout check, then Django's password check."""

from axes.backends import AxesBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .lockout import locked_until


class LockoutBackend(AxesBackend):
    """Refuses a locked-out username, then checks the password as ``ModelBackend`` does.

    Axes needs the request to count a failure (address, browser). A call without one (the test
    client's ``login()``, a shell) cannot be counted, but a locked username is still refused,
    so no path signs in a locked account.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            name = username or kwargs.get(get_user_model().USERNAME_FIELD)
            if locked_until(name) is not None:
                raise AxesBackendPermissionDenied("This account is locked.")
        else:
            # Axes' check: raises AxesBackendPermissionDenied (a PermissionDenied, so Django's
            # authenticate() stops and counts the failure) for a locked username.
            super().authenticate(request, username=username, password=password, **kwargs)
        return ModelBackend.authenticate(
            self, request, username=username, password=password, **kwargs
        )
