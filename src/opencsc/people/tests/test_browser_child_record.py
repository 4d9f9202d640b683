"""In a real browser (Debian's chromium through Playwright): sign in, find a child, read the
record and its chronology; another team's worker cannot find the child."""

import pytest

from opencsc.core.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    sign_in(page, live_server.url, "sam")
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
    sign_in(page, live_server.url, "olly")
    page.click("text=Find a child")
    page.fill("input[name=q]", "Puddlewhistle")
    # Look at the results, not the empty form before them: else "no Lily" would always hold.
    with page.expect_navigation(url="**q=Puddlewhistle**"):
        page.keyboard.press("Enter")
    assert "Lily" not in page.inner_text("main")
    # The browser's own request (same cookies); goto() aborts on a 404 body under the new headers.
    response = page.request.get(f"{live_server.url}/children/{personas.lily.pk}/")
    assert response.status == 404
