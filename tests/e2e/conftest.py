"""Browser tests: real Chromium driven by Playwright against pytest-django's live server.

Every page a test visits is checked four ways, and a failure of any fails the test, as does a page the test
navigated to but never had checked:

- axe-core (kept as a test asset in tests/e2e/assets/): no serious or critical violation;
- reflow (WCAG 1.4.10): at 320 CSS px wide, which is also what a 1280 px window shows at 400 % zoom, nothing
  scrolls sideways (``document.documentElement.scrollWidth`` <= 320);
- non-text contrast (WCAG 1.4.11): the edge of every visible form control, and the focus ring of every focusable
  element, is 3:1 or more against what lies behind it, computed in the page from ``getComputedStyle``;
- the Nu Html Checker (vnu.jar, installed by ``make setup`` under tools/vnu, run with the machine's Java): no error
  in the HTML the server sent, nor in an e-mail a test hands to ``check_email_html``.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
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
REFLOW_WIDTH = 320
VNU_JAR = Path(__file__).resolve().parents[2] / "tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
# Focus is moved by script after one real Tab press, so Chromium draws the :focus-visible ring a keyboard user sees.
CONTRAST_JS = (ASSETS / "non_text_contrast.js").read_text()


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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HtmlChecker:
    """The Nu Html Checker as a local web service, started once per test process (the JVM takes seconds to start,
    then answers each document in milliseconds)."""

    def __init__(self):
        self.port = _free_port()
        self.process = subprocess.Popen(
            [
                "java",
                "-Xss4m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                break
            except OSError:
                assert self.process.poll() is None, "the Nu Html Checker stopped while starting"
                time.sleep(0.5)
        else:
            raise AssertionError("the Nu Html Checker did not start within 120 s")

    def errors(self, html: str) -> list[str]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            messages = json.load(response)["messages"]
        return [
            f"line {m.get('lastLine', '?')}: {m['message']}"
            for m in messages
            if m["type"] == "error" or m.get("subType") == "fatal"
        ]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def html_checker():
    need(shutil.which("java") is not None, "needs Java for the Nu Html Checker (apt-get install default-jre-headless)")
    need(VNU_JAR.exists(), f"needs {VNU_JAR} (make setup installs it with npm ci in tools/vnu)")
    checker = HtmlChecker()
    yield checker
    checker.stop()


class AccessibleBrowser:
    """A Playwright page whose every navigation must be checked with axe, for reflow, for non-text contrast and with
    the Nu Html Checker before the test ends."""

    def __init__(self, page, base_url, html_checker):
        self.page = page
        self.base_url = base_url
        self.html_checker = html_checker
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
        response = self.page.goto(self.base_url + path)
        self.check_accessibility(response)
        return self.page

    def click_and_wait(self, locator):
        """Click something that loads a new page, then check that page."""
        with self.page.expect_navigation() as navigation:
            locator.click()
        self.check_accessibility(navigation.value)
        return self.page

    def check_accessibility(self, response=None):
        self.page.wait_for_load_state("load")
        self._check_axe()
        self._check_reflow()
        self._check_non_text_contrast()
        self.check_html(response.text() if response is not None else self.page.content(), self.page.url)
        self.checked.add(len(self.navigations) - 1)

    def check_html(self, html: str, where: str):
        for error in self.html_checker.errors(html):
            self.violations.append(f"{where}: [Nu Html Checker] {error}")

    def check_email_html(self, message):
        """The HTML part of an e-mail, through the Nu Html Checker."""
        html = next(content for content, kind in message.alternatives if kind == "text/html")
        self.check_html(html, f"e-mail {message.subject!r}")

    def _check_reflow(self):
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"]})
        try:
            width = self.page.evaluate("() => document.documentElement.scrollWidth")
            if width > REFLOW_WIDTH:
                wide = self.page.evaluate(
                    """(limit) => {
                        const scrolled = (el) => {
                            for (let node = el.parentElement; node; node = node.parentElement) {
                                if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(node).overflowX)) {
                                    return node !== document.documentElement && node !== document.body;
                                }
                            }
                            return false;
                        };
                        return [...document.querySelectorAll('body *')]
                            .filter((el) => el.getBoundingClientRect().right > limit + 1 && !scrolled(el))
                            .slice(-3).map((el) => el.tagName.toLowerCase() + '.' + el.className);
                    }""",
                    REFLOW_WIDTH,
                )
                self.violations.append(
                    f"{self.page.url}: [reflow] {width} px wide at {REFLOW_WIDTH} px (sticking out: {wide})"
                )
        finally:
            self.page.set_viewport_size(size)

    def _check_non_text_contrast(self):
        # One real Tab press makes Chromium draw :focus-visible for the focus the script then moves; where focus was
        # (the error summary, say) is put back afterwards.
        self.page.evaluate("() => { window.btbFocusBefore = document.activeElement; }")
        self.page.keyboard.press("Tab")
        for failure in self.page.evaluate(CONTRAST_JS):
            self.violations.append(f"{self.page.url}: [non-text contrast] {failure}")

    def _check_axe(self):
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

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_all_checked(self):
        unchecked = [url for index, url in enumerate(self.navigations) if index not in self.checked]
        assert not unchecked, f"pages visited but not checked: {unchecked}"
        assert not self.violations, "accessibility or HTML violations:\n" + "\n".join(self.violations)
        assert not self.console_errors, "errors in the browser console:\n" + "\n".join(self.console_errors)


@pytest.fixture
def browser(chromium, live_server, html_checker, request):
    # Reduced motion turns Bootstrap's colour transitions off, so axe measures the colours a person settles on
    # rather than a frame midway through a hover or focus change (which, on a loaded machine, it sometimes caught).
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15_000)
    accessible = AccessibleBrowser(page, live_server.url, html_checker)
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
