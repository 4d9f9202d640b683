"""Sessions end 12 hours after sign-in however busy, and at once for a switched-off account."""

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts import actions
from opencsc.accounts.signals import SIGNED_IN_AT
from opencsc.testing import PASSWORD

from .helpers import LOGIN, sign_in

HOME = reverse("home")


def signed_in_ago(client, seconds: float) -> None:
    session = client.session
    session[SIGNED_IN_AT] = time.time() - seconds
    session.save()


def assert_signed_out(client, response, reason: str) -> None:
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    assert reason in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_signing_in_records_when(client, personas):
    before = time.time()
    sign_in(client, "sam", PASSWORD)
    assert before <= client.session[SIGNED_IN_AT] <= time.time()


@pytest.mark.django_db
def test_a_session_within_the_limit_carries_on(client, personas):
    sign_in(client, "sam", PASSWORD)
    signed_in_ago(client, 11 * 60 * 60)
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_a_session_ends_12_hours_after_sign_in_however_active(client, personas):
    sign_in(client, "sam", PASSWORD)
    signed_in_ago(client, 12 * 60 * 60 + 1)
    assert_signed_out(client, client.get(HOME), "you signed in more than 12 hours ago")
    # Shown once only.
    assert "12 hours ago" not in client.get(LOGIN).content.decode()


@pytest.mark.django_db
def test_the_limit_comes_from_settings(client, personas, settings):
    settings.OPENCSC_SESSION_MAX_SECONDS = 60
    sign_in(client, "sam", PASSWORD)
    signed_in_ago(client, 61)
    assert_signed_out(client, client.get(HOME), "You have been signed out")


@pytest.mark.django_db
def test_a_switched_off_account_is_signed_out_at_its_next_request(client, personas):
    sign_in(client, "sam", PASSWORD)
    assert client.get(HOME).status_code == 200
    actions.deactivate_user(by=personas.ada, user=personas.sam)
    assert_signed_out(client, client.get(HOME), "this account has been switched off")
    assert sign_in(client, "sam", PASSWORD).status_code == 200  # and cannot sign in again


@pytest.mark.django_db
def test_an_inspector_is_signed_out_when_their_access_ends(client, personas):
    sign_in(client, "ines", PASSWORD)
    assert client.get(HOME).status_code == 200
    type(personas.ines).objects.filter(pk=personas.ines.pk).update(
        access_expires=timezone.now() - dt.timedelta(minutes=1)
    )
    assert_signed_out(client, client.get(HOME), "this account&#x27;s access has ended")


@pytest.mark.django_db
def test_idle_expiry_is_still_django_s(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


@pytest.mark.django_db
def test_changing_the_password_ends_the_other_sessions(client, personas):
    from django.test import Client

    other = Client()
    sign_in(other, "sam", PASSWORD)
    actions.change_password(by=personas.sam, password="a-brand-new-long-password")
    response = other.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert "_auth_user_id" not in other.session


@pytest.mark.django_db
def test_a_removed_account_is_signed_out(client, personas):
    user = actions.create_user(
        by=personas.ada,
        username="temp",
        first_name="Tem",
        last_name="Porary",
        role="iro",
        password="a-long-enough-test-password",
    )
    sign_in(client, "temp", "a-long-enough-test-password")
    type(user).objects.filter(pk=user.pk).delete()
    assert_signed_out(client, client.get(HOME), "You have been signed out. Sign in again.")
