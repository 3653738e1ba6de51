import re

from events.models import TicketHolder
from feedback.models import ExpressionOfInterest, SurveyResponse
from feedback.services import survey_ensure
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.events.tickets.helpers import EVENTBRITE_SAMPLE
from tests.factories import PASSWORD
from tests.feedback.factories import invitation_with_link


def sign_in(browser, user):
    page = browser.goto("/accounts/login/")
    page.get_by_label("Username or e-mail address").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    browser.click_and_wait(page.get_by_role("button", name="Sign in"))


def test_member_of_the_public_answers_the_survey_on_a_phone(browser):
    browser.page.set_viewport_size({"width": 390, "height": 844})
    summit = SummitFactory(title="Lewisham summit")
    survey = survey_ensure(summit=summit)
    _, token = invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=summit))

    page = browser.goto(f"/s/{token}/")
    assert page.get_by_role("heading", name="How was Lewisham summit?").is_visible()
    # Nothing is wider than the phone's screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.get_by_role("group", name="Overall, how was the event?").get_by_label("4").check()
    page.get_by_role("group", name="Did the event change how you see the police?").get_by_label(
        "A bit more positive"
    ).check()
    page.get_by_role("group", name="Would you be interested in any of these?").get_by_label(
        "Volunteer police cadets"
    ).check()
    page.get_by_label("What should we do differently next time?").fill("More time for questions.")
    page.get_by_role("group", name="Your age").get_by_label("25 to 34").check()
    browser.click_and_wait(page.get_by_role("button", name="Send my answers"))
    assert page.get_by_role("heading", name="Thank you").is_visible()
    browser.screenshot("survey-thanks-phone")

    response = SurveyResponse.objects.get(survey=survey)
    stored = {a.question.key: (a.rating, a.choices, a.text) for a in response.answers.select_related("question")}
    assert stored["overall"] == (4, [], "") and stored["differently"] == (None, [], "More time for questions.")
    assert stored["age_band"] == (None, ["25 to 34"], "")

    # The same link again shows the thank-you, not the form.
    page = browser.goto(f"/s/{token}/")
    assert page.get_by_role("heading", name="Thank you").is_visible()
    assert page.get_by_role("button", name="Send my answers").count() == 0

    # From the thank-you page to the interest form, kept apart from the answers.
    browser.click_and_wait(page.get_by_role("link", name="I'd like to hear more"))
    page.get_by_label("Your name").fill("Ada Obi")
    page.get_by_label("E-mail address").fill("ada@example.org")
    page.get_by_label("Special constable (volunteer officer)").check()
    page.get_by_label(re.compile("I agree that the police outreach team")).check()
    browser.click_and_wait(page.get_by_role("button", name="Send"))
    assert page.get_by_role("heading", name="Thank you").is_visible()
    assert ExpressionOfInterest.objects.get().source == "survey"


def test_coordinator_imports_an_eventbrite_file_through_the_upload_page(browser, coordinator):
    summit = SummitFactory(title="Croydon summit")
    sign_in(browser, coordinator)
    page = browser.goto(f"/summits/{summit.slug}/tickets/import/")
    page.get_by_label("Attendee report").set_input_files(str(EVENTBRITE_SAMPLE))
    browser.click_and_wait(page.get_by_role("button", name="Upload and preview"))
    assert page.get_by_text("40 rows read, as Eventbrite.").is_visible()
    assert page.get_by_role("cell", name="Samira Okoye").is_visible()
    assert TicketHolder.objects.count() == 0
    browser.click_and_wait(page.get_by_role("button", name="Import: 40 new, 0 changed"))
    assert page.get_by_text("40 created, 0 updated, 0 rejected").is_visible()
    browser.click_and_wait(page.get_by_role("link", name="Open the door list"))
    page.get_by_label("Search by name, e-mail or reference").fill("Daniel")
    browser.click_and_wait(page.get_by_role("button", name="Search"))
    browser.click_and_wait(page.get_by_role("button", name="Check in Daniel Adeyemi"))
    assert page.get_by_text("Daniel Adeyemi checked in.").is_visible()
    assert TicketHolder.objects.get(summit=summit, attendee_ref="1500000002").checked_in is True
