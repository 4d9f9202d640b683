"""In a real browser (Debian's chromium through Playwright): sign in, find a child, read the
record and its chronology; another team's worker cannot find the child."""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server, tmp_path):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(
                "Debian's chromium is missing: `make test` installs it with apt-get as root."
            )
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the test server's DB work is
    # synchronous and safe here, so tell Django not to refuse it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        context = browser.new_context()
        pg = context.new_page()
        pg.set_default_timeout(15_000)
        yield pg
        context.close()
        browser.close()
    shutil.rmtree(tmp_path, ignore_errors=True)


def sign_in(page, live_server, username):
    from opencsc.testing import PASSWORD

    page.goto(f"{live_server.url}/")
    assert "Sign in" in page.title()
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_a_social_worker_finds_their_child_and_reads_the_chronology(page, live_server, personas):
    import datetime as dt

    from opencsc.casework import actions as cw

    cw.record_visit(
        by=personas.sam,
        person=personas.lily,
        kind="cin",
        visited_on=dt.date(2025, 9, 10),
        seen=True,
        seen_alone=True,
        wishes_and_feelings="Lily said she likes her new school.",
        worker=personas.sam.worker,
    )
    sign_in(page, live_server, "sam")
    page.wait_for_selector("text=Lily Puddlewhistle")
    page.click("text=Find a child")
    page.fill("input[name=q]", "Puddlewhistle")
    page.keyboard.press("Enter")
    # Read the record only once its page has loaded, not the search page the click left.
    with page.expect_navigation():
        page.click("a:has-text('Lily Puddlewhistle')")
    body = page.inner_text("main")
    assert "TEST0001" in body
    assert "Sam Quillfeather" in body  # the current worker
    assert "Referral received" in body
    assert "Lily said she likes her new school." in body
    from opencsc.audit.models import AccessEvent

    assert AccessEvent.objects.filter(user=personas.sam, person=personas.lily).exists()


def test_a_worker_in_another_team_cannot_find_the_child(page, live_server, personas):
    sign_in(page, live_server, "olly")
    page.click("text=Find a child")
    page.fill("input[name=q]", "Puddlewhistle")
    # Look at the results, not the empty form before them: else "no Lily" would always hold.
    with page.expect_navigation(url="**q=Puddlewhistle**"):
        page.keyboard.press("Enter")
    assert "Lily" not in page.inner_text("main")
    # The browser's own request (same cookies); goto() aborts on a 404 body under the new headers.
    response = page.request.get(f"{live_server.url}/children/{personas.lily.pk}/")
    assert response.status == 404
