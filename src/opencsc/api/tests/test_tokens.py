"""Bearer tokens: issued by ``opencsc api-token``, kept only as a hash, revocable, audited."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from opencsc.api import actions
from opencsc.api.models import ApiToken
from opencsc.audit.models import AuditEvent
from opencsc.core.errors import ActionError


def run(*args) -> str:
    out = io.StringIO()
    call_command("api-token", *args, stdout=out)
    return out.getvalue()


def lily_url(personas):
    return f"/api/v1/children/{personas.lily.pk}/"


def test_the_command_issues_a_token_that_signs_in_as_the_user(personas):
    output = run("sam", "--name", "case sync")
    key = output.strip().splitlines()[-1]
    assert key.startswith("ocsc_")
    token = ApiToken.objects.get(user=personas.sam)
    assert token.key_hash == actions.hash_key(key) and key not in token.key_hash
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(lily_url(personas))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="issue_token")
    assert event.actor is None  # issued by an operator at the server
    assert set(event.changes) == {"user", "name", "prefix", "expires_at"}
    assert key not in str(event.changes) and token.key_hash not in str(event.changes)


def test_a_revoked_token_stops_working_at_once(personas):
    key = run("sam").strip().splitlines()[-1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(lily_url(personas)).status_code == 200
    assert "Revoked" in run("sam", "--revoke", key[:12])
    response = client.get(lily_url(personas))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    assert AuditEvent.objects.filter(action="revoke_token").count() == 1
    assert "revoked" in run("sam", "--list")


def test_revoke_all_and_unknown_users_and_prefixes(personas):
    run("sam", "--name", "one")
    run("sam", "--name", "two")
    assert "Revoked 2 token(s)" in run("sam", "--revoke-all")
    assert not ApiToken.objects.usable().exists()
    with pytest.raises(CommandError, match="No user"):
        run("nobody")
    with pytest.raises(CommandError, match="no live token"):
        run("sam", "--revoke", "ocsc_zzzz")


def test_an_expired_token_and_a_garbled_header_are_refused(personas):
    token = actions.issue_token(by=None, user=personas.sam, name="short")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {token.key}").get(lily_url(personas)).status_code == 401
    )
    for header in ("Bearer", "Bearer a b", "Bearer ocsc_wrong", "Bearer \u00e9t\u00e9"):
        assert Client(HTTP_AUTHORIZATION=header).get(lily_url(personas)).status_code == 401


def test_a_token_stops_when_the_account_is_switched_off(personas):
    token = actions.issue_token(by=None, user=personas.sam, name="t")
    personas.sam.is_active = False
    personas.sam.save()
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {token.key}").get(lily_url(personas)).status_code == 401
    )


def test_an_inspectors_token_ends_with_their_access(personas):
    token = actions.issue_token(by=None, user=personas.ines, name="inspection", days=366)
    assert token.expires_at == personas.ines.access_expires


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"name": ""}, "name"), ({"name": "x" * 61}, "name"), ({"name": "t", "days": 0}, "days")],
)
def test_issuing_refuses_bad_input_naming_the_field(personas, kwargs, field):
    with pytest.raises(ActionError) as caught:
        actions.issue_token(by=None, user=personas.sam, **kwargs)
    assert caught.value.field == field
    assert not ApiToken.objects.exists()


def test_two_live_tokens_cannot_share_a_name(personas):
    actions.issue_token(by=None, user=personas.sam, name="sync")
    with pytest.raises(CommandError, match="already has a token named"):
        run("sam", "--name", "sync")
