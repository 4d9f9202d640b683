"""Sign-in lockout (django-axes): five failures lock a username for 30 minutes."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts import actions
from opencsc.testing import PASSWORD

from .helpers import sign_in

LOCKED = "This account is locked after too many failed sign-ins. Try again after"


def fail(client, username: str, times: int):
    return [sign_in(client, username, "wrong password") for _ in range(times)]


def minutes_between(start: dt.datetime, end: dt.datetime) -> set[str]:
    """Every HH:MM (local time) from ``start`` to ``end``: what a lockout end may be shown as."""
    shown, at = set(), timezone.localtime(start).replace(second=0, microsecond=0)
    while at <= end:
        shown.add(f"{timezone.localtime(at):%H:%M}")
        at += dt.timedelta(minutes=1)
    return shown


@pytest.mark.django_db
def test_four_failures_then_the_right_password_signs_in(client, personas):
    responses = fail(client, "sam", 4)
    assert all(r.status_code == 200 for r in responses)
    assert LOCKED not in responses[-1].content.decode()
    response = sign_in(client, "sam", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.sam.pk)
    # A success clears the count, so four more failures do not lock.
    client.logout()
    assert LOCKED not in fail(client, "sam", 4)[-1].content.decode()


@pytest.mark.django_db
def test_the_fifth_failure_locks_and_says_until_when(client, personas):
    before = timezone.now()
    *_, fifth = fail(client, "sam", 5)
    after = timezone.now()
    page = fifth.content.decode()
    assert fifth.status_code == 429
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in page
    assert LOCKED in page
    assert "or ask a system administrator to unlock it." in page
    cooloff = dt.timedelta(minutes=30)
    shown = page.split(LOCKED, 1)[1].split()[0]
    assert shown in minutes_between(before + cooloff, after + cooloff)
    assert 'value="sam"' in page and "wrong password" not in page


@pytest.mark.django_db
def test_a_locked_account_is_refused_even_with_the_right_password(client, personas):
    fail(client, "sam", 5)
    response = sign_in(client, "sam", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Nor by any other way of authenticating (the test client's login passes no request).
    assert not client.login(username="sam", password=PASSWORD)


@pytest.mark.django_db
def test_trying_again_while_locked_does_not_move_the_time_on(client, personas):
    fail(client, "sam", 5)
    first = AccessAttempt.objects.get(username="sam").attempt_time
    fail(client, "sam", 2)
    assert AccessAttempt.objects.get(username="sam").attempt_time == first


@pytest.mark.django_db
def test_an_unknown_username_is_locked_the_same_way(client, personas):
    """The lockout never tells anyone whether a username exists."""
    known = fail(client, "sam", 5)[-1]
    unknown = fail(client, "nobody-by-this-name", 5)[-1]
    assert known.status_code == unknown.status_code == 429
    assert LOCKED in unknown.content.decode()
    first_four = fail(client, "another-nobody", 4)
    assert all(LOCKED not in r.content.decode() for r in first_four)


@pytest.mark.django_db
def test_other_users_are_not_locked_by_someone_elses_failures(client, personas):
    fail(client, "sam", 5)
    response = sign_in(client, "tara", PASSWORD)
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_lock_ends_after_30_minutes(client, personas):
    fail(client, "sam", 5)
    AccessAttempt.objects.filter(username="sam").update(
        attempt_time=timezone.now() - dt.timedelta(minutes=31)
    )
    response = sign_in(client, "sam", PASSWORD)
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_limit_and_lock_come_from_settings(client, personas, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=5)
    first, second = fail(client, "sam", 2)
    assert first.status_code == 200
    assert second.status_code == 429
    AccessAttempt.objects.filter(username="sam").update(
        attempt_time=timezone.now() - dt.timedelta(minutes=6)
    )
    assert sign_in(client, "sam", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_administrator_unlocks_an_account(client, personas):
    fail(client, "sam", 5)
    actions.unlock_user(by=personas.ada, user=personas.sam)
    assert not AccessAttempt.objects.filter(username="sam").exists()
    assert sign_in(client, "sam", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_failures_are_logged_for_administrators(client, personas):
    fail(client, "sam", 5)
    logged = AccessFailureLog.objects.filter(username="sam")
    assert logged.count() == 5
    assert logged.filter(locked_out=True).count() == 1
    client.force_login(personas.ada)
    page = client.get(reverse("accounts:user-list")).content.decode()
    failures = page.split("Recent failed sign-ins", 1)[1]
    assert failures.count('<td class="govuk-table__cell">sam</td>') == 5
    assert failures.count('<td class="govuk-table__cell">Yes</td>') == 1  # the locking one
