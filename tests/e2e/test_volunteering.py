from events.models import SignUp
from events.volunteering.enums import SignUpStatus
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory
from tests.factories import PASSWORD


def sign_in(browser, user):
    page = browser.goto("/accounts/login/")
    page.get_by_label("Username or e-mail address").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    browser.click_and_wait(page.get_by_role("button", name="Sign in"))
    return page


def sign_out(browser, page, user):
    page.get_by_role("button", name=str(user)).click()
    browser.click_and_wait(page.get_by_role("button", name="Sign out"))


def test_volunteer_signs_up_sees_schedule_and_withdraws_then_coordinator_confirms(
    browser, volunteer, other_volunteer, coordinator
):
    role = VolunteerRoleFactory(title="Welcome desk", places=2, what_to_bring="Warrant card")
    waiting_for_decision = SignUpFactory(
        role=VolunteerRoleFactory(summit=role.summit, title="Set-up crew"), volunteer=other_volunteer.volunteer
    )

    page = sign_in(browser, volunteer)
    browser.click_and_wait(page.get_by_role("link", name="Opportunities", exact=True))
    assert page.get_by_role("heading", name="Welcome desk").is_visible()
    assert page.get_by_text("Warrant card").first.is_visible()
    browser.click_and_wait(page.get_by_role("link", name="Sign up for Welcome desk"))
    page.get_by_label("Note to the coordinator").fill("I can stay until 9pm")
    browser.click_and_wait(page.get_by_role("button", name="Sign me up"))
    assert page.get_by_role("heading", name="My schedule").is_visible()
    assert page.get_by_text("You have signed up for “Welcome desk”").is_visible()
    assert page.get_by_text("Waiting for the coordinator").is_visible()

    browser.click_and_wait(page.get_by_role("link", name="Withdraw from Welcome desk"))
    page.get_by_label("Why are you pulling out?").fill("Called in for duty")
    browser.click_and_wait(page.get_by_role("button", name="Withdraw"))
    assert page.get_by_text("You have withdrawn from “Welcome desk”.").is_visible()
    assert page.get_by_text("Nothing coming up.").is_visible()
    assert SignUp.objects.get(volunteer=volunteer.volunteer).status == SignUpStatus.WITHDRAWN
    browser.screenshot("volunteer-schedule")
    sign_out(browser, page, volunteer)

    page = sign_in(browser, coordinator)
    browser.goto(f"/summits/{role.summit.slug}/roster/")
    assert page.get_by_role("heading", name="Volunteer roster").is_visible()
    browser.click_and_wait(page.get_by_role("button", name=f"Confirm {other_volunteer.volunteer.display_name}"))
    assert page.get_by_text(f"{other_volunteer.volunteer.display_name} is confirmed").is_visible()
    browser.screenshot("coordinator-roster")
    waiting_for_decision.refresh_from_db()
    assert waiting_for_decision.status == SignUpStatus.CONFIRMED
