"""Bearer tokens for the API (``Authorization: Bearer ocsc_…``), beside the session cookie.

A token signs in as its user, with that user's role and access, exactly as the UI would: the
role gate (``opencsc.accounts.rules.allows``) and object access (``visible_children``) are checked
on every request, so switching an account off, or its access expiring, stops its tokens too.
"""

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .actions import hash_key
from .models import ApiToken

KEYWORD = "Bearer"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None  # not ours: let the session try
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as 'Authorization: Bearer <token>', with no spaces in the token."
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("That token is not valid.") from None
        token = (
            ApiToken.objects.usable().select_related("user").filter(key_hash=hash_key(key)).first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(
                "That token is not valid: it may have expired or been revoked. "
                "Ask your system administrator for a new one."
            )
        expires = token.user.access_expires
        if expires is not None and expires <= timezone.now():
            raise exceptions.AuthenticationFailed(
                "This account's access has ended. Ask your system administrator."
            )
        return token.user, token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "opencsc.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token issued by `opencsc api-token USERNAME`.",
        }
