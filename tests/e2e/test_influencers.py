from influencers.models import Influencer
from tests.factories import PASSWORD
from tests.influencers.factories import InfluencerFactory, PlatformAccountFactory


def sign_in(browser, user):
    page = browser.goto("/accounts/login/")
    page.get_by_label("Username or e-mail address").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    browser.click_and_wait(page.get_by_role("button", name="Sign in"))
    return page


def test_coordinator_adds_influencer_with_two_accounts_and_finds_them_by_filtering(browser, coordinator):
    # Someone already in the directory, on another platform, who the filters must leave out.
    PlatformAccountFactory(influencer=InfluencerFactory(name="Other Presenter"), handle="@other")

    page = sign_in(browser, coordinator)
    browser.click_and_wait(page.get_by_role("link", name="Influencers", exact=True))
    browser.click_and_wait(page.get_by_role("link", name="Add an influencer"))

    page.locator("input[name=name]").fill("Danielle Brooks")
    page.get_by_label("Known as").fill("DJ Dani B")
    page.get_by_label("DJ", exact=True).check()
    page.get_by_label("Black", exact=True).check()
    page.get_by_label("Hackney", exact=True).check()
    page.get_by_label("E-mail").fill("dani@example.org")
    page.locator("select[name=accounts-0-platform]").select_option(label="Instagram")
    page.locator("input[name=accounts-0-handle]").fill("@djdanib")
    page.locator("input[name=accounts-0-profile_url]").fill("https://instagram.com/djdanib")
    page.locator("input[name=accounts-0-audience_size]").fill("22400")
    page.locator("select[name=accounts-1-platform]").select_option(label="TikTok")
    page.locator("input[name=accounts-1-handle]").fill("@djdanib")
    # A link to the wrong site is caught next to the field.
    page.locator("input[name=accounts-1-profile_url]").fill("https://instagram.com/djdanib")
    page.locator("input[name=accounts-1-audience_size]").fill("5100")
    browser.click_and_wait(page.get_by_role("button", name="Save influencer"))
    assert page.get_by_text("A TikTok profile link must be on tiktok.com.").is_visible()
    page.locator("input[name=accounts-1-profile_url]").fill("https://www.tiktok.com/@djdanib")
    browser.click_and_wait(page.get_by_role("button", name="Save influencer"))

    assert page.get_by_text("Danielle Brooks (DJ Dani B) has been added to the directory.").is_visible()
    assert page.get_by_role("heading", name="Danielle Brooks (DJ Dani B)").is_visible()
    assert page.get_by_text("27,500").first.is_visible()
    browser.screenshot("influencer-detail")

    browser.click_and_wait(page.get_by_role("link", name="Influencers", exact=True).first)
    page.get_by_label("Platform").select_option(label="TikTok")
    page.get_by_label("Does").select_option(label="DJ")
    page.get_by_label("Borough / area").select_option(label="Hackney")
    browser.click_and_wait(page.get_by_role("button", name="Filter"))
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "Danielle Brooks" in rows.first.inner_text() and "27,500" in rows.first.inner_text()
    assert page.get_by_text("Other Presenter").count() == 0
    browser.screenshot("influencer-directory")

    page.get_by_label("Platform").select_option(label="YouTube")
    browser.click_and_wait(page.get_by_role("button", name="Filter"))
    assert page.get_by_text("No influencers match these filters.").is_visible()

    influencer = Influencer.objects.get(name="Danielle Brooks")
    assert sorted(influencer.accounts.values_list("platform", "audience_size")) == [
        ("instagram", 22400),
        ("tiktok", 5100),
    ]
