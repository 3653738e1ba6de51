import io

import pytest
from PIL import Image

from btb.accounts.models import VolunteerProfile
from tests.accounts.test_images import gps_exif, make_image
from tests.e2e.conftest import link_path, wait_for_mail
from tests.factories import PASSWORD, CoordinatorFactory


def test_volunteer_registers_verifies_signs_in_and_edits_profile_with_photo(browser, tmp_path):
    page = browser.goto("/")
    browser.click_and_wait(page.get_by_role("link", name="Volunteer as an officer or staff member"))
    page.get_by_label("Work e-mail address").fill("amara.new@met.police.uk")
    page.get_by_label("Your name").fill("PC Amara New")
    browser.click_and_wait(page.get_by_role("button", name="Send me a link"))
    assert page.get_by_role("heading", name="Check your e-mail").is_visible()

    link = link_path(wait_for_mail("amara.new@met.police.uk"), r"/accounts/verify/\S+/")
    page = browser.goto(link)
    page.locator("input[name=new_password1]").fill("Sunrise-over-Hackney-7")
    page.locator("input[name=new_password2]").fill("Sunrise-over-Hackney-7")
    browser.click_and_wait(page.get_by_role("button", name="Finish registering"))
    assert page.get_by_role("heading", name="Edit my profile").is_visible()

    # Sign out and back in with the e-mail address and the new password.
    page.get_by_role("button", name="PC Amara New").click()
    browser.click_and_wait(page.get_by_role("button", name="Sign out"))
    page.get_by_label("Username or e-mail address").fill("amara.new@met.police.uk")
    page.get_by_label("Password").fill("Sunrise-over-Hackney-7")
    browser.click_and_wait(page.get_by_role("button", name="Sign in"))
    assert page.get_by_role("heading", name="My profile").is_visible()
    browser.click_and_wait(page.get_by_role("link", name="Complete my profile"))

    photo = tmp_path / "me.jpg"
    photo.write_bytes(make_image(size=(1600, 1200), exif=gps_exif()))
    page.get_by_label("Rank or grade").fill("Police Constable")
    page.get_by_label("Command or unit").fill("Central East BCU")
    page.get_by_label("Borough / area").select_option(label="Hackney")
    page.get_by_label("Photo").set_input_files(str(photo))
    page.get_by_label("Why I joined").fill("I grew up here and wanted young people to see someone like me.")
    page.get_by_label("Media interviews").check()
    page.get_by_label("Summit panel").check()
    page.get_by_label("Ethnicity").select_option(label="Prefer not to say")
    browser.click_and_wait(page.get_by_role("button", name="Save profile"))

    assert page.get_by_text("Your profile has been saved.").is_visible()
    assert page.get_by_role("heading", name="PC Amara New").is_visible()
    assert page.get_by_text("Media interviews, Summit panel").is_visible()
    avatar = page.locator("img.btb-avatar")
    assert avatar.evaluate("img => img.naturalWidth") == 256
    browser.screenshot("volunteer-profile")

    profile = VolunteerProfile.objects.get(user__email="amara.new@met.police.uk")
    with profile.photo.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert image.size == (1200, 900) and dict(image.getexif()) == {}
    assert profile.borough.name == "Hackney" and profile.ethnicity == "prefer_not_to_say"


def test_profile_edit_works_on_a_phone(browser, volunteer):
    browser.page.set_viewport_size({"width": 390, "height": 844})
    page = browser.goto("/accounts/login/")
    page.get_by_label("Username or e-mail address").fill(volunteer.username)
    page.get_by_label("Password").fill("Correct-horse-battery-9")
    browser.click_and_wait(page.get_by_role("button", name="Sign in"))
    assert page.get_by_role("button", name="Show menu").is_visible()
    page.get_by_role("button", name="Show menu").click()
    browser.click_and_wait(page.get_by_role("link", name="My profile", exact=True))
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    browser.screenshot("volunteer-profile-phone")


@pytest.mark.parametrize("width", [992, 1280, 1440])
def test_the_coordinators_bar_fits_the_screen_whatever_the_name(browser, width):
    """A dozen sections and a long name: the bar wraps inside itself, never pushing the page sideways or the account
    menu off its dark background (where axe found its text unreadable)."""
    coordinator = CoordinatorFactory(first_name="Christopher", last_name="Featherstonehaugh-Okonkwo")
    browser.page.set_viewport_size({"width": width, "height": 800})
    page = browser.goto("/accounts/login/")
    page.get_by_label("Username or e-mail address").fill(coordinator.username)
    page.get_by_label("Password").fill(PASSWORD)
    browser.click_and_wait(page.get_by_role("button", name="Sign in"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    bar = page.locator("nav.btb-navbar").bounding_box()
    menu = page.get_by_role("button", name="Christopher Featherstonehaugh-Okonkwo").bounding_box()
    assert bar["y"] <= menu["y"] and menu["y"] + menu["height"] <= bar["y"] + bar["height"]
    browser.screenshot(f"coordinator-bar-{width}")
