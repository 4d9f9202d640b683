"""Request gates for signed-in sessions, and the Permissions-Policy header.

- ``session_limits``: a session ends ``OPENCSC_SESSION_MAX_SECONDS`` after signing in however
  active it is (idle expiry is Django's ``SESSION_COOKIE_AGE``), and at once when the account is
  switched off or its ``access_expires`` passes.
- ``second_factor_gate``: a user who owes a second factor (``twofactor``) reaches only the pages
  that take it, and sign-out.
- ``permissions_policy``: switches off browser features no page uses.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from . import twofactor
from .models import User
from .signals import SIGNED_IN_AT

# Why a session was ended, shown once on the sign-in page.
SIGNED_OUT_REASON = "opencsc_signed_out_reason"
REASONS = {
    "max_age": "You have been signed out because you signed in more than {hours} hours ago. Sign in again.",
    "inactive": "You have been signed out because this account has been switched off. Ask your system administrator.",
    "expired": "You have been signed out because this account's access has ended. Ask your system administrator.",
    "ended": "You have been signed out. Sign in again.",
}


def _end_session(request, reason: str) -> None:
    logout(request)  # flushes the session and sets request.user to AnonymousUser
    hours = settings.OPENCSC_SESSION_MAX_SECONDS // 3600
    request.session[SIGNED_OUT_REASON] = REASONS[reason].format(hours=hours)


def session_limits(get_response):
    def middleware(request):
        user = request.user
        if user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            if started is None or time.time() - started > settings.OPENCSC_SESSION_MAX_SECONDS:
                _end_session(request, "max_age")
            elif user.access_expires is not None and user.access_expires <= timezone.now():
                _end_session(request, "expired")
        elif SESSION_KEY in request.session:
            # The session names a user the backend no longer lets in: switched off, or their
            # password was changed in another session (Django ties sessions to its hash).
            off = User.objects.filter(pk=request.session[SESSION_KEY], is_active=False).exists()
            _end_session(request, "inactive" if off else "ended")
        return get_response(request)

    return middleware


def _may_open_while_owing(path: str, owed: str) -> bool:
    if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    if owed == twofactor.VERIFY:
        names = ("accounts:logout", "accounts:second-factor")
    else:
        names = ("accounts:logout", "accounts:account", "accounts:two-factor-set-up")
    return path in {reverse(name) for name in names}


def second_factor_gate(get_response):
    def middleware(request):
        owed = request.session.get(twofactor.SESSION_KEY) if request.user.is_authenticated else None
        if owed and not _may_open_while_owing(request.path, owed):
            to = reverse(
                "accounts:second-factor" if owed == twofactor.VERIFY else "accounts:account"
            )
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Give your second factor before using the service.", "next": to},
                    status=403,
                )
            if request.method == "GET" and owed == twofactor.VERIFY:
                # Back to the page asked for once the code is given (checked there, as sign-in does).
                to += "?" + urlencode({"next": request.get_full_path()}, safe="/")
            return redirect(to)
        return get_response(request)

    return middleware


def permissions_policy(get_response):
    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.OPENCSC_PERMISSIONS_POLICY)
        return response

    return middleware
