"""The indicator catalogue page: generated from the code, for analysts and leaders."""

import re

import pytest
from django.urls import reverse

from opencsc.oversight.indicators import AREAS, catalogue

pytestmark = pytest.mark.django_db


def get(client, user):
    client.force_login(user)
    return client.get(reverse("oversight:indicator-catalogue"))


@pytest.mark.parametrize(
    "name, status",
    [("alex", 200), ("hana", 200), ("sam", 403), ("tara", 403), ("ines", 403), ("ada", 403)],
)
def test_only_analysts_and_leaders_reach_it(client, personas, name, status):
    assert get(client, getattr(personas, name)).status_code == status


def test_every_indicator_of_the_code_is_on_the_page_under_its_area(client, personas):
    page = get(client, personas.alex).content.decode()
    entries = catalogue()
    assert page.count('class="govuk-summary-card"') == len(entries)
    for entry in entries:
        assert f'id="{entry.code}"' in page, entry.code
    # In the code's order, each under its area's heading.
    by_area = sorted(entries, key=lambda e: AREAS.index(e.area))
    positions = [page.index(f'id="{e.code}"') for e in by_area]
    assert positions == sorted(positions)
    card = page[page.index('id="rereferrals_12m_pct"') :]
    card = card[: card.index("</dl>")]
    assert "Re-referrals within 12 months" in card
    assert "published by the Department for Education" in card
    assert "referrals received in the period".capitalize() in card


def test_the_menu_marks_it_under_indicators_and_it_links_to_the_pseudonymised_lists(
    client, personas
):
    page = get(client, personas.alex).content.decode()
    assert re.search(r'href="/oversight/dashboard/" aria-current="true">Indicators<', page)
    assert reverse("oversight:pseudonymised-list") in page
