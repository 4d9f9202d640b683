"""The service's main pages have no WCAG 2.2 AA violation that axe-core finds, in Debian's
chromium, each seen by a role that uses it: signing in, the home pages, finding a child, the child
record and who has seen it, the analysts' lists and returns, the users list, your account, and the
"not found" and "problem with the service" pages."""

import datetime as dt

import pytest
from django.urls import reverse

from opencsc.casework import actions as cw
from opencsc.core.tests.browser import assert_none, axe_violations, new_page, sign_in
from opencsc.returns.models import ReturnRun
from opencsc.testing import give_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(personas, today):
    lily = personas.lily
    give_records(lily, by=personas.sam)
    cw.record_visit(
        by=personas.sam,
        person=lily,
        kind="cin",
        visited_on=dt.date(2025, 9, 10),
        seen=True,
        seen_alone=True,
        wishes_and_feelings="Lily said she likes her new school.",
        worker=personas.sam.worker,
    )
    ReturnRun.objects.create(
        kind="cin", year=2026, requested_by=personas.alex, status="done", error_count=0
    )
    ReturnRun.objects.create(kind="903", year=2026, requested_by=personas.alex, status="failed")
    return personas


def test_the_main_pages_are_accessible(chromium, live_server, world, settings):
    # The site's URLs and a path that fails, for the 500 page (core/tests/test_views_server_error).
    settings.ROOT_URLCONF = "opencsc.core.tests.test_views_server_error"
    lily = world.lily.pk
    base = live_server.url
    violations = []

    def check(page, path, status=200, where="", shows="", submit=False):
        response = page.goto(base + path)
        assert response.status == status, f"{path}: {response.status}"
        # The page in the state meant (a list with rows, not an empty one).
        assert shows in page.inner_text("main"), f"{path}: no {shows!r}"
        violations.extend(axe_violations(page, where))
        if submit:  # and in its error state: the form sent as it stands, with nothing filled in
            with page.expect_navigation():
                page.click("main form button[type=submit]")
            assert page.locator(".govuk-error-summary").is_visible(), f"{path}: no errors"
            violations.extend(axe_violations(page, f"{where or path} (errors)"))

    page = new_page(chromium)
    check(page, reverse("accounts:login"), submit=True)
    page.context.close()

    search = reverse("people:person-search")
    cohort = reverse("oversight:pseudonymised-list")
    # who: [(page, text it must show, whether to see its error state too)]
    pages = {
        "sam": [
            (reverse("home"), "Lily Puddlewhistle"),
            (search, ""),
            (f"{search}?q=Puddlewhistle", "Lily Puddlewhistle"),
            (reverse("people:person-detail", args=[lily]), "Lily said she likes her new school."),
            (reverse("accounts:account"), ""),
            (reverse("accounts:password-change"), "", True),
        ],
        "tara": [
            (reverse("home"), "Lily Puddlewhistle"),
            (reverse("people:person-access", args=[lily]), "Sam Quillfeather"),
        ],
        "alex": [
            (reverse("home"), ""),
            (cohort, ""),
            (f"{cohort}?cohort=cin&on_day=30&on_month=11&on_year=2026", "P-"),
            (f"{cohort}?cohort=cin&on_day=31&on_month=11&on_year=2026", "There is a problem"),
            (reverse("returns:return-list"), "Failed", True),
        ],
        "ada": [
            (reverse("accounts:user-list"), "Sam Quillfeather"),
            (reverse("accounts:user-detail", args=[world.sam.pk]), "Sam Quillfeather"),
            (reverse("accounts:user-create"), "", True),
        ],
    }
    for username, paths in pages.items():
        page = new_page(chromium)
        sign_in(page, base, username)
        for path, shows, *submit in paths:
            status = 400 if shows == "There is a problem" else 200
            where = f"{path} as {username}"
            check(page, path, status, where, shows, submit=bool(submit))
        if username == "sam":
            check(page, "/no-such-page/", status=404)
            check(page, reverse("people:person-access", args=[lily]), status=403)
            check(page, "/broken/", status=500)
        page.context.close()
    assert_none(violations)
