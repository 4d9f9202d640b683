"""In Debian's chromium: Sam adds a warning note from Lily's record; it then shows as a banner on
every page of her record he opens (the record, a recording page, its error state), and on the
"who has seen" page Tara opens, with no accessibility violation axe-core finds; Olly, in another
team, cannot reach any of it. Once ended, the banner is gone."""

import datetime as dt

import pytest

from opencsc.core.tests.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DETAILS = "Her partner has threatened staff: visit in pairs, never alone."


def go(page, url):
    with page.expect_navigation():
        page.goto(url)


def click(page, selector):
    with page.expect_navigation():
        page.click(selector)


def banner(page) -> str:
    found = page.locator(".opencsc-warning-notes")
    return found.inner_text() if found.count() else ""


def test_a_warning_note_shows_on_every_page_of_the_record(page, live_server, personas, today):
    lily = personas.lily
    record = f"{live_server.url}{lily.get_absolute_url()}"
    sign_in(page, live_server.url, "sam")
    go(page, record)
    assert banner(page) == ""
    click(page, "main a:has-text('Add a warning note')")
    assert page.locator("h1").inner_text() == "Add a warning note"
    page.check("input[name=kind][value=violence]")
    page.fill("textarea[name=details]", DETAILS)
    for name, date in (
        ("started_on", today - dt.timedelta(days=3)),
        ("review_on", dt.date(2027, 3, 1)),
    ):
        page.fill(f"input[name={name}_day]", str(date.day))
        page.fill(f"input[name={name}_month]", str(date.month))
        page.fill(f"input[name={name}_year]", str(date.year))
    page.check("input[name=person_told][value=yes]")
    click(page, "main button:has-text('Save the warning note')")

    assert page.url == record
    assert "Violence or aggression towards staff" in banner(page)
    assert DETAILS in banner(page)
    assert "Review by 1 March 2027" in banner(page)
    assert_accessible(page, "the record with a warning note")

    click(page, "main a:has-text('Record a contact')")
    assert DETAILS in banner(page)
    click(page, "main button[type=submit]")  # sent empty: the error state keeps the banner
    assert "There is a problem" in page.inner_text("main") and DETAILS in banner(page)
    assert_accessible(page, "a recording page in its error state with a warning note")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "tara")
    go(page, f"{record}access/")
    assert page.locator("h1").inner_text() == "Who has seen or changed this record"
    assert DETAILS in banner(page)

    page.context.clear_cookies()
    sign_in(page, live_server.url, "olly")
    response = page.request.get(record)
    assert response.status == 404 and DETAILS not in response.text()

    page.context.clear_cookies()
    sign_in(page, live_server.url, "sam")
    go(page, record)
    click(page, "main a:has-text('End the warning note')")
    page.fill("input[name=ended_on_day]", str(today.day))
    page.fill("input[name=ended_on_month]", str(today.month))
    page.fill("input[name=ended_on_year]", str(today.year))
    click(page, "main button:has-text('End the warning note')")
    assert page.url == record
    assert banner(page) == ""
    assert "Warning note ended" in page.inner_text("main")
