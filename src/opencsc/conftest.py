import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

# The day a test that needs "today" runs on, whatever the machine's clock says: a Monday late in
# the 2027 collection year, after every fixed date the tests record. Synthetic councils end here.
PINNED_TODAY = dt.date(2026, 11, 30)


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


@pytest.fixture
def access_world(db):
    """The access world of ``opencsc.testing``: a user for each edge of the rules of who sees
    which child, and six children (``VISIBLE`` says who sees which)."""
    from opencsc.testing import build_access_world

    return build_access_world()


@pytest.fixture(scope="module")
def today():
    """The one way a test asks for today: the clock is moved to 10:00 (London) on
    ``PINNED_TODAY`` and ticks on from there; the fixture returns that date.

    Module-scoped, so that a synthetic council generated once for a module (through actions that
    refuse dates after today) and the tests that read it see the same day. The rest of that module
    runs on the moved clock too. A test that only needs "after today" or "before now" may use the
    real clock; a test whose outcome depends on which day it is must ask for this.
    """
    moment = dt.datetime.combine(PINNED_TODAY, dt.time(10), tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=True):
        yield PINNED_TODAY


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium, one per test module: starting it costs a second or two a test."""
    from opencsc.core.tests.browser import launch

    with launch() as browser:
        yield browser


@pytest.fixture
def page(chromium):
    """A page of its own (fresh cookies) with axe-core on every document; see
    ``core/tests/browser.py``. A module that defines its own ``page`` keeps it."""
    from opencsc.core.tests.browser import new_page

    pg = new_page(chromium)
    yield pg
    pg.context.close()
