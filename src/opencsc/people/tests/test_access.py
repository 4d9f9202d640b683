"""Who may see which child: ``visible_children`` and ``get_child_for_user``, in the access world
of ``opencsc.testing`` (``build_access_world``), whose ``VISIBLE`` table says, for each persona,
exactly which children it may see.
"""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from opencsc.accounts.models import User
from opencsc.audit.models import AccessEvent
from opencsc.people.access import get_child_for_user, visible_children
from opencsc.people.models import RestrictedAccess
from opencsc.testing import ACCESS_PERSONAS as PERSONAS
from opencsc.testing import ACCESS_START as START
from opencsc.testing import VISIBLE
from opencsc.workforce.models import Allocation


@pytest.fixture
def world(access_world):
    return access_world


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


def _request(user, path="/children/1/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


@pytest.mark.django_db
def test_get_child_for_user_records_the_read(world):
    amy = world.children["amy"]
    path = f"/children/{amy.pk}/"
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
