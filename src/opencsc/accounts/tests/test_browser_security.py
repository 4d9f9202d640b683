"""In a real browser (Debian's chromium): the Content-Security-Policy lets GOV.UK Frontend's
inline scripts run (they carry the nonce) and blocks nothing else the pages use."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(page):
    """The shared page, noting every message of the Content-Security-Policy blocking something."""
    page.violations = []
    page.on(
        "console",
        lambda m: page.violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return page


def test_the_inline_scripts_run_and_nothing_is_blocked(page, live_server, personas):
    from playwright.sync_api import expect

    from opencsc.testing import PASSWORD

    page.goto(f"{live_server.url}/accounts/sign-in/")
    classes = page.get_attribute("body", "class")
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes
    # initAll (the module script) ran: the password input has its Show button.
    expect(page.locator("button.govuk-password-input__toggle")).to_be_visible()
    page.fill("input[name=username]", "sam")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/accounts/your-account/")
    page.click("text=Set up two-factor authentication >> nth=-1")
    # expect() waits for the page the click led to; is_visible() would look only once, at once.
    expect(page.locator("svg.segno")).to_be_visible()  # the QR code, drawn inline
    assert page.violations == []
