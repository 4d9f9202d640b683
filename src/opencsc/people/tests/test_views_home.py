"""The home page: a worker's own children, a manager's team's children, or a landing page."""

import pytest
from django.urls import reverse

HOME = reverse("home")


@pytest.fixture
def world(access_world):
    return access_world


def listed(response) -> list[str]:
    page = response.context["page"]
    return [] if page is None else [p.first_name for p in page.object_list]


@pytest.mark.django_db
def test_a_social_worker_sees_the_children_allocated_to_them(client, world):
    client.force_login(world.users["sw"])
    response = client.get(HOME)
    # amy is theirs; ben is a colleague's; eve is theirs but restricted; dan's allocation ended.
    assert listed(response) == ["Amy"]
    page = response.content.decode()
    assert "My children" in page
    assert "CAMY" in page
    assert reverse("people:person-detail", args=[world.children["amy"].pk]) in page


@pytest.mark.django_db
def test_an_iro_sees_the_children_they_review(client, world):
    client.force_login(world.users["iro"])
    assert listed(client.get(HOME)) == ["Amy"]


@pytest.mark.django_db
def test_a_team_manager_sees_their_teams_children_and_who_holds_them(client, world):
    client.force_login(world.users["manager"])
    response = client.get(HOME)
    assert listed(response) == ["Eve", "Amy", "Ben"]  # by surname: Jones, then Smith
    page = response.content.decode()
    assert "Your team&#x27;s children" in page
    assert "Sw Colleague Tester" in page


@pytest.mark.django_db
def test_a_head_of_service_gets_a_landing_page_with_search(client, world):
    client.force_login(world.users["head"])
    response = client.get(HOME)
    assert listed(response) == []
    assert reverse("people:person-search") in response.content.decode()
    assert "govuk-table" not in response.content.decode()


@pytest.mark.django_db
def test_an_analyst_is_told_their_role_has_no_case_records(client, world):
    client.force_login(world.users["analyst"])
    page = client.get(HOME).content.decode()
    assert "does not include opening children's case records" in page
    assert "Amy" not in page
