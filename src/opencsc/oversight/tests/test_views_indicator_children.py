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


def test_the_trend_by_year_and_by_month_is_a_chart_with_its_table(client, personas):
    s.front_door(personas.sam)
    page = get(client, personas.alex, "referrals_count", year=s.YEAR).content.decode()
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    assert len(svgs) == 2 and all('role="img"' in svg for svg in svgs)
    # By year: 2022-23 (a's and d's first referrals), 2023-24 (5), 2024-25 (none), 2025-26
    # (Lily): a bar for each year with a value (0 draws a bar of no height).
    years = svgs[0]
    assert years.count("<rect") == 4 and "<title" in years and "2022-23" in years
    assert re.search(r">2023-24</th>\s*<td[^>]*>5</td>", page)
    # By month of 2023-24: April to March, one referral in each of Apr-Jul and Feb.
    assert svgs[1].count("<rect") == 12
    assert re.search(r">Feb 2024</th>\s*<td[^>]*>1</td>", page)
    assert re.search(r">Mar 2024</th>\s*<td[^>]*>0</td>", page)


def test_a_year_only_measure_has_no_monthly_trend(client, personas):
    page = get(client, personas.alex, "cla_3plus_placements_pct", year=s.CARE_YEAR).content
    assert "defined over a collection year only, so it has no monthly figures" in page.decode()
    assert page.decode().count("<svg ") == 1


def test_a_year_only_measure_over_another_period_says_so(client, personas):
    params = {
        "first_day": 1,
        "first_month": 10,
        "first_year": 2025,
        "last_day": 31,
        "last_month": 3,
        "last_year": 2026,
    }
    page = get(client, personas.alex, "cla_3plus_placements_pct", **params).content.decode()
    assert "defined over a collection year only (1 April to 31 March)" in page
    months = get(client, personas.alex, "referrals_count", **params).content.decode()
    # October 2025 to March 2026: six months.
    assert months.count('<th scope="row" class="govuk-table__header">') >= 6
    assert "Oct 2025" in months and "Mar 2026" in months and "Sep 2025</th>" not in months
