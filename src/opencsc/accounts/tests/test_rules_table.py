"""Which role passes which rule, written out by hand: every Role against every Rule.

The access matrix (``test_access_matrix.py``) asks ``allows()`` what to expect from each URL; this
table is what ``allows()`` itself must answer, so a change to a role's reach shows up here as a
changed row that a reviewer can read. A new Role or Rule fails ``test_the_table_covers_...``
until it has its row or column.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from opencsc.accounts.models import Role, User
from opencsc.accounts.rules import Rule, allows

COLUMNS = (
    Rule.PUBLIC,
    Rule.SIGNED_IN,
    Rule.CASE_RECORDS,
    Rule.CASE_WRITE,
    Rule.RECORD_AUDIT,
    Rule.RETURNS,
    Rule.AGGREGATES,
    Rule.USER_ADMIN,
    Rule.SUBJECT_ACCESS,
)
Y, n = True, False

# fmt: off
TABLE = {
    #                          PUBLIC SIGNED CASE  WRITE AUDIT RETURN AGGR  USERS SAR
    Role.SOCIAL_WORKER:       (Y,     Y,     Y,    Y,    n,    n,     n,    n,    n),
    Role.TEAM_MANAGER:        (Y,     Y,     Y,    Y,    Y,    n,     n,    n,    n),
    Role.IRO:                 (Y,     Y,     Y,    Y,    n,    n,     n,    n,    n),
    Role.PERSONAL_ADVISER:    (Y,     Y,     Y,    Y,    n,    n,     n,    n,    n),
    Role.PERFORMANCE_ANALYST: (Y,     Y,     n,    n,    n,    Y,     Y,    n,    n),
    Role.HEAD_OF_SERVICE:     (Y,     Y,     Y,    Y,    Y,    Y,     Y,    n,    Y),
    Role.DIRECTOR:            (Y,     Y,     Y,    Y,    Y,    Y,     Y,    n,    Y),
    Role.SYSTEM_ADMIN:        (Y,     Y,     n,    n,    n,    n,     n,    Y,    n),
    Role.INSPECTOR:           (Y,     Y,     Y,    n,    n,    n,     n,    n,    n),
}
# Whoever cannot sign in passes only the public rule, whatever their role.
NOBODY = (Y, n, n, n, n, n, n, n, n)
# fmt: on


def user(role: str, **extra) -> User:
    """An unsaved user: ``allows()`` reads only the role and the account's state."""
    extra.setdefault("is_active", True)
    if role == Role.INSPECTOR:
        extra.setdefault("access_expires", timezone.now() + dt.timedelta(days=30))
    return User(username=role, role=role, **extra)


def answers(someone) -> tuple[bool, ...]:
    return tuple(allows(rule, someone) for rule in COLUMNS)


def test_the_table_covers_every_role_and_every_rule():
    assert set(TABLE) == set(Role)
    assert set(COLUMNS) == set(Rule) and len(COLUMNS) == len(Rule)
    assert all(len(row) == len(COLUMNS) for row in TABLE.values())


@pytest.mark.parametrize("role", list(TABLE))
def test_each_role_passes_exactly_its_rules(role):
    assert answers(user(role)) == TABLE[role]


@pytest.mark.parametrize("role", list(TABLE))
def test_a_switched_off_account_passes_only_public_pages(role):
    assert answers(user(role, is_active=False)) == NOBODY


@pytest.mark.parametrize("role", list(TABLE))
def test_an_expired_account_passes_only_public_pages(role):
    expired = user(role, access_expires=timezone.now() - dt.timedelta(minutes=1))
    assert answers(expired) == NOBODY


def test_an_anonymous_visitor_passes_only_public_pages():
    assert answers(AnonymousUser()) == NOBODY
