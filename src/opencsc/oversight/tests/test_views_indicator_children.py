"""The drill-down from an indicator to the children counted in its numerator: leaders see the
children, analysts pseudonymised rows."""

import re

import pytest
from django.urls import reverse

from opencsc.oversight.indicators import Period, catalogue
from opencsc.oversight.pseudonymised import pseudonym
from opencsc.people import actions as people

from . import indicator_scenarios as s

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def get(client, user, code, **params):
    client.force_login(user)
    return client.get(reverse("oversight:indicator-children", args=[code]), params)


@pytest.fixture
def world(personas):
    s.front_door(personas.sam)
    s.protection(personas.sam)
    s.looked_after(personas.sam)
    s.care_leavers(personas.sam)
    return personas


def test_it_lists_exactly_the_children_in_each_numerator(client, world):
    checked = 0
    for year in (s.YEAR, s.CARE_YEAR):
        period = Period.for_year(year)
        for entry in catalogue():
            children = entry.compute(period).children
            leader = get(client, world.hana, entry.code, year=year).content.decode()
            listed = {int(pk) for pk in re.findall(r'href="/children/(\d+)/"', leader)}
            assert listed == children, (entry.code, year)
            analyst = get(client, world.alex, entry.code, year=year).content.decode()
            shown = set(re.findall(r"<code>(P-[0-9A-F]{12})</code>", analyst))
            assert shown == {pseudonym(pk) for pk in children}, (entry.code, year)
            checked += bool(children)
    assert checked >= 30  # the scenarios put children in most numerators


def test_analysts_see_no_names_and_restricted_children_are_counted_not_listed(client, world):
    lily = world.lily  # open referral from September 2025: in children in need at 31 March 2026
    people.update_person(by=world.ada, person=lily, version=lily.version, restricted=True)
    page = get(client, world.alex, "cin_31mar_count", year=s.CARE_YEAR).content.decode()
    assert pseudonym(lily.pk) not in page
    assert "1 not listed here (restricted records)" in page
    assert "Puddlewhistle" not in page and "TEST0001" not in page


def test_leaders_see_the_children_by_name_with_a_link_to_their_record(client, world):
    page = get(client, world.hana, "cin_31mar_count", year=s.CARE_YEAR).content.decode()
    assert "Lily Puddlewhistle" in page and f'href="/children/{world.lily.pk}/"' in page


@pytest.mark.parametrize("name, status", [("sam", 403), ("tara", 403), ("ines", 403)])
def test_roles_without_aggregates_are_refused(client, personas, name, status):
    assert get(client, getattr(personas, name), "referrals_count").status_code == status


def test_an_unknown_indicator_is_not_found(client, personas):
    assert get(client, personas.alex, "no_such_thing").status_code == 404
