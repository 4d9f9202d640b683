"""Shared steps for the accounts tests: signing in through the real form, real TOTP codes."""

from django.urls import reverse
from django_otp.oath import totp

from opencsc.accounts import actions

LOGIN = reverse("accounts:login")


def sign_in(client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def code(device, drift: int = 0) -> str:
    """The device's code now (``drift`` steps of 30 s later), as an authenticator app shows it."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:0{device.digits}d}"


def set_up_totp(user):
    """Give ``user`` a confirmed authenticator device, through the actions; returns it."""
    device = actions.start_totp_setup(by=user)
    return actions.confirm_totp_setup(by=user, token=code(device))
