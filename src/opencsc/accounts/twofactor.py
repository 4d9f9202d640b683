"""The optional second factor: a TOTP app (django-otp), asked for after the password.

At sign-in (``signals.on_sign_in``) the session records what the user still owes:

- ``VERIFY``: they have a confirmed device, so they must give its current 6-digit code;
- ``SET_UP``: their role is in ``OPENCSC_REQUIRE_TOTP_ROLES`` and they have no device yet.

Until that is done ``middleware.second_factor_gate`` lets them open only the pages that do it
(and sign out). The flag lives server-side in the session, so checking it costs no query.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_KEY = "opencsc_second_factor"
VERIFY = "verify"
SET_UP = "set_up"


def role_requires_totp(user) -> bool:
    return user.role in settings.OPENCSC_REQUIRE_TOTP_ROLES


def confirmed_device(user) -> TOTPDevice | None:
    return next(iter(devices_for_user(user, confirmed=True)), None)


def unconfirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def owed_at_sign_in(user) -> str | None:
    """What ``user`` must do before anything else: VERIFY, SET_UP or nothing."""
    if confirmed_device(user) is not None:
        return VERIFY
    if role_requires_totp(user):
        return SET_UP
    return None


def qr_svg(uri: str) -> SafeString:
    """``uri`` as a QR code, an inline SVG (no image request, nothing sent to a third party)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=4,
        border=4,
        dark="#0b0c0c",
        light="#ffffff",
        title="QR code to scan with your authenticator app",
    )
    # segno's own output: the URI is encoded as modules, never echoed into the markup.
    return mark_safe(svg)  # noqa: S308


def secret_for_typing(device: TOTPDevice) -> str:
    """The device's secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def verify_sign_in(user, token: str) -> TOTPDevice | str:
    """The device that accepts ``token`` at sign-in, or the error to show.

    A wrong code counts towards django-otp's throttle (each failure doubles the wait before the
    next try), kept even though the sign-in goes no further.
    """
    token = (token or "").replace(" ", "")
    if not token.isdigit() or len(token) != 6:
        return "Enter the 6-digit code from your authenticator app"
    device = confirmed_device(user)
    if device is None:
        return "There is no authenticator app set up for this account"
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return "Too many wrong codes have been entered. Wait a minute, then try again"
    if not device.verify_token(token):
        return "The code is not right, or has expired. Enter the code your app shows now"
    return device
