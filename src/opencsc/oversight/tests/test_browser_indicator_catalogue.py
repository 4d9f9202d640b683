"""The indicator catalogue page in Debian's chromium: axe-core finds no WCAG 2.2 AA violation,
and the contents link takes the reader to an area."""

import pytest
from django.urls import reverse

from opencsc.core.tests.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_catalogue_is_accessible(page, live_server, personas):
    sign_in(page, live_server.url, "alex")
    page.goto(live_server.url + reverse("oversight:indicator-catalogue"))
    assert "Re-referrals within 12 months" in page.inner_text("main")
    assert_accessible(page, "the indicator catalogue as alex")
    page.click("text=Children in care")
    assert page.url.endswith("#area-3")
