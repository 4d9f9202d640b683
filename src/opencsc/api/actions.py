"""The one write path for API tokens: issuing and revoking them.

Run by an operator through ``opencsc api-token`` (``by`` is then ``None``, recorded as the
system). The audit event of an issue holds the token's name, prefix and expiry, never its hash.
"""

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.audit import recording
from opencsc.core.actor import Actor
from opencsc.core.errors import ActionError

from .models import ApiToken

TOKEN_PREFIX = "ocsc_"  # noqa: S105 - marks a string as an opencsc token, not a secret
MAX_DAYS = 366
# What the audit trail records of a token: never its hash.
TOKEN_FIELDS = ("user", "name", "prefix", "expires_at")


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_token(*, by: Actor | None, user: User, name: str, days: int | None = 90) -> ApiToken:
    """A new bearer token for ``user``, usable for ``days`` (``None``: until revoked).

    The raw token is on the returned object as ``key``, this once: only its hash is kept.
    """
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise ActionError(
            "name", "Give the token a name of 1 to 60 characters.", "Say what it is for."
        )
    if not user.is_active:
        raise ActionError(
            "user", f"The account {user.username} is switched off.", "Switch it on first."
        )
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ActionError(
            "days", f"A token lasts 1 to {MAX_DAYS} days.", "Give a number of days in that range."
        )
    if ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
        raise ActionError(
            "name",
            f"{user.username} already has a token named '{name}'.",
            "Revoke it first, or choose another name.",
        )
    expires_at = timezone.now() + dt.timedelta(days=days) if days is not None else None
    if user.access_expires is not None and (expires_at is None or expires_at > user.access_expires):
        expires_at = user.access_expires  # a token never outlives the account's access
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = recording.create(
        ApiToken,
        by=by,
        action="issue_token",
        audit_fields=TOKEN_FIELDS,
        user=user,
        name=name,
        prefix=key[:12],
        key_hash=hash_key(key),
        expires_at=expires_at,
    )
    token.key = key  # type: ignore[attr-defined]  # handed back once, never a field
    return token


@transaction.atomic
def revoke_token(*, by: Actor | None, token: ApiToken) -> ApiToken:
    """Stop ``token`` working, at once and for good."""
    if token.revoked_at is not None:
        raise ActionError(
            "token", f"The token {token.prefix}… is already revoked.", "Nothing to revoke."
        )
    return recording.update(
        token,
        by=by,
        action="revoke_token",
        version=token.version,
        revoked_at=timezone.now(),
    )
