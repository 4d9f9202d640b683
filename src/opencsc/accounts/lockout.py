"""Sign-in lockout, read from django-axes' records (``settings.AXES_*``).

Axes counts failed sign-ins per username (``AXES_LOCKOUT_PARAMETERS = ["username"]``): each
failure within ``AXES_COOLOFF_TIME`` of the one before adds to the count, and at
``AXES_FAILURE_LIMIT`` the username is refused until ``AXES_COOLOFF_TIME`` after the last
failure. Usernames that do not exist are counted and locked the same way, so a lockout message
never tells anyone which usernames exist.
"""

import datetime as dt
from collections.abc import Iterable

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def _recent_attempts():
    return AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )


def locked_until(username: str | None) -> dt.datetime | None:
    """When ``username``'s lockout ends, or ``None`` if it is not locked."""
    if not username:
        return None
    found = (
        _recent_attempts()
        .filter(username=username)
        .aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    if (found["failures"] or 0) < settings.AXES_FAILURE_LIMIT:
        return None
    return found["last"] + settings.AXES_COOLOFF_TIME


def locked_usernames(usernames: Iterable[str] | None = None) -> dict[str, dt.datetime]:
    """{username: lockout end} for every locked username (of ``usernames``), in one query."""
    attempts = _recent_attempts()
    if usernames is not None:
        attempts = attempts.filter(username__in=list(usernames))
    rows = (
        attempts.values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"]: row["last"] + settings.AXES_COOLOFF_TIME for row in rows}
