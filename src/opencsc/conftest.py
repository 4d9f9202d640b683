import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Tests hash passwords with MD5: Argon2 (production) costs ~0.3 s a user, seconds a test.
    A test of the production hashing sets PASSWORD_HASHERS back itself."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db):
    """The named personas of ``opencsc.testing`` (Sam, Tara, Imran, Pat, Olly, Alex, Hana, Ines,
    Ada) and Lily, Sam's child."""
    from opencsc.testing import build_personas

    return build_personas()
