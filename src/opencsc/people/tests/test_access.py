"""Who may see which child: ``visible_children`` and ``get_child_for_user``.

``build_world`` is a small council encoding the access matrix; ``VISIBLE`` says, for each persona,
exactly which children it may see. Until the shared personas fixture exists, the view tests import
``build_world`` from here.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opencsc.accounts.models import Role, User
from opencsc.audit.models import AccessEvent
from opencsc.people.access import get_child_for_user, visible_children
from opencsc.people.models import Person, RestrictedAccess
from opencsc.workforce.codes import AllocationRole, TeamKind
from opencsc.workforce.models import Allocation, Team, Worker

START = dt.date(2024, 1, 8)

# persona -> (role, team key or None for no linked worker)
PERSONAS = {
    "sw": (Role.SOCIAL_WORKER, "north"),
    "sw_colleague": (Role.SOCIAL_WORKER, "north"),
    "sw_care": (Role.SOCIAL_WORKER, "care"),
    "sw_other_service": (Role.SOCIAL_WORKER, "south"),
    "manager": (Role.TEAM_MANAGER, "north"),
    "service_manager": (Role.TEAM_MANAGER, "service"),
    "other_manager": (Role.TEAM_MANAGER, "south"),
    "iro": (Role.IRO, "iro"),
    "pa": (Role.PERSONAL_ADVISER, "leaving"),
    "head": (Role.HEAD_OF_SERVICE, None),
    "director": (Role.DIRECTOR, None),
    "inspector": (Role.INSPECTOR, None),
    "inspector_no_end": (Role.INSPECTOR, None),
    "inspector_expired": (Role.INSPECTOR, None),
    # These two have workers in the north team: their role, not their team, keeps them out.
    "analyst": (Role.PERFORMANCE_ANALYST, "north"),
    "admin": (Role.SYSTEM_ADMIN, "north"),
    "sw_no_worker": (Role.SOCIAL_WORKER, None),
    "sw_left": (Role.SOCIAL_WORKER, "north"),
    "sw_inactive": (Role.SOCIAL_WORKER, "north"),
}

ALL = {"amy", "ben", "cal", "dan", "fay"}
# eve is restricted: only "manager" and "analyst" are named for her, and only manager's role and
# team also let him see her. dan's only allocation has ended.
VISIBLE = {
    "sw": {"amy", "ben"},
    "sw_colleague": {"amy", "ben"},
    "sw_care": {"fay"},
    "sw_other_service": {"cal"},
    "manager": {"amy", "ben", "eve"},
    "service_manager": {"amy", "ben", "fay"},
    "other_manager": {"cal"},
    "iro": {"amy"},
    "pa": {"fay"},
    "head": ALL,
    "director": ALL,
    "inspector": ALL,
    "inspector_no_end": ALL,
    "inspector_expired": set(),
    "analyst": set(),
    "admin": set(),
    "sw_no_worker": set(),
    "sw_left": set(),
    "sw_inactive": set(),
}


def build_world() -> SimpleNamespace:
    """Teams, one user per persona, and six children (plus a parent who is not a child)."""
    w = SimpleNamespace()
    service = Team.objects.create(name="Children's services", kind=TeamKind.SERVICE)
    w.teams = {
        "service": service,
        "north": Team.objects.create(
            name="Assessment North", kind=TeamKind.ASSESSMENT, parent=service
        ),
        "care": Team.objects.create(
            name="Children in care", kind=TeamKind.CHILDREN_IN_CARE, parent=service
        ),
        "iro": Team.objects.create(name="Reviewing", kind=TeamKind.IRO, parent=service),
        "leaving": Team.objects.create(
            name="Leaving care", kind=TeamKind.LEAVING_CARE, parent=service
        ),
    }
    other = Team.objects.create(name="Other service", kind=TeamKind.SERVICE)
    w.teams["south"] = Team.objects.create(
        name="Assessment South", kind=TeamKind.ASSESSMENT, parent=other
    )

    now = timezone.now()
    w.users, w.workers = {}, {}
    for n, (key, (role, team)) in enumerate(PERSONAS.items()):
        user = User.objects.create_user(
            username=key, first_name=key.replace("_", " ").title(), last_name="Tester", role=role
        )
        w.users[key] = user
        if team:
            w.workers[key] = Worker.objects.create(
                staff_id=f"S{n:03}",
                first_name=user.first_name,
                last_name="Tester",
                job_title=role.label,
                team=w.teams[team],
                started_on=dt.date(2020, 1, 1),
                user=user,
            )
    w.users["inspector"].access_expires = now + dt.timedelta(days=7)
    w.users["inspector_expired"].access_expires = now - dt.timedelta(minutes=1)
    w.users["sw_inactive"].is_active = False
    for key in ("inspector", "inspector_expired", "sw_inactive"):
        w.users[key].save()
    w.workers["sw_left"].left_on = timezone.localdate()
    w.workers["sw_left"].save()

    def child(key, first, last="Smith", **extra):
        return Person.objects.create(
            la_child_id=f"C{key.upper()}",
            first_name=first,
            last_name=last,
            date_of_birth=dt.date(2015, 6, 1),
            **extra,
        )

    def allocate(person, worker_key, role=AllocationRole.SOCIAL_WORKER, **extra):
        worker = w.workers[worker_key]
        return Allocation.objects.create(
            person=person, worker=worker, team=worker.team, role=role, started_on=START, **extra
        )

    w.children = {
        "amy": child("amy", "Amy"),
        "ben": child("ben", "Ben"),
        "cal": child("cal", "Cal"),
        "dan": child("dan", "Dan", "Jones"),
        "eve": child("eve", "Eve", "Jones", restricted=True),
        "fay": child("fay", "Fay", "Jones"),
    }
    c = w.children
    allocate(c["amy"], "sw")
    allocate(c["amy"], "iro", AllocationRole.IRO)
    allocate(c["ben"], "sw_colleague")
    allocate(c["cal"], "sw_other_service")
    allocate(c["dan"], "sw", ended_on=dt.date(2024, 3, 1))
    allocate(c["eve"], "sw")
    allocate(c["fay"], "sw_care")
    allocate(c["fay"], "pa", AllocationRole.PERSONAL_ADVISER)
    for key in ("manager", "analyst"):
        RestrictedAccess.objects.create(
            person=c["eve"], user=w.users[key], granted_on=START, reason="Test"
        )
    # A parent, recorded as a person but not a child (no LA child id): never in a child list.
    w.mother = Person.objects.create(
        first_name="Mary", last_name="Smith", date_of_birth=dt.date(1990, 1, 1)
    )
    allocate(w.mother, "sw_colleague", AllocationRole.EARLY_HELP)
    return w


@pytest.fixture
def world(db):
    return build_world()


def names(people) -> set[str]:
    return {p.first_name.lower() for p in people}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_exactly_its_children(world, persona):
    assert names(visible_children(world.users[persona])) == VISIBLE[persona]


@pytest.mark.django_db
def test_an_anonymous_user_sees_no_children(world):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_children(AnonymousUser()).exists()


@pytest.mark.django_db
def test_a_named_user_still_needs_their_role_to_see_a_restricted_child(world):
    # head of service sees every child but is not named for eve
    assert "eve" not in names(visible_children(world.users["head"]))
    RestrictedAccess.objects.create(
        person=world.children["eve"], user=world.users["head"], granted_on=START, reason="Test"
    )
    assert "eve" in names(visible_children(world.users["head"]))


@pytest.mark.django_db
def test_a_closed_allocation_stops_access(world):
    sw = world.users["sw"]
    Allocation.objects.filter(person=world.children["amy"], worker__user=sw).update(
        ended_on=dt.date(2024, 6, 1)
    )
    assert names(visible_children(sw)) == {"ben"}


@pytest.mark.django_db
def test_moving_team_moves_access_with_the_worker(world):
    worker = world.workers["sw_colleague"]
    worker.team = world.teams["care"]
    worker.save()
    # ben goes with his worker to the care team; north keeps amy.
    assert names(visible_children(world.users["sw"])) == {"amy"}
    assert names(visible_children(world.users["sw_care"])) == {"ben", "fay"}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["sw", "manager", "service_manager", "head", "analyst"])
def test_the_children_list_is_one_query(world, persona, django_assert_max_num_queries):
    user = User.objects.get(pk=world.users[persona].pk)  # nothing cached on the user
    # Building the queryset may look up the worker and the team tree; listing is one query.
    children = visible_children(user)
    with django_assert_max_num_queries(1):
        list(children)
    # ...and the whole thing stays small: worker + one per level of teams + the list.
    with CaptureQueriesContext(connection) as ctx:
        list(visible_children(user))
    assert len(ctx.captured_queries) <= 4


def _request(user, path="/people/1/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


@pytest.mark.django_db
def test_get_child_for_user_records_the_read(world):
    amy = world.children["amy"]
    path = f"/people/{amy.pk}/"
    assert get_child_for_user(_request(world.users["sw"], path), amy.pk) == amy
    event = AccessEvent.objects.get()
    assert (event.user, event.person, event.via, event.path) == (
        world.users["sw"],
        amy,
        AccessEvent.Via.PAGE,
        path,
    )


@pytest.mark.django_db
def test_get_child_for_user_is_404_and_records_nothing_when_not_visible(world):
    cal = world.children["cal"]
    with pytest.raises(Http404):
        get_child_for_user(_request(world.users["sw"]), cal.pk)
    with pytest.raises(Http404):
        get_child_for_user(_request(world.users["sw"]), 999_999)
    assert not AccessEvent.objects.exists()


@pytest.mark.django_db
def test_a_person_who_is_not_a_child_cannot_be_opened(world):
    with pytest.raises(Http404):
        get_child_for_user(_request(world.users["head"]), world.mother.pk)
