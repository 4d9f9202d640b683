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

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.accounts.rules import TEAM_ROLES, sees_case_records
from opencsc.audit.log import record_access
from opencsc.audit.models import AccessEvent
from opencsc.people.models import Person, RestrictedAccess
from opencsc.workforce.models import Allocation, Worker


def _restricted_rule(user) -> Q:
    """Unrestricted records, plus restricted ones ``user`` is named for."""
    named = RestrictedAccess.objects.filter(person=OuterRef("pk"), user=user)
    return Q(restricted=False) | Q(Exists(named))


def visible_children(user) -> QuerySet[Person]:
    """The children ``user`` may see, as one query (an ``EXISTS`` per rule, no per-row lookups).

    Building it costs a query for the user's worker and, for a team manager, one per level of
    the team tree below theirs.
    """
    children = Person.objects.children()
    if not sees_case_records(user):
        return children.none()
    team_ids = _teams_seen(user)
    if team_ids is not None:
        held = Allocation.objects.open().filter(person=OuterRef("pk"), worker__team_id__in=team_ids)
        children = children.filter(Exists(held))
    return children.filter(_restricted_rule(user))


def _teams_seen(user) -> list[int] | None:
    """The teams whose allocated children ``user`` sees (empty: none), or None for a role that
    sees every child whoever holds them. For a user whose role sees case records."""
    if user.role not in TEAM_ROLES | {Role.TEAM_MANAGER}:
        return None
    worker = Worker.objects.select_related("team").current_for(user, timezone.localdate())
    if worker is None:
        return []
    if user.role == Role.TEAM_MANAGER:
        return [team.pk for team in worker.team.descendants_and_self()]
    return [worker.team_id]


def workers_holding_for(user) -> QuerySet[Worker]:
    """The current workers to whom ``user`` may allocate a child they are registering and still
    see them (a child is seen through an open allocation, above): their own team's for a team
    role, their team's and those below it for a team manager, anyone for a role that sees every
    child; no one for a role that opens no case records."""
    workers = Worker.objects.open().select_related("team")
    if not sees_case_records(user):
        return workers.none()
    team_ids = _teams_seen(user)
    return workers if team_ids is None else workers.filter(team_id__in=team_ids)


def get_child_for_user(request: HttpRequest, person_id: int, *, prefetch=()) -> Person:
    """The child ``person_id`` if ``request.user`` may see it, recording the read; else 404.

    404, never 403, so that a user cannot learn that a record they may not see exists.
    ``prefetch`` is passed to ``prefetch_related`` for what the page shows.
    """
    person = visible_children(request.user).filter(pk=person_id).prefetch_related(*prefetch).first()
    if person is None:
        raise Http404("No child record found.")
    record_access(user=request.user, person=person, via=AccessEvent.Via.PAGE, path=request.path)
    # The page is about this child, whom the user may see: every page of the record shows the
    # child's warning notes from here (``people.context_processors.warning_notes``).
    request.record_child = person
    return person
