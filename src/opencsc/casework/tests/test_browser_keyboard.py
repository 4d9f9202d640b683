"""With the keyboard alone, in Debian's chromium: Sam reaches the contact form from his home page,
sends it empty, follows each link of the error summary to its field, fills every field and saves
the contact. Every element on the way shows that it has the focus."""

import datetime as dt

import pytest

from opencsc.core.tests.browser import focused, tab_to
from opencsc.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_and_wait(page, key):
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_contact_is_recorded_with_the_keyboard_alone(page, live_server, personas, today):
    lily = personas.lily
    page.goto(f"{live_server.url}/accounts/sign-in/")
    tab_to(page, "input[name=username]")
    page.keyboard.type("sam")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    press_and_wait(page, "Enter")

    tab_to(page, f"main a[href='{lily.get_absolute_url()}']")
    press_and_wait(page, "Enter")
    tab_to(page, "main a[href$='/contacts/new/']")
    press_and_wait(page, "Enter")
    assert page.locator("h1").inner_text() == "Record a contact"

    # Sent empty: the error summary takes the focus, and each of its links moves it to the field.
    tab_to(page, "main button[type=submit]")
    press_and_wait(page, "Enter")
    summary = page.locator(".govuk-error-summary")
    assert page.evaluate("() => document.activeElement.matches('.govuk-error-summary')")
    links = summary.locator("a")
    assert links.count() == 2
    targets = [links.nth(i).get_attribute("href").removeprefix("#") for i in range(2)]
    assert targets == ["id_received_on_day", "id_source"], targets
    tab_to(page, f".govuk-error-summary a[href='#{targets[0]}']")
    page.keyboard.press("Enter")
    assert focused(page) == targets[0]
    tab_to(page, f".govuk-error-summary a[href='#{targets[1]}']", back=True)
    page.keyboard.press("Enter")
    assert focused(page) == targets[1]

    # Every field, in the order Tab takes them.
    tab_to(page, "#id_received_on_day", back=True)
    for part in ("3", "11", "2026"):
        page.keyboard.type(part)
        page.keyboard.press("Tab")
    assert focused(page) == "id_source"
    page.keyboard.type("Schools")  # a closed select takes the option whose name is typed
    page.keyboard.press("Tab")
    assert focused(page) == "id_summary"
    page.keyboard.type("The head teacher rang: Lily was upset at school.")
    tab_to(page, "main button[type=submit]")
    press_and_wait(page, "Enter")

    assert page.url == f"{live_server.url}{lily.get_absolute_url()}"
    contact = lily.contacts.get(received_on=dt.date(2026, 11, 3))
    assert contact.source == "2A"
    assert contact.summary == "The head teacher rang: Lily was upset at school."
