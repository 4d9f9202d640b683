"""In Debian's chromium, the front door to child protection for one child, each step recorded by
the person who does it through the links on the child's record and the real forms: Sam, the
child's social worker, records the work; Tara, his team manager, decides at the front door,
authorises the assessment and closes the case. At the end the chronology shows every step and the
child's own words, and axe-core finds nothing wrong with the record."""

import datetime as dt

import pytest

from opencsc.core.tests.browser import assert_accessible, fill_date, follow, new_page, save, sign_in
from opencsc.testing import new_child
from opencsc.workforce import actions as wf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = dt.date
WORDS = "I don't like it when Dad shouts. I want my own bed and for Mum to be happy."


@pytest.fixture
def tara_page(chromium):
    """Tara's own browser window, beside Sam's (``page``): each keeps their own sign-in."""
    pg = new_page(chromium)
    yield pg
    pg.context.close()


def choose(page, name: str, value: str) -> None:
    """Tick the radio or checkbox ``name`` whose value is ``value``."""
    page.check(f"main input[name={name}][value='{value}']")


def chronology(page) -> list[tuple[str, str, str]]:
    """The chronology on the record page: (date, title, the rest of what happened) a row."""
    return [
        tuple(row)
        for row in page.evaluate(
            """() => [...document.querySelectorAll("table:has(caption) tbody tr")].map(tr => {
                 const cell = tr.cells[2], title = cell.querySelector("strong").innerText;
                 return [tr.cells[0].innerText, title, cell.innerText.slice(title.length).trim()];
               })"""
        )
    ]


def test_the_front_door_to_child_protection_step_by_step(
    page, tara_page, live_server, personas, today
):
    sam, tara = page, tara_page
    noah = new_child(personas.sam)
    wf.allocate(
        by=personas.tara,
        person=noah,
        worker=personas.sam.worker,
        started_on=D(2026, 6, 1),
        change_reason="FCONTA",
    )
    record = f"{live_server.url}{noah.get_absolute_url()}"
    sign_in(sam, live_server.url, "sam")
    sign_in(tara, live_server.url, "tara")

    def at_record(page):
        page.goto(record)
        assert page.locator("h1").inner_text() == "Noah Brackenridge"

    # Sam: the school rings the front door.
    at_record(sam)
    follow(sam, "Record a contact")
    fill_date(sam, "received_on", D(2026, 6, 1))
    sam.select_option("select[name=source]", "2A")  # Schools
    sam.fill("textarea[name=summary]", "The class teacher saw bruising on Noah's arm.")
    save(sam, "Save the contact")
    assert sam.url == record

    # Tara, as the front door's manager, decides that it is a referral.
    at_record(tara)
    follow(tara, "Decide on the contact received on 1 June 2026")
    choose(tara, "outcome", "REFERRAL")
    fill_date(tara, "decided_on", D(2026, 6, 2))
    save(tara, "Save the decision")

    # Sam records the referral from the contact (its date and source come from the contact).
    at_record(sam)
    follow(sam, "Record the referral from the contact received on 1 June 2026")
    assert sam.input_value("input[name=received_on_day]") == "1"
    assert sam.input_value("select[name=source]") == "2A"
    sam.select_option("select[name=primary_need]", "N1")
    sam.select_option("select[name=worker]", str(personas.sam.worker.pk))
    save(sam, "Save the referral")

    # Tara decides on the next steps: not "no further action".
    at_record(tara)
    follow(tara, "Decide on the referral received on 1 June 2026")
    fill_date(tara, "decided_on", D(2026, 6, 2))
    choose(tara, "nfa", "no")
    save(tara, "Save the decision")

    # Sam starts the assessment.
    at_record(sam)
    follow(sam, "Start an assessment")
    fill_date(sam, "started_on", D(2026, 6, 2))
    sam.select_option("select[name=worker]", str(personas.sam.worker.pk))
    save(sam, "Save the assessment")

    # Tara authorises it. There is no page yet for Sam to submit it and Tara to return it to him
    # with comments (#8 item 4): the journey's "returned by the manager" waits for that page.
    at_record(tara)
    follow(tara, "Record the authorised assessment started on 2 June 2026")
    fill_date(tara, "authorised_on", D(2026, 6, 12))
    choose(tara, "child_seen", "yes")
    choose(tara, "factors", "18C")  # Physical abuse: adult on child
    choose(tara, "factors", "3B")  # Domestic violence: parent or carer subject
    choose(tara, "services_required", "yes")
    save(tara, "Save the authorised assessment")

    # Sam: a strategy discussion with the police, health and the school starts a section 47.
    at_record(sam)
    follow(sam, "Record a strategy discussion")
    fill_date(sam, "held_on", D(2026, 6, 15))
    for agency in ("social_care", "police", "health", "education"):
        choose(sam, "agencies", agency)
    choose(sam, "s47_initiated", "yes")
    sam.select_option("select[name=worker]", str(personas.sam.worker.pk))
    sam.fill("textarea[name=summary]", "Joint visit with the police; a medical for Noah.")
    save(sam, "Save the strategy discussion")

    follow(sam, "Record the section 47 outcome")
    choose(sam, "outcome", "cp_conference")
    fill_date(sam, "ended_on", D(2026, 6, 22))
    save(sam, "Save the outcome")

    # The initial conference makes a plan (physical abuse), within 15 working days.
    follow(sam, "Record the initial child protection conference")
    fill_date(sam, "held_on", D(2026, 7, 3))
    sam.select_option("select[name=participation]", "PN1")
    choose(sam, "plan_decided", "yes")
    choose(sam, "category", "PHY")
    save(sam, "Save the conference")

    # A statutory visit: Noah seen alone, and what he said in his own words.
    follow(sam, "Record a visit")
    choose(sam, "kind", "cp")
    fill_date(sam, "visited_on", D(2026, 7, 10))
    choose(sam, "method", "face_to_face")
    choose(sam, "seen", "yes")
    choose(sam, "seen_alone", "yes")
    choose(sam, "bedroom_seen", "yes")
    sam.fill("textarea[name=wishes_and_feelings]", WORDS)
    assert sam.input_value("select[name=worker]") == str(personas.sam.worker.pk)
    save(sam, "Save the visit")

    # The first review, within three months: the plan continues.
    follow(sam, "Hold a review conference")
    fill_date(sam, "held_on", D(2026, 9, 25))
    choose(sam, "quorate", "yes")
    choose(sam, "plan_continues", "yes")
    save(sam, "Save the review")

    # The family moves to another council, whose transfer-in conference takes the plan on.
    follow(sam, "End the child protection plan")
    fill_date(sam, "ended_on", D(2026, 11, 2))
    save(sam, "End the plan")

    # Tara closes the case: transferred to another council's services.
    at_record(tara)
    follow(tara, "Close the case (referral received on 1 June 2026)")
    fill_date(tara, "closed_on", D(2026, 11, 2))
    choose(tara, "reason", "RC5")
    save(tara, "Close the case")

    at_record(sam)
    rows = chronology(sam)
    steps = [(on, title) for on, title, _ in rows]
    for step in [
        ("1 Jun 2026", "Contact received"),
        ("2 Jun 2026", "Contact decision: Referral to children's social care"),
        ("1 Jun 2026", "Referral received"),
        ("2 Jun 2026", "Referral decision"),
        ("2 Jun 2026", "Assessment started"),
        ("12 Jun 2026", "Assessment authorised"),
        ("15 Jun 2026", "Strategy discussion"),
        ("22 Jun 2026", "Section 47 enquiry completed"),
        ("3 Jul 2026", "Initial child protection conference"),
        ("3 Jul 2026", "Child protection plan started"),
        ("10 Jul 2026", "Child protection statutory visit"),
        ("25 Sep 2026", "Review child protection conference"),
        ("2 Nov 2026", "Child protection plan ended"),
        ("2 Nov 2026", "Child in need episode closed"),
    ]:
        assert step in steps, f"{step} is not in the chronology: {steps}"
    details = {(on, title): rest for on, title, rest in rows}
    assert WORDS in details["10 Jul 2026", "Child protection statutory visit"]
    assert "Child seen alone" in details["10 Jul 2026", "Child protection statutory visit"]
    assert "Police" in details["15 Jun 2026", "Strategy discussion"]
    assert "Physical abuse" in details["3 Jul 2026", "Child protection plan started"]
    assert "another LA" in details["2 Nov 2026", "Child in need episode closed"]
    assert "Closed" in sam.locator("main dl").inner_text()
    assert_accessible(sam, "the record after the front door to child protection")
