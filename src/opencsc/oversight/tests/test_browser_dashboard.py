"""The indicators dashboard in Debian's chromium: axe-core finds no WCAG 2.2 AA violation,
blank and with an error, nor on a drill-down to the children; the download link gives the CSV."""

import pytest
from django.urls import reverse

from opencsc.core.tests.browser import assert_accessible, sign_in
from opencsc.oversight.pseudonymised import pseudonym

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_is_accessible_and_downloads(page, live_server, personas, today):
    lily = personas.lily  # her referral of September 2025 is counted in 2025-26
    sign_in(page, live_server.url, "alex")
    page.goto(live_server.url + reverse("oversight:dashboard"))
    assert "Indicators for 2025-26" in page.inner_text("main")
    assert_accessible(page, "the dashboard as alex")
    with page.expect_download() as download:
        page.click("main a[href*='format=csv']")
    assert download.value.suggested_filename == "indicators-2026.csv"
    with page.expect_download() as download:
        page.click("main a[href*='format=xlsx']")
    assert download.value.suggested_filename == "indicators-2026.xlsx"
    with page.expect_navigation():
        page.click("a[href^='/oversight/dashboard/referrals_count/']")
    assert pseudonym(lily.pk) in page.inner_text("main")
    assert_accessible(page, "a drill-down as alex")
    page.goto(live_server.url + reverse("oversight:dashboard") + "?year=2019")
    assert "There is a problem" in page.inner_text("main")
    assert_accessible(page, "the dashboard with an error")
