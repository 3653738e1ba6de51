"""Browser tests: real Chromium driven by Playwright against pytest-django's live server.

Every page a test visits is checked with axe-core (kept as a test asset in tests/e2e/assets/); a serious or
critical violation fails the test, and so does a page the test navigated to but never had checked.
"""

import os
import re
import time
from pathlib import Path

import pytest
from django.core import mail

from tests.conftest import need

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
ASSETS = Path(__file__).resolve().parent / "assets"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE_SOURCE = (ASSETS / "axe.min.js").read_text()
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium():
    need(os.path.exists(CHROMIUM), f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test thread while the browser is open, which
    # Django's async-safety check mistakes for async code; the ORM calls the tests make are all synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class AccessibleBrowser:
    """A Playwright page whose every navigation must be checked with axe before the test ends."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.navigations: list[str] = []
        self.checked: set[int] = set()
        self.violations: list[str] = []
        self.console_errors: list[str] = []
        page.on("framenavigated", self._on_navigation)
        # A Content-Security-Policy refusal (an inline script or style) shows up as a console error.
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))

    def _on_navigation(self, frame):
        if frame == self.page.main_frame:
            self.navigations.append(frame.url)

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        self.check_accessibility()
        return self.page

    def click_and_wait(self, locator):
        """Click something that loads a new page, then check that page."""
        with self.page.expect_navigation():
            locator.click()
        self.check_accessibility()
        return self.page

    def check_accessibility(self):
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, so the page's CSP (rightly) does not apply to axe.
            self.page.evaluate(AXE_SOURCE)
        results = self.page.evaluate("async () => (await axe.run(document)).violations")
        for violation in results:
            if violation["impact"] in BLOCKING_IMPACTS:
                targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
                self.violations.append(
                    f"{self.page.url}: [{violation['impact']}] {violation['id']}: {violation['help']} ({targets})"
                )
        self.checked.add(len(self.navigations) - 1)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_all_checked(self):
        unchecked = [url for index, url in enumerate(self.navigations) if index not in self.checked]
        assert not unchecked, f"pages visited but not checked with axe: {unchecked}"
        assert not self.violations, "accessibility violations:\n" + "\n".join(self.violations)
        assert not self.console_errors, "errors in the browser console:\n" + "\n".join(self.console_errors)


@pytest.fixture
def browser(chromium, live_server, request):
    # Reduced motion turns Bootstrap's colour transitions off, so axe measures the colours a person settles on
    # rather than a frame midway through a hover or focus change (which, on a loaded machine, it sometimes caught).
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15_000)
    accessible = AccessibleBrowser(page, live_server.url)
    yield accessible
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        accessible.screenshot(f"FAILED-{request.node.name}")
    context.close()
    if not failed:
        accessible.assert_all_checked()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def wait_for_mail(to: str, timeout: float = 10.0):
    """The live server sends mail from its own thread, when its transaction commits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mail.outbox:
            if to in message.to:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no e-mail to {to} within {timeout} s; outbox: {[m.to for m in mail.outbox]}")


def link_path(message, pattern: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", message.body)
    assert match, message.body
    return match.group(1)
