import pytest
from django.test import Client

from opencsc.api import actions


def bearer_client(user, *, name="tests") -> Client:
    """A client that sends ``user``'s new API token (no session, no cookies)."""
    token = actions.issue_token(by=None, user=user, name=name)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token.key}")


@pytest.fixture
def as_user():
    return bearer_client
