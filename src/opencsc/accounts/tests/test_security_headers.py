"""Every page carries the security headers, and its inline scripts the CSP nonce."""

import re

import pytest
from django.urls import reverse

from .helpers import LOGIN


def csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["sign-in page", "home page"])
def test_pages_carry_the_security_headers(client, personas, signed_in):
    if signed_in:
        client.force_login(personas.sam)
    response = client.get(reverse("home") if signed_in else LOGIN)
    assert response.status_code == 200
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "http" not in response["Content-Security-Policy"]  # no other site, no CDN
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_every_inline_script_carries_this_responses_nonce(client):
    response = client.get(LOGIN)
    nonces = [v for v in csp(response)["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert len(scripts) == 2  # GOV.UK Frontend's js-enabled snippet and initAll
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag
    # A fresh nonce on every response.
    assert csp(client.get(LOGIN))["script-src"] != csp(response)["script-src"]


@pytest.mark.django_db
def test_the_session_and_csrf_cookies_are_http_only_or_same_site(client, settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"
    response = client.get(LOGIN)
    assert response.cookies["csrftoken"]["samesite"] == "Lax"
