"""What the privacy commands share: who is acting, which person, which date."""

import datetime as dt

from django.core.management.base import CommandError

from opencsc.accounts.models import Role, User
from opencsc.accounts.rules import Rule, allows

SYSTEM_USERNAME = "opencsc-privacy"


def acting_user(username: str) -> User:
    """``--by``: a named user whose role answers subject access requests; else the system
    account (inactive, cannot sign in) standing for whoever runs the command on the server."""
    if not username:
        user, _ = User.objects.get_or_create(
            username=SYSTEM_USERNAME,
            defaults={
                "role": Role.SYSTEM_ADMIN,
                "is_active": False,
                "first_name": "Data protection",
                "last_name": "(command line)",
            },
        )
        return user
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--by: no user '{username}'. Give the username of a signed-up user.")
    if not allows(Rule.SUBJECT_ACCESS, user):
        raise CommandError(
            f"--by: {username} ({user.get_role_display()}) does not answer subject access "
            "requests or apply retention. Give an active head of service or director."
        )
    return user


def parse_date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: '{value}' is not a date. Use YYYY-MM-DD.") from None
