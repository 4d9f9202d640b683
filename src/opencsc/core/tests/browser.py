"""What the browser tests share: Debian's chromium through Playwright, signing in, and axe-core.

Chromium is the machine's own (``/usr/bin/chromium``), never a browser Playwright downloads. axe-core
is the copy in ``data/axe/`` (see ``data/README.md``), added to every page the context opens; it is
never served by the app nor fetched when the tests run.

``axe_violations(page)`` runs axe's WCAG 2.0, 2.1 and 2.2 A and AA rules on the page as it is now;
``assert_accessible(page)`` fails listing each violation readably (``assert_none`` does for a list
gathered over several pages). A module takes one browser
(the ``chromium`` fixture in ``src/opencsc/conftest.py``) and a fresh context per test (``page``).
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE_JS = Path(__file__).parent / "data" / "axe" / "axe.min.js"
# WCAG 2.2 AA, with every level below it: axe tags each rule with the version and level that
# brought it in, so all five are needed (wcag22a has no rule of its own in axe).
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@contextmanager
def launch() -> Iterator[Any]:
    """Debian's chromium, headless, for as long as the ``with`` lasts.

    Without chromium the test is skipped on a developer's machine and fails in CI (``make test``
    installs it with apt-get as root)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: `make test` installs it with apt-get.")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own database work is
    # synchronous and safe here, so Django must not refuse it.
    with pytest.MonkeyPatch.context() as mp, sync_playwright() as p:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any) -> Any:
    """A page in a fresh context (no cookies), with axe-core added to every document it loads.

    An init script, not a <script> tag: the site's Content-Security-Policy refuses inline scripts
    without its nonce, and the page under test keeps that policy."""
    context = browser.new_context()
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def sign_in(page: Any, base_url: str, username: str) -> None:
    """Sign in as one of the personas through the sign-in form, and wait for the home page."""
    from opencsc.testing import PASSWORD

    page.goto(f"{base_url}/accounts/sign-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def follow(page: Any, name: str) -> None:
    """Click the link named ``name`` (exactly) in the page's main content, as a user would, and
    wait for the page it opens."""
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=name, exact=True).click()


def fill_date(page: Any, name: str, day: Any) -> None:
    """Type ``day`` into the GOV.UK date input ``name`` (its day, month and year boxes)."""
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        page.fill(f"input[name={name}_{part}]", str(value))


def save(page: Any, button: str) -> None:
    """Press the form's button named ``button`` and wait for the next page; fail with the error
    summary's text if the form refused what was entered."""
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=button, exact=True).click()
    summary = page.locator(".govuk-error-summary")
    if summary.count():
        raise AssertionError(f"{page.url} refused what was entered: {summary.inner_text()}")


# The focused element shows it: GOV.UK Frontend's focus state is a yellow background with a black
# bar (box-shadow) on links and buttons, and a thick outline (with an inset shadow) on inputs.
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (el === document.body) return true;  // past the last element: the focus is in the browser
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
    && style.outlineColor !== "rgba(0, 0, 0, 0)";
  return outline || style.boxShadow !== "none";
}"""
FOCUSED = "() => { const el = document.activeElement; return el.id || el.outerHTML.slice(0, 120); }"


def tab_to(page: Any, selector: str, *, back: bool = False, limit: int = 60) -> None:
    """Press Tab (Shift+Tab when ``back``) until the element matching ``selector`` has the focus,
    as a keyboard user would.

    Fails if it is not reached within ``limit`` presses, or if an element on the way does not
    show that it has the focus (WCAG 2.4.7)."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {page.evaluate(FOCUSED)}"
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab on {page.url}")


def focused(page: Any) -> str:
    """The id of the element with the focus (or the start of its markup when it has none)."""
    return str(page.evaluate(FOCUSED))


@dataclass(frozen=True)
class Violation:
    """One axe rule broken on one page, with every element that breaks it."""

    page: str
    rule: str
    impact: str
    help: str
    help_url: str
    targets: tuple[str, ...]
    html: tuple[str, ...]

    def __str__(self) -> str:
        where = "\n".join(
            f"      {target}  {html[:160]}"
            for target, html in zip(self.targets, self.html, strict=True)
        )
        return (
            f"  {self.page}: {self.rule} ({self.impact}) {self.help}\n{where}\n    {self.help_url}"
        )


def axe_violations(page: Any, where: str = "") -> list[Violation]:
    """The WCAG 2.2 A and AA violations axe finds on the page now; ``where`` names the page in
    the report (the page's path when not given)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        raise AssertionError("axe-core is not on this page: open it with new_page(browser)")
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]},
    )
    if not where:
        url = urlsplit(page.url)
        where = url.path + (f"?{url.query}" if url.query else "")
    return [
        Violation(
            page=where,
            rule=v["id"],
            impact=v["impact"] or "",
            help=v["help"],
            help_url=v["helpUrl"],
            targets=tuple(" ".join(map(str, node["target"])) for node in v["nodes"]),
            html=tuple(node["html"] for node in v["nodes"]),
        )
        for v in results["violations"]
    ]


def report(violations: list[Violation]) -> str:
    """Violations as a readable list, one rule a paragraph with the elements that break it."""
    return f"{len(violations)} WCAG 2.2 AA violation(s):\n" + "\n".join(map(str, violations))


def assert_none(violations: list[Violation]) -> None:
    """Fail with ``report(violations)`` (and nothing else to read past) unless there are none."""
    if violations:
        raise AssertionError(report(violations))


def assert_accessible(page: Any, where: str = "") -> None:
    """Fail, listing each violation, unless axe finds none on the page now."""
    assert_none(axe_violations(page, where))
