"""The public pages in the browser: in Welsh on a phone, the GOV.UK error summary, 400 % zoom, right to left, and the
e-mails through the Nu Html Checker. (Every page is also checked with axe, for reflow and for non-text contrast by
the ``browser`` fixture.)"""

from django.conf import settings

from btb.mail import templated_mail
from feedback.models import ExpressionOfInterest, SurveyQuestion, SurveyResponse
from feedback.services import survey_ensure, survey_question_save
from tests.e2e.conftest import AccessibleBrowser
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.factories import invitation_with_link


def test_a_member_of_the_public_answers_the_survey_in_welsh_on_a_phone(browser):
    browser.page.set_viewport_size({"width": 360, "height": 740})
    summit = SummitFactory(title="Uwchgynhadledd Caerdydd")
    survey = survey_ensure(summit=summit)
    # A question of the coordinator's own, written in English and Welsh.
    survey_question_save(
        question=SurveyQuestion(
            survey=survey,
            position=2,
            kind="single",
            text="Was the venue easy to reach?",
            text_cy="Oedd hi'n hawdd cyrraedd y lleoliad?",
            choices=["Yes, easily", "Not really"],
            choices_cy=["Oedd, yn hawdd", "Ddim mewn gwirionedd"],
        )
    )
    _, token = invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=summit))

    page = browser.goto(f"/s/{token}/")
    assert page.get_by_role("heading", name="How was Uwchgynhadledd Caerdydd?").is_visible()
    # The switch keeps the person on the same page, now in Welsh, and says so to a screen reader in Welsh.
    browser.click_and_wait(page.get_by_role("button", name="Cymraeg"))
    assert page.url.endswith("/s/")
    assert page.evaluate("() => document.documentElement.lang") == "cy"
    assert page.get_by_role("heading", name="Sut oedd Uwchgynhadledd Caerdydd?").is_visible()
    page.get_by_role("group", name="Ar y cyfan, sut oedd y digwyddiad?").get_by_label("4").check()
    page.get_by_role("group", name="A wnaeth y digwyddiad newid sut rydych chi'n gweld yr heddlu?").get_by_label(
        "Ychydig yn fwy cadarnhaol"
    ).check()
    page.get_by_role("group", name="Oedd hi'n hawdd cyrraedd y lleoliad?").get_by_label("Ddim mewn gwirionedd").check()
    page.get_by_label("Beth ddylem ni ei wneud yn wahanol y tro nesaf?").fill("Mwy o amser i gwestiynau.")
    page.get_by_role("group", name="Eich rhywedd").get_by_label("Rwy'n disgrifio fy hun mewn ffordd arall").check()
    page.get_by_label("Os ydych yn disgrifio eich hun mewn ffordd arall, sut? (dewisol)").fill("Anneuaidd hylifol")
    browser.click_and_wait(page.get_by_role("button", name="Anfon fy atebion"))
    assert page.get_by_role("heading", name="Diolch").is_visible()
    browser.screenshot("survey-thanks-welsh-phone")

    # The answers are stored as the English options, so the figures add up across languages.
    answers = {a.question.key: a for a in SurveyResponse.objects.get(survey=survey).answers.select_related("question")}
    assert answers["overall"].rating == 4
    assert answers["perception"].choices == ["A bit more positive"]
    assert answers["was-the-venue-easy-to-reach"].choices == ["Not really"]
    assert (answers["gender"].choices, answers["gender"].text) == (
        ["I describe myself another way"],
        "Anneuaidd hylifol",
    )
    # The choice is remembered: the next page opens in Welsh.
    browser.click_and_wait(page.get_by_role("link", name="Hoffwn i glywed mwy"))
    assert page.get_by_role("heading", name="Clywed mwy am ymuno").is_visible()


def test_the_interest_form_lists_every_error_at_the_top_and_moves_focus_there(browser):
    page = browser.goto("/interest/")
    assert (
        page.get_by_role("link", name="Sign in").count() == 0
        and page.get_by_role("button", name="Sign in").count() == 0
    )
    browser.click_and_wait(page.get_by_role("button", name="Send"))
    assert page.title().startswith("Error: Hear more about joining")
    summary = page.locator("#error-summary")
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    assert summary.get_by_role("link").all_inner_texts() == [
        "Enter your name",
        "Enter an e-mail address or a phone number so that we can reach you",
        "Choose at least one thing you would like to hear about",
        "Tick the box so that we may contact you about this",
    ]
    summary.get_by_role("link", name="Enter your name").click()
    assert page.evaluate("() => document.activeElement.id") == "id_name"
    page.get_by_label("Your name").fill("Ada Obi")
    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_label("Becoming a police officer").check()
    page.get_by_label("I agree that the police outreach team", exact=False).check()
    browser.click_and_wait(page.get_by_role("button", name="Send"))
    assert page.get_by_role("heading", name="Thank you").is_visible()
    assert ExpressionOfInterest.objects.get().phone == "07700 900 982"


def test_public_pages_reflow_at_400_percent_zoom(chromium, live_server, html_checker):
    """A 1280 x 1024 window at 400 %: 320 CSS pixels wide at four device pixels each."""
    context = chromium.new_context(
        viewport={"width": 320, "height": 256}, device_scale_factor=4, locale="en-GB", reduced_motion="reduce"
    )
    page = context.new_page()
    zoomed = AccessibleBrowser(page, live_server.url, html_checker)
    summit = SummitFactory(title="Peckham and Nunhead community summit")
    survey = survey_ensure(summit=summit)
    _, token = invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=summit))
    try:
        for path in [
            f"/s/{token}/",
            "/interest/",
            "/accessibility/",
            "/s/not-a-token/",
            f"/survey/{survey.open_token}/",
        ]:
            zoomed.goto(path)
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, path
            assert page.evaluate("() => window.devicePixelRatio") == 4
        zoomed.screenshot("survey-400-percent")
    finally:
        context.close()
    zoomed.assert_all_checked()


def test_a_right_to_left_language_lays_the_page_out_from_the_right(browser, settings):
    """No right-to-left catalogue yet: a test-only Arabic shows that one would lay out correctly."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "العربية")]
    browser.page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": browser.base_url}])
    page = browser.goto("/interest/")
    assert page.evaluate("() => [document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"]
    # The heading's text starts at its box's right edge and leaves the room on its left.
    right_gap, left_gap = page.evaluate(
        """() => {
            const heading = document.querySelector("h1");
            const range = document.createRange();
            range.selectNodeContents(heading);
            const box = heading.getBoundingClientRect(), text = range.getBoundingClientRect();
            return [box.right - text.right, text.left - box.left];
        }"""
    )
    assert right_gap < 2 and left_gap > 100
    browser.page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320


def test_the_invitations_validate_in_english_welsh_and_bilingual(browser):
    summit = SummitFactory(title="Cardiff & Vale summit")
    base = {
        "summit": summit,
        "survey_url": "https://example.org/s/token/",
        "opt_out_url": "https://example.org/unsubscribe/token/",
        "first_name": "Megan",
    }
    for languages in (["en-gb"], ["cy"], ["cy", "en-gb"]):
        for reminder in (False, True):
            message = templated_mail(
                to=["megan@example.org"],
                template_prefix="feedback/email/survey_invitation",
                context={**base, "languages": languages, "reminder": reminder},
            )
            browser.check_email_html(message)
    assert not browser.violations, browser.violations
    assert settings.LANGUAGE_CODE == "en-gb"
