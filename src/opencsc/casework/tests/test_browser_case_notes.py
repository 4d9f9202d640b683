"""In Debian's chromium: Sam files one case note for Lily and her brother Rory from Lily's record;
it shows on both records, and its page shows it with its action. Tara corrects it from Rory's
record with a reason, and the history shows what it said before; Sam deletes it with a reason,
and the record shows only that it was deleted and why. axe-core finds no violation on the pages,
blank and in their error states."""

import datetime as dt
import os

import pytest

from opencsc.core.tests.browser import assert_accessible, sign_in
from opencsc.people import actions as people
from opencsc.testing import new_child
from opencsc.workforce import actions as wf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "Mum rang: Lily and Rory were both upset after contact with Dad at the weekend."
# Set OPENCSC_SCREENSHOTS to a folder to keep a picture of each page the journey checks.
SHOTS = os.environ.get("OPENCSC_SCREENSHOTS", "")


def go(page, url):
    with page.expect_navigation():
        page.goto(url)


def click(page, selector):
    with page.expect_navigation():
        page.click(selector)


def checked(page, where):
    assert_accessible(page, where)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{where.replace(' ', '-')}.png", full_page=True)


def fill_date(page, name, day):
    page.fill(f"input[name={name}_day]", str(day.day))
    page.fill(f"input[name={name}_month]", str(day.month))
    page.fill(f"input[name={name}_year]", str(day.year))


def test_a_note_filed_for_two_siblings(page, live_server, personas, today):
    lily = personas.lily
    rory = new_child(personas.sam, first_name="Rory", last_name="Puddlewhistle", la_child_id="R1")
    wf.allocate(
        by=personas.tara,
        person=rory,
        worker=personas.sam.worker,
        started_on=dt.date(2025, 9, 1),
        change_reason="FCONTA",
    )
    people.add_relationship(by=personas.sam, person=lily, other=rory, kind="sibling")
    lily_record = f"{live_server.url}{lily.get_absolute_url()}"
    rory_record = f"{live_server.url}{rory.get_absolute_url()}"

    sign_in(page, live_server.url, "sam")
    go(page, lily_record)
    click(page, "main a:has-text('Add a case note')")
    assert page.locator("h1").inner_text() == "Add a case note"
    checked(page, "add a case note")
    page.uncheck(f"input[name=children][value='{lily.pk}']")
    click(page, "main button:has-text('Save the case note')")
    summary = page.inner_text(".govuk-error-summary")
    assert "Select the children the note is about" in summary
    assert "Enter what happened" in summary and "Enter the time it happened" in summary
    checked(page, "add a case note with errors")

    page.check(f"input[name=children][value='{lily.pk}']")
    page.check(f"input[name=children][value='{rory.pk}']")
    page.check("input[name=kind][value=phone_call]")
    page.fill("input[name=title]", "Call from Mum")
    page.fill("textarea[name=body]", BODY)
    fill_date(page, "happened_on", today - dt.timedelta(days=1))
    page.fill("input[name=happened_time]", "16:45")
    page.fill("input[name=action_1_what]", "Talk to Dad about how contact went")
    page.select_option("select[name=action_1_owner]", str(personas.sam.worker.pk))
    fill_date(page, "action_1_due_on", today + dt.timedelta(days=7))
    click(page, "main button:has-text('Save the case note')")

    assert page.url == lily_record
    click(page, "main a:has-text('Phone call: Call from Mum')")
    assert page.locator("h1").inner_text() == "Call from Mum"
    text = page.inner_text("main")
    assert BODY in text and "Talk to Dad about how contact went" in text
    assert "Rory Puddlewhistle" in text  # also filed for
    checked(page, "a case note")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "tara")
    go(page, rory_record)
    click(page, "main a:has-text('Phone call: Call from Mum')")
    click(page, "main a:has-text('Correct the note')")
    page.fill("textarea[name=body]", BODY.replace("at the weekend", "on Saturday"))
    click(page, "main button:has-text('Save the correction')")
    assert "Enter why the note is being corrected" in page.inner_text(".govuk-error-summary")
    checked(page, "correct a case note with errors")
    page.fill("textarea[name=reason]", "Mum said it was Saturday")
    click(page, "main button:has-text('Save the correction')")
    history = page.inner_text("main")
    assert "Mum said it was Saturday" in history
    assert f"Before: {BODY}" in history
    checked(page, "a corrected case note")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "sam")
    go(page, lily_record)
    click(page, "main a:has-text('Phone call: Call from Mum')")
    click(page, "main a:has-text('Delete the note')")
    checked(page, "delete a case note")
    page.fill("textarea[name=reason]", "Recorded twice")
    click(page, "main button:has-text('Delete the case note')")
    assert "Deleted case note" in page.locator("h1").inner_text()
    checked(page, "a deleted case note")
    for record in (lily_record, rory_record):
        go(page, record)
        text = page.inner_text("main")
        assert "Case note deleted" in text and "Reason: Recorded twice" in text
        assert "Mum rang" not in text
