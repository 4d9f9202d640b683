"""The optional second factor: setting it up, signing in with it, removing it. Real codes."""

from base64 import b32encode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencsc.accounts import actions
from opencsc.core.errors import ActionError
from opencsc.testing import PASSWORD

from .helpers import code, set_up_totp, sign_in

HOME = reverse("home")
ACCOUNT = reverse("accounts:account")
SET_UP = reverse("accounts:two-factor-set-up")
CODE_PAGE = reverse("accounts:second-factor")
SEARCH = reverse("people:person-search")


@pytest.fixture
def no_throttle(settings):
    """django-otp doubles the wait after each wrong code; tests that retry at once switch it off."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.mark.django_db
def test_a_user_sets_up_an_app_from_their_account_page(client, personas):
    client.force_login(personas.sam)
    page = client.get(ACCOUNT).content.decode()
    assert "Set up two-factor authentication" in page

    assert client.post(SET_UP, {"start": "1"}).url == SET_UP
    device = TOTPDevice.objects.get(user=personas.sam)
    assert not device.confirmed
    page = client.get(SET_UP).content.decode()
    secret = b32encode(device.bin_key).decode()
    assert "<svg" in page and "<img" not in page  # the QR code is inline, no image request
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert f"otpauth://totp/opencsc%3Asam?secret={secret}" in page

    response = client.post(SET_UP, {"token": code(device)})
    assert response.url == ACCOUNT
    device.refresh_from_db()
    assert device.confirmed
    assert "Two-factor authentication is set up." in client.get(ACCOUNT).content.decode()


@pytest.mark.django_db
def test_a_wrong_code_does_not_confirm_the_app(client, personas):
    client.force_login(personas.sam)
    client.post(SET_UP, {"start": "1"})
    device = TOTPDevice.objects.get(user=personas.sam)
    wrong = f"{(int(code(device)) + 1) % 1000000:06d}"
    page = client.post(SET_UP, {"token": wrong}).content.decode()
    assert '<a href="#id_token">The code is not right, or has expired.' in page
    page = client.post(SET_UP, {"token": "12ab"}).content.decode()
    assert "Enter the 6-digit code from your authenticator app" in page
    device.refresh_from_db()
    assert not device.confirmed


@pytest.mark.django_db
def test_sign_in_asks_for_the_code_and_nothing_opens_until_it_is_given(
    client, personas, no_throttle
):
    device = set_up_totp(personas.sam)
    response = sign_in(client, "sam", PASSWORD)
    assert response.status_code == 302
    assert client.get(response.url).url.startswith(CODE_PAGE)
    for path in (HOME, SEARCH, reverse("people:person-detail", args=[personas.lily.pk]), ACCOUNT):
        blocked = client.get(path)
        assert blocked.status_code == 302, path
        assert blocked.url.startswith(CODE_PAGE), path
    assert client.get(CODE_PAGE).status_code == 200

    page = client.post(CODE_PAGE, {"token": "000000" if code(device, 1) != "000000" else "111111"})
    assert "The code is not right, or has expired" in page.content.decode()
    assert client.get(HOME).url.startswith(CODE_PAGE)

    # The code used to confirm the app cannot be replayed: the next one is asked for.
    response = client.post(CODE_PAGE, {"token": code(device, drift=1)})
    assert response.url == HOME
    assert client.get(HOME).status_code == 200
    assert client.get(SEARCH).status_code == 200


@pytest.mark.django_db
def test_the_code_page_returns_to_the_page_asked_for(client, personas):
    device = set_up_totp(personas.sam)
    sign_in(client, "sam", PASSWORD, next=SEARCH)
    blocked = client.get(SEARCH)
    assert blocked.url == f"{CODE_PAGE}?next={SEARCH}"
    response = client.post(CODE_PAGE, {"token": code(device, drift=1), "next": SEARCH})
    assert response.url == SEARCH
    evil = client.post(CODE_PAGE, {"token": code(device, drift=1), "next": "https://evil.example/"})
    assert evil.url == HOME  # already verified: straight on, never off-site


@pytest.mark.django_db
def test_a_user_without_an_app_signs_in_with_the_password_alone(client, personas):
    response = sign_in(client, "sam", PASSWORD)
    assert client.get(response.url).status_code == 200
    assert client.get(CODE_PAGE).url == HOME


@pytest.mark.django_db
def test_a_role_that_must_have_it_is_sent_to_set_it_up(client, personas, settings):
    settings.OPENCSC_REQUIRE_TOTP_ROLES = frozenset({"social_worker"})
    sign_in(client, "sam", PASSWORD)
    assert client.get(HOME).url == ACCOUNT
    assert client.get(SEARCH).url == ACCOUNT
    page = client.get(ACCOUNT).content.decode()
    assert "A social worker must use two-factor authentication. Set it up to continue." in page
    client.post(SET_UP, {"start": "1"})
    device = TOTPDevice.objects.get(user=personas.sam)
    client.post(SET_UP, {"token": code(device)})
    assert client.get(HOME).status_code == 200
    # Other roles are not asked.
    client.logout()
    sign_in(client, "tara", PASSWORD)
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_a_role_that_must_have_it_cannot_remove_it(personas, settings):
    device = set_up_totp(personas.sam)
    settings.OPENCSC_REQUIRE_TOTP_ROLES = frozenset({"social_worker"})
    with pytest.raises(ActionError) as refused:
        actions.remove_totp(by=personas.sam, token=code(device, drift=1))
    assert refused.value.field == "token"
    assert "must have a second factor" in refused.value.text


@pytest.mark.django_db
def test_a_user_removes_their_app_with_a_current_code(client, personas, no_throttle):
    device = set_up_totp(personas.sam)
    client.force_login(personas.sam)
    client.post(CODE_PAGE, {"token": code(device, drift=1)})
    remove = reverse("accounts:two-factor-remove")
    page = client.post(remove, {"token": "99999"}).content.decode()
    assert "Enter the 6-digit code from your authenticator app" in page
    assert TOTPDevice.objects.filter(user=personas.sam, confirmed=True).exists()
    response = client.post(remove, {"token": code(device, drift=2)})
    assert response.url == ACCOUNT
    assert not TOTPDevice.objects.filter(user=personas.sam).exists()
    client.logout()
    assert client.get(sign_in(client, "sam", PASSWORD).url).status_code == 200


@pytest.mark.django_db
def test_wrong_codes_at_sign_in_are_slowed_down(client, personas):
    device = set_up_totp(personas.sam)
    sign_in(client, "sam", PASSWORD)
    client.post(CODE_PAGE, {"token": "000000" if code(device, 1) != "000000" else "111111"})
    # The right code straight after a wrong one waits for django-otp's back-off.
    page = client.post(CODE_PAGE, {"token": code(device, drift=1)}).content.decode()
    assert "Too many wrong codes have been entered" in page
    assert client.get(HOME).url.startswith(CODE_PAGE)


@pytest.mark.django_db
def test_an_administrator_resets_a_lost_app(client, personas):
    set_up_totp(personas.sam)
    client.force_login(personas.ada)
    detail = reverse("accounts:user-detail", args=[personas.sam.pk])
    assert "Reset two-factor authentication" in client.get(detail).content.decode()
    response = client.post(reverse("accounts:user-reset-second-factor", args=[personas.sam.pk]))
    assert response.url == detail
    assert not TOTPDevice.objects.filter(user=personas.sam).exists()
    client.logout()
    assert client.get(sign_in(client, "sam", PASSWORD).url).status_code == 200


@pytest.mark.django_db
def test_the_api_gets_a_403_not_a_redirect_while_the_code_is_owed(client, personas):
    set_up_totp(personas.sam)
    sign_in(client, "sam", PASSWORD)
    response = client.get("/api/children/")
    assert response.status_code == 403
    assert response.json()["next"] == CODE_PAGE
