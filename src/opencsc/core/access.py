"""Who may see which child: the one place that decides it.

Every view about a child starts with ``get_child_for_user``; every list of children starts from
``visible_children``. Deny by default: a role not named below sees nothing.

- Social worker, personal adviser, IRO (independent reviewing officer): children with an open
  allocation to any worker in their own team.
- Team manager: children with an open allocation to a worker in their team or any team below it.
- Head of service, director: every child.
- Inspector: every child (read-only), until ``access_expires``.
- Performance analyst, system administrator: no case records (they work from returns and
  dashboards, which hold no case notes).
- Anyone inactive, or a casework role with no linked (current) worker: nothing.

A restricted record (``Person.restricted``) is further limited to the users named for it in
``people.RestrictedAccess``: being named is needed on top of the rule above, never instead of it.

"Team" is the allocated worker's current team, not ``Allocation.team``: when a worker moves team
the children they still hold move with them, and the team that now supervises the work sees them.
"""

from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.audit.log import record_access
from opencsc.audit.models import AccessEvent
from opencsc.people.models import Person, RestrictedAccess
from opencsc.workforce.models import Allocation, Worker

TEAM_ROLES = {Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.IRO}
EVERY_CHILD_ROLES = {Role.HEAD_OF_SERVICE, Role.DIRECTOR}


def _current_worker(user) -> Worker | None:
    today = timezone.localdate()
    worker = Worker.objects.filter(user=user).select_related("team").first()
    if worker is None or (worker.left_on is not None and worker.left_on <= today):
        return None
    return worker


def _restricted_rule(user) -> Q:
    """Unrestricted records, plus restricted ones ``user`` is named for."""
    named = RestrictedAccess.objects.filter(person=OuterRef("pk"), user=user)
    return Q(restricted=False) | Q(Exists(named))


def sees_case_records(user) -> bool:
    """Whether ``user``'s role can ever open a child's record (for menus, not for access)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.INSPECTOR:
        return user.access_expires is None or user.access_expires > timezone.now()
    return user.role in TEAM_ROLES | EVERY_CHILD_ROLES | {Role.TEAM_MANAGER}


def visible_children(user) -> QuerySet[Person]:
    """The children ``user`` may see, as one query (an ``EXISTS`` per rule, no per-row lookups).

    Building it costs a query for the user's worker and, for a team manager, one per level of
    the team tree below theirs.
    """
    children = Person.objects.children()
    if not sees_case_records(user):
        return children.none()
    if user.role in TEAM_ROLES | {Role.TEAM_MANAGER}:
        worker = _current_worker(user)
        if worker is None:
            return children.none()
        if user.role == Role.TEAM_MANAGER:
            team_ids = [team.pk for team in worker.team.descendants_and_self()]
        else:
            team_ids = [worker.team_id]
        held = Allocation.objects.open().filter(person=OuterRef("pk"), worker__team_id__in=team_ids)
        children = children.filter(Exists(held))
    return children.filter(_restricted_rule(user))


def get_child_for_user(request: HttpRequest, person_id: int, *, prefetch=()) -> Person:
    """The child ``person_id`` if ``request.user`` may see it, recording the read; else 404.

    404, never 403, so that a user cannot learn that a record they may not see exists.
    ``prefetch`` is passed to ``prefetch_related`` for what the page shows.
    """
    person = visible_children(request.user).filter(pk=person_id).prefetch_related(*prefetch).first()
    if person is None:
        raise Http404("No child record found.")
    record_access(user=request.user, person=person, via=AccessEvent.Via.PAGE, path=request.path)
    return person


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
