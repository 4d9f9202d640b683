"""Which roles may open which pages: the role gates, decided in one place.

Which *child* a user may see is decided on top of these, in ``people/access.py``.
"""

from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import Role

TEAM_ROLES = {Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.IRO}
EVERY_CHILD_ROLES = {Role.HEAD_OF_SERVICE, Role.DIRECTOR}


def sees_case_records(user) -> bool:
    """Whether ``user``'s role can ever open a child's record (for menus, not for access)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.INSPECTOR:
        return user.access_expires is None or user.access_expires > timezone.now()
    return user.role in TEAM_ROLES | EVERY_CHILD_ROLES | {Role.TEAM_MANAGER}


RETURNS_ROLES = {Role.PERFORMANCE_ANALYST, Role.HEAD_OF_SERVICE, Role.DIRECTOR}


def can_produce_returns(user) -> bool:
    """Performance analysts and senior leaders produce and check the statutory returns."""
    return bool(user.is_authenticated and user.is_active and user.role in RETURNS_ROLES)


# --- Which roles may open which views -------------------------------------------------------
#
# Every view declares one rule with ``@view_rule(Rule.X)``; the access-matrix test walks the URL
# configuration and fails for a view that declares none, so a new page cannot ship unguarded.
# The rule is the first gate (a role that fails it gets 403); object-level access (which child)
# is then decided by ``get_child_for_user`` / ``visible_children`` inside the view.


class Rule(StrEnum):
    PUBLIC = "public"  # no sign-in needed (sign-in page, health check, API schema)
    SIGNED_IN = "signed_in"  # any active user (home page, sign-out, own account)
    CASE_RECORDS = "case_records"  # roles that open children's records (``sees_case_records``)
    CASE_WRITE = "case_write"  # roles that change children's records (not inspectors)
    RECORD_AUDIT = "record_audit"  # "who has seen this record": managers and leaders
    RETURNS = "returns"  # statutory returns: analysts and leaders
    AGGREGATES = "aggregates"  # counts and pseudonymised lists, no case records: analysts, leaders
    USER_ADMIN = "user_admin"  # managing users: system administrators only
    SUBJECT_ACCESS = "subject_access"  # subject access exports, retention: leaders only


RECORD_AUDIT_ROLES = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.DIRECTOR}
AGGREGATE_ROLES = {Role.PERFORMANCE_ANALYST, Role.HEAD_OF_SERVICE, Role.DIRECTOR}
# No data-protection officer role yet: head of service and director answer subject access requests.
SUBJECT_ACCESS_ROLES = {Role.HEAD_OF_SERVICE, Role.DIRECTOR}


def allows(rule: Rule, user) -> bool:
    """Whether ``user``'s role passes ``rule`` (deny by default: an unknown rule allows no one)."""
    if rule == Rule.PUBLIC:
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if user.access_expires is not None and user.access_expires <= timezone.now():
        return False
    match rule:
        case Rule.SIGNED_IN:
            return True
        case Rule.CASE_RECORDS:
            return sees_case_records(user)
        case Rule.CASE_WRITE:
            return sees_case_records(user) and not user.is_read_only
        case Rule.RECORD_AUDIT:
            return user.role in RECORD_AUDIT_ROLES
        case Rule.RETURNS:
            return can_produce_returns(user)
        case Rule.AGGREGATES:
            return user.role in AGGREGATE_ROLES
        case Rule.USER_ADMIN:
            return user.role == Role.SYSTEM_ADMIN
        case Rule.SUBJECT_ACCESS:
            return user.role in SUBJECT_ACCESS_ROLES
    return False


def view_rule(rule: Rule):
    """Declare and enforce the role gate of a view (function or ``as_view()`` result).

    Anonymous users are sent to sign in by ``LoginRequiredMiddleware`` before this runs, except
    on ``Rule.PUBLIC`` views, which this marks with ``login_not_required``.
    """

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not allows(rule, request.user):
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        guarded.access_rule = rule  # type: ignore[attr-defined]
        if rule == Rule.PUBLIC:
            guarded = login_not_required(guarded)
        return guarded

    return decorate
