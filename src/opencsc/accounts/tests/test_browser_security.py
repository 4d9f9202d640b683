"""In a real browser (Debian's chromium): the Content-Security-Policy lets GOV.UK Frontend's
inline scripts run (they carry the nonce) and blocks nothing else the pages use."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: `make test` installs it with apt-get.")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        pg = browser.new_context().new_page()
        pg.set_default_timeout(15_000)
        pg.violations = []
        pg.on(
            "console",
            lambda m: pg.violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        yield pg
        browser.close()


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
