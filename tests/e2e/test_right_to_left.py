"""A right-to-left language, added the way any language is (a line in LANGUAGES; here without a catalogue, so the
words stay English): the staff interface and a public page turn to dir="rtl", load Bootstrap's right-to-left
stylesheet, and still never scroll sideways at 320 px. (The ``browser`` fixture also checks each page with axe,
for reflow, for non-text contrast and with the Nu Html Checker.)"""

import pytest

from tests.factories import PASSWORD

BRAND_AND_EDGES = """() => {
    const brand = document.querySelector(".navbar-brand").getBoundingClientRect();
    const bar = document.querySelector(".navbar .container").getBoundingClientRect();
    return [bar.right - brand.right, brand.left - bar.left];
}"""
STYLESHEETS = "() => [...document.querySelectorAll('link[rel=stylesheet]')].map((link) => link.getAttribute('href'))"


@pytest.fixture
def urdu(browser, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ur", "Urdu")]
    browser.page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ur", "url": browser.base_url}])
    return browser


def _assert_laid_out_from_the_right(page):
    assert page.evaluate("() => [document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ur"]
    sheets = page.evaluate(STYLESHEETS)
    assert any("bootstrap.rtl.min" in href for href in sheets), sheets
    assert not any("bootstrap.min" in href for href in sheets), sheets
    # Bootstrap's right-to-left rules apply: the brand starts the bar at its right edge, the room is on its left.
    right_gap, left_gap = page.evaluate(BRAND_AND_EDGES)
    assert right_gap < 24 and left_gap > right_gap
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_staff_page_lays_out_from_the_right_in_a_right_to_left_language(urdu, coordinator):
    page = urdu.goto("/accounts/login/")
    _assert_laid_out_from_the_right(page)
    # By name: Django's own words (the password's label) do come in Urdu, from Django's catalogue.
    page.locator("input[name=username]").fill(coordinator.username)
    page.locator("input[name=password]").fill(PASSWORD)
    urdu.click_and_wait(page.get_by_role("button", name="Sign in"))
    urdu.click_and_wait(page.get_by_role("link", name="Summits", exact=True))
    _assert_laid_out_from_the_right(page)
    urdu.screenshot("summits-rtl")


def test_a_public_page_lays_out_from_the_right_in_a_right_to_left_language(urdu):
    page = urdu.goto("/interest/")
    _assert_laid_out_from_the_right(page)
    urdu.screenshot("interest-rtl")


def test_a_left_to_right_language_keeps_the_left_to_right_stylesheet(browser):
    page = browser.goto("/interest/")
    assert page.evaluate("() => document.documentElement.dir") == "ltr"
    sheets = page.evaluate(STYLESHEETS)
    assert any("bootstrap.min" in href for href in sheets) and not any("rtl" in href for href in sheets), sheets
    right_gap, left_gap = page.evaluate(BRAND_AND_EDGES)
    assert left_gap < 24 and right_gap > left_gap
