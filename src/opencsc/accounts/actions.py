"""The one write path for user accounts: creating them, roles, switching off, unlock, 2FA.

Managing other people's accounts is for system administrators (``Rule.USER_ADMIN``); setting
up or removing one's own second factor is for the user themselves. Every change writes its
AuditEvent in the same transaction, never with a password hash or a TOTP secret in it.

An administrator manages accounts but never reads case records, so they cannot give
themselves a role that does: they cannot change their own role, and cannot switch off their
own account either (a service with no administrator cannot be managed).
"""

import datetime as dt
import re
from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencsc.accounts.rules import Rule, allows
from opencsc.audit import recording
from opencsc.core.checks import check_choice, require
from opencsc.core.errors import ActionError

from . import twofactor
from .lockout import locked_until
from .models import Role, User

# Inspectors' access is time-limited: an inspection is weeks, not months.
INSPECTOR_MAX_DAYS = 90
# What the audit trail records of a user: never the password hash or last sign-in.
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "is_active",
    "access_expires",
)
DEVICE_FIELDS = ("user", "name", "confirmed")
USERNAME = re.compile(r"^[\w.@+-]{2,150}$")
CODE = re.compile(r"^\d{6}$")


def _require_admin(by: User) -> None:
    if not allows(Rule.USER_ADMIN, by):
        raise PermissionDenied("Only a system administrator can manage user accounts.")


def _check_access_expires(role: str, access_expires: dt.datetime | None) -> None:
    now = timezone.now()
    if role == Role.INSPECTOR and access_expires is None:
        raise ActionError(
            "access_expires",
            "Enter the date an inspector's access ends.",
            f"Inspectors' access is time-limited: at most {INSPECTOR_MAX_DAYS} days from today.",
        )
    if access_expires is None:
        return
    if access_expires <= now:
        raise ActionError(
            "access_expires", "The date access ends must be in the future.", "Enter a later date."
        )
    if role == Role.INSPECTOR and access_expires > now + dt.timedelta(days=INSPECTOR_MAX_DAYS + 1):
        latest = timezone.localdate() + dt.timedelta(days=INSPECTOR_MAX_DAYS)
        raise ActionError(
            "access_expires",
            f"An inspector's access can last at most {INSPECTOR_MAX_DAYS} days.",
            f"Enter a date on or before {latest:%d/%m/%Y}.",
        )


@transaction.atomic
def create_user(
    *,
    by: User,
    username: str,
    first_name: str,
    last_name: str,
    role: str,
    password: str,
    email: str = "",
    access_expires: dt.datetime | None = None,
) -> User:
    """A new account with an initial ``password`` (checked by ``AUTH_PASSWORD_VALIDATORS``)."""
    _require_admin(by)
    username = (username or "").strip()
    require(username, "username", "username")
    if not USERNAME.match(username):
        raise ActionError(
            "username",
            "A username can only have letters, numbers and the characters . @ + - _",
            "Use 2 to 150 of them, with no spaces.",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ActionError("username", f"The username '{username}' is taken.", "Choose another.")
    require((first_name or "").strip(), "first_name", "first name")
    require((last_name or "").strip(), "last_name", "last name")
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ActionError(
                "email", "Enter an email address in the correct format.", "Like name@example.org."
            ) from None
    check_choice(role, Role, "role", "role")
    _check_access_expires(role, access_expires)
    details: dict[str, Any] = {
        "username": username,
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "email": email,
        "role": role,
        "access_expires": access_expires,
    }
    try:
        validate_password(password, user=User(**details))
    except ValidationError as error:
        raise ActionError(
            "password", " ".join(error.messages), "Choose a longer, less guessable password."
        ) from None
    return recording.create(
        User,
        by=by,
        action="create_user",
        audit_fields=USER_FIELDS,
        password=make_password(password),
        **details,
    )


@transaction.atomic
def change_role(
    *, by: User, user: User, role: str, access_expires: dt.datetime | None = None
) -> User:
    """Give ``user`` ``role``, with the date their access ends (required for inspectors)."""
    _require_admin(by)
    if user.pk == by.pk:
        raise ActionError(
            "role",
            "You cannot change your own role.",
            "Ask another system administrator: no one grants themselves access to records.",
        )
    check_choice(role, Role, "role", "role")
    _check_access_expires(role, access_expires)
    if role == user.role and access_expires == user.access_expires:
        raise ActionError("role", f"{user} already has this role and end date.", "Change one.")
    return recording.update(
        user, by=by, action="change_role", role=role, access_expires=access_expires
    )


@transaction.atomic
def deactivate_user(*, by: User, user: User) -> User:
    """Switch ``user``'s account off: they are signed out at their next request."""
    _require_admin(by)
    if user.pk == by.pk:
        raise ActionError(
            "user", "You cannot switch off your own account.", "Ask another system administrator."
        )
    if not user.is_active:
        raise ActionError("user", f"{user}'s account is already switched off.", "")
    return recording.update(user, by=by, action="deactivate_user", is_active=False)


@transaction.atomic
def reactivate_user(*, by: User, user: User) -> User:
    _require_admin(by)
    if user.is_active:
        raise ActionError("user", f"{user}'s account is already switched on.", "")
    if user.access_expires is not None and user.access_expires <= timezone.now():
        raise ActionError(
            "access_expires",
            f"{user}'s access ended on {timezone.localtime(user.access_expires):%d/%m/%Y}.",
            "Change their role and access end date first.",
        )
    return recording.update(user, by=by, action="reactivate_user", is_active=True)


@transaction.atomic
def unlock_user(*, by: User, user: User) -> User:
    """Clear the failed sign-ins that locked ``user`` (django-axes' records of them)."""
    _require_admin(by)
    if locked_until(user.username) is None:
        raise ActionError("user", f"{user}'s account is not locked.", "")
    for attempt in AccessAttempt.objects.filter(username=user.username):
        recording.update(attempt, by=by, action="unlock_user", failures_since_start=0)
    AccessAttempt.objects.filter(username=user.username).delete()
    return user


def _remove_devices(*, by: User, user: User, action: str) -> None:
    for device in TOTPDevice.objects.filter(user=user):
        # The audit event says the device stopped counting; the row (and its secret) then goes.
        if device.confirmed:
            recording.update(device, by=by, action=action, confirmed=False)
        device.delete()


@transaction.atomic
def reset_second_factor(*, by: User, user: User) -> User:
    """Remove ``user``'s authenticator app (lost phone): they set one up again after signing in."""
    _require_admin(by)
    if twofactor.confirmed_device(user) is None:
        raise ActionError("user", f"{user} has no second factor set up.", "")
    _remove_devices(by=by, user=user, action="reset_second_factor")
    return user


# --- one's own account -------------------------------------------------------------------------


@transaction.atomic
def change_password(*, by: User, password: str) -> User:
    """``by`` chooses a new password (checked by ``AUTH_PASSWORD_VALIDATORS``).

    The audit event records when, never the password or its hash. Other sessions of the user
    end (Django ties sessions to the password hash).
    """
    try:
        validate_password(password, user=by)
    except ValidationError as error:
        raise ActionError(
            "new_password1", " ".join(error.messages), "Choose a longer, less guessable password."
        ) from None
    # The trail says when the password changed, never its hash.
    return recording.update(
        by,
        by=by,
        action="change_password",
        audit_fields=["password_changed_at"],
        password=make_password(password),
        password_changed_at=timezone.now(),
    )


# --- one's own second factor --------------------------------------------------------------------


def _check_code(token: str) -> str:
    token = (token or "").replace(" ", "")
    if not CODE.match(token):
        raise ActionError(
            "token",
            "Enter the 6-digit code from your authenticator app.",
            "The code is 6 numbers, like 123456.",
        )
    return token


def _verify(device: TOTPDevice, token: str) -> None:
    """Check ``token`` outside any transaction, so django-otp's count of wrong codes (which
    slows down guessing) is kept even though the action is then refused."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise ActionError(
            "token", "Too many wrong codes have been entered.", "Wait a minute, then try again."
        )
    if not device.verify_token(token):
        raise ActionError(
            "token",
            "The code is not right, or has expired.",
            "Enter the code your app shows now (codes change every 30 seconds).",
        )


@transaction.atomic
def start_totp_setup(*, by: User) -> TOTPDevice:
    """A new, unconfirmed authenticator device for ``by`` (kept if they have one already)."""
    if twofactor.confirmed_device(by) is not None:
        raise ActionError(
            "token", "You already have a second factor set up.", "Remove it first to change it."
        )
    device = twofactor.unconfirmed_device(by)
    if device is not None:
        return device
    return recording.create(
        TOTPDevice,
        by=by,
        action="start_totp_setup",
        audit_fields=DEVICE_FIELDS,
        user=by,
        name="Authenticator app",
        confirmed=False,
    )


def confirm_totp_setup(*, by: User, token: str) -> TOTPDevice:
    """Confirm ``by``'s new device with a code from it: from then on, sign-in asks for one."""
    token = _check_code(token)
    device = twofactor.unconfirmed_device(by)
    if device is None:
        raise ActionError("token", "There is no set-up in progress.", "Start setting it up again.")
    _verify(device, token)
    with transaction.atomic():
        return recording.update(device, by=by, action="confirm_totp_setup", confirmed=True)


def remove_totp(*, by: User, token: str) -> User:
    """Remove ``by``'s own second factor, proved with a current code from it."""
    token = _check_code(token)
    device = twofactor.confirmed_device(by)
    if device is None:
        raise ActionError("token", "You have no second factor set up.", "")
    if twofactor.role_requires_totp(by):
        raise ActionError(
            "token",
            f"A {by.get_role_display().lower()} must have a second factor.",
            "To move it to a new phone, ask a system administrator to reset it.",
        )
    _verify(device, token)
    with transaction.atomic():
        _remove_devices(by=by, user=by, action="remove_totp")
    return by
