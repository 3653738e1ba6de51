import re

from media_appearances.models import Appearance
from tests.factories import PASSWORD
from tests.media_appearances.factories import OutletFactory

PDF_PATH_NAME = "media-officer-brief.pdf"


def _sign_in(browser, user):
    page = browser.goto("/accounts/login/")
    page.get_by_label("Username or e-mail address").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    browser.click_and_wait(page.get_by_role("button", name="Sign in"))
    return page


def test_coordinator_logs_an_appearance_with_a_tailored_question_set_and_opens_the_brief(browser, coordinator):
    OutletFactory(name="East London Community Radio")
    page = _sign_in(browser, coordinator)
    browser.click_and_wait(page.get_by_role("link", name="Media", exact=True))
    browser.click_and_wait(page.get_by_role("link", name="Log an appearance", exact=True))

    page.get_by_label("Outlet").select_option(label="East London Community Radio")
    page.get_by_label("Title").fill("Drive-time: officers in their own words")
    page.get_by_label("Starts").fill("2026-06-04T17:30")
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Place").fill("Studio 1, 12 Mare Street, E8")
    page.get_by_label("Presenter (other)").fill("Kemi Adeyemi")
    page.get_by_label("Question set").select_option(label="Standard interview")
    page.get_by_label("Tailoring note").fill("After last week's incident: do not discuss the case.")
    page.get_by_label("Career and role so far").check()
    browser.click_and_wait(page.get_by_role("button", name="Log the appearance"))
    assert page.get_by_text("has been logged as proposed").is_visible()
    appearance = Appearance.objects.get(title="Drive-time: officers in their own words")
    assert appearance.question_set.copied_from.name == "Standard interview"

    browser.click_and_wait(page.get_by_role("link", name="Tailor the questions"))
    items = page.locator(".btb-question-item .fw-semibold")
    first, second = items.nth(0).inner_text(), items.nth(1).inner_text()
    browser.click_and_wait(page.get_by_role("button", name="Move question 2 down"))
    browser.click_and_wait(page.get_by_role("link", name="Tailor question 1", exact=True))
    page.get_by_label("Question").fill("Tell Hackney about your career so far.")
    browser.click_and_wait(page.get_by_role("button", name="Save the question"))
    assert page.get_by_text("the bank is unchanged").is_visible()
    browser.click_and_wait(page.get_by_role("link", name="Drive-time: officers in their own words"))

    browser.click_and_wait(page.get_by_role("link", name="Officer brief"))
    assert page.get_by_role("heading", name="Drive-time: officers in their own words").is_visible()
    assert page.get_by_text("Studio 1, 12 Mare Street, E8").is_visible()
    assert page.get_by_text("After last week's incident: do not discuss the case.").is_visible()
    questions = page.locator(".btb-brief-question-text").all_inner_texts()
    assert questions[0] == "Tell Hackney about your career so far."
    assert questions[1:3] == [questions[1], second] and questions[1] != first
    assert len(questions) == 9
    assert page.locator(".btb-brief-question-prep").count() >= 8
    browser.screenshot("media-officer-brief")

    # Printed on A4, the brief drops the navigation and keeps the questions.
    page.emulate_media(media="print")
    assert page.locator(".btb-navbar").is_hidden()
    assert page.get_by_role("button", name="Print").is_hidden()
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    browser.screenshot("media-officer-brief-print")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"the officer brief should fit on one or two A4 pages, got {pages}"
    from tests.e2e.conftest import ARTIFACTS

    (ARTIFACTS / PDF_PATH_NAME).write_bytes(pdf)
