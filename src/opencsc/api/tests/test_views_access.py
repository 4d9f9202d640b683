"""Who sees what through the API: the access matrix of ``people/tests/test_access.py``, over HTTP.

Each persona lists exactly the children ``VISIBLE`` says; every other child (and a person who is
not a child, and an id that does not exist) is 404 on each child endpoint, never 403; roles with
no case records, expired and switched-off accounts are refused outright.
"""

import pytest
from django.test import Client

from opencsc.api import actions
from opencsc.api.models import ApiToken
from opencsc.audit.models import AccessEvent
from opencsc.testing import ACCESS_PERSONAS as PERSONAS
from opencsc.testing import VISIBLE

CHILD_ENDPOINTS = ("", "episodes/", "events/")
# Their role gives no case records: 403 from every child endpoint, whatever the child.
NO_CASE_RECORDS = {"analyst", "admin"}
# Their account cannot sign in at all (expired, switched off): 401.
CANNOT_SIGN_IN = {"inspector_expired", "sw_inactive"}


@pytest.fixture
def world(access_world):
    return access_world


def client_for(world, persona) -> Client:
    user = world.users[persona]
    # Issued while the account could still sign in; then the world's state applies.
    active, expires = user.is_active, user.access_expires
    if persona in CANNOT_SIGN_IN:
        token = ApiToken.objects.create(
            user=user, name="t", prefix="ocsc_x", key_hash=actions.hash_key(f"ocsc_{persona}")
        )
        assert token.pk and (not active or expires)
        return Client(HTTP_AUTHORIZATION=f"Bearer ocsc_{persona}")
    return Client(
        HTTP_AUTHORIZATION=f"Bearer {actions.issue_token(by=None, user=user, name='t').key}"
    )


def listed(client) -> set[str]:
    names, url = set(), "/api/v1/children/?page_size=2"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        names |= {child["first_name"].lower() for child in body["results"]}
        url = body["next"]
    return names


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_lists_exactly_its_children(world, persona):
    client = client_for(world, persona)
    if persona in NO_CASE_RECORDS | CANNOT_SIGN_IN:
        response = client.get("/api/v1/children/")
        assert response.status_code == (403 if persona in NO_CASE_RECORDS else 401)
        assert "results" not in response.json()
        return
    assert listed(client) == VISIBLE[persona]
    assert not AccessEvent.objects.exists(), "a list records no access event per child"


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_opens_only_its_children_and_others_are_404(world, persona):
    client = client_for(world, persona)
    people = {**world.children, "mother": world.mother}
    for key, person in people.items():
        for endpoint in CHILD_ENDPOINTS:
            response = client.get(f"/api/v1/children/{person.pk}/{endpoint}")
            if persona in NO_CASE_RECORDS:
                expected = 403
            elif persona in CANNOT_SIGN_IN:
                expected = 401
            else:
                expected = 200 if key in VISIBLE[persona] else 404
            assert response.status_code == expected, (key, endpoint, response.content)
    # Every successful read, and nothing else, is in the access log, as an API read.
    seen = VISIBLE[persona] if persona not in NO_CASE_RECORDS | CANNOT_SIGN_IN else set()
    events = AccessEvent.objects.filter(user=world.users[persona])
    assert events.count() == len(seen) * len(CHILD_ENDPOINTS)
    assert {e.person.first_name.lower() for e in events} == seen
    assert set(events.values_list("via", flat=True)) <= {AccessEvent.Via.API}


def test_an_id_that_names_no_record_is_404_even_when_huge(world):
    client = client_for(world, "head")
    for pk in (0, 999_999, 2**63, 10**30):
        assert client.get(f"/api/v1/children/{pk}/").status_code == 404


def test_without_a_token_or_session_it_is_401_and_names_the_scheme(world):
    response = Client().get("/api/v1/children/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    amy = world.children["amy"]
    assert Client().get(f"/api/v1/children/{amy.pk}/").status_code == 401
    assert not AccessEvent.objects.exists()


def test_a_restricted_child_is_404_to_those_not_named(world):
    eve = world.children["eve"]
    # head sees every child, but is not named for eve; manager is named and holds her team.
    assert client_for(world, "head").get(f"/api/v1/children/{eve.pk}/").status_code == 404
    assert client_for(world, "manager").get(f"/api/v1/children/{eve.pk}/").status_code == 200


def test_the_list_filters_by_name_and_refuses_an_unknown_status(world):
    client = client_for(world, "head")
    body = client.get("/api/v1/children/", {"q": "jones"}).json()
    assert {c["first_name"] for c in body["results"]} == {"Dan", "Fay"}  # eve is restricted
    response = client.get("/api/v1/children/", {"status": "adopted"})
    assert response.status_code == 400
    assert "status" in response.json()
    assert "cla" in response.json()["status"][0]
