"""Every recording form, found from the URL configuration, has no WCAG 2.2 AA violation that
axe-core finds, blank and in its error state (submitted empty), in Debian's chromium, and each link
of its error summary leads to a field. One browser session walks them all, as Sam on Lily."""

import pytest
from django.urls import reverse

from opencsc.core.forms import recording_views
from opencsc.core.tests.browser import assert_accessible, assert_none, axe_violations, sign_in
from opencsc.testing import give_records, record_kwarg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


EMPTY_THE_FORM = """() => {
    for (const box of document.querySelectorAll("main form[method=post] input:not([type=hidden]), main form[method=post] textarea")) {
        if (box.type === "radio" || box.type === "checkbox") box.checked = false; else box.value = "";
    }
    for (const list of document.querySelectorAll("main form[method=post] select")) list.selectedIndex = 0;
}"""


# Each link of the error summary, and what it leads to: GOV.UK Frontend moves the focus to the
# element the link names, so it must be a field a keyboard user can type into or choose with.
UNREACHABLE_ERROR_LINKS = """() => [...document.querySelectorAll(".govuk-error-summary a")]
  .map(a => [a.getAttribute("href"), document.getElementById(a.hash.slice(1))])
  .filter(([href, el]) => !el || !el.matches("input:not([type=hidden]), select, textarea"))
  .map(([href, el]) => href + (el ? " names a " + el.tagName.toLowerCase() : " names nothing"))"""


def form_urls(child) -> list[str]:
    return [
        reverse(
            name,
            kwargs={p: child.pk if p == "person_id" else record_kwarg(child, p) for p in params},
        )
        for name, _, params in sorted(recording_views(), key=lambda v: v[0])
    ]


def test_every_recording_form_is_accessible_blank_and_with_errors(
    page, live_server, personas, today
):
    give_records(personas.lily, by=personas.sam)
    urls = form_urls(personas.lily)
    assert len(urls) >= 2, urls
    sign_in(page, live_server.url, "sam")
    violations, unreachable = [], []
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        violations += axe_violations(page, f"{url} (blank)")
        page.evaluate(EMPTY_THE_FORM)  # an edit page comes filled in with what is saved
        with page.expect_navigation():
            page.click("main form[method=post] button[type=submit]")
        assert page.locator(".govuk-error-summary").is_visible(), f"{url}: no error summary"
        violations += axe_violations(page, f"{url} (errors)")
        unreachable += [f"{url}: {link}" for link in page.evaluate(UNREACHABLE_ERROR_LINKS)]
    assert not unreachable, "error summary links that lead to no field:\n" + "\n".join(unreachable)
    assert_none(violations)


def test_axe_finds_a_known_violation_and_names_it(page, live_server, personas):
    page.goto(f"{live_server.url}/accounts/sign-in/")
    assert_accessible(page)
    # An image with no text alternative, as a careless template might add one.
    page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML("
        "'afterbegin', '<img src=\"/static/x.png\" class=\"careless\">')"
    )
    with pytest.raises(AssertionError) as failed:
        assert_accessible(page)
    message = str(failed.value)
    assert "1 WCAG 2.2 AA violation(s):" in message
    assert "/accounts/sign-in/: image-alt (critical) Images must have alternative text" in message
    assert '<img src="/static/x.png" class="careless">' in message
