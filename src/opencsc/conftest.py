import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test databases, and on PostgreSQL no session left on them when they are dropped.

    Live-server and background-worker threads open their own connections, which Django closes
    only in its own thread; left open, they make DROP DATABASE fail at the end of the run and the
    test database is left behind for the next run to clear.
    """
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor != "postgresql":
                continue
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            connection.close()


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
