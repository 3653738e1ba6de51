from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from events.enums import RiskAssessmentStatus, SummitStatus
from events.models import Summit
from tests.events.factories import VenueFactory
from tests.events.test_services import PDF_BYTES
from tests.factories import PASSWORD


def test_coordinator_plans_a_summit_and_confirms_it(browser, coordinator, tmp_path):
    coordinator.groups.add(Group.objects.get(name="Risk assessment approvers"))
    VenueFactory(name="Mare Street Job Centre", postcode="E8 4RP")
    starts = (timezone.localtime() + timedelta(days=90)).replace(hour=18, minute=0)

    page = browser.goto("/accounts/login/")
    page.get_by_label("Username or e-mail address").fill(coordinator.username)
    page.get_by_label("Password").fill(PASSWORD)
    browser.click_and_wait(page.get_by_role("button", name="Sign in"))
    browser.click_and_wait(page.get_by_role("link", name="Summits", exact=True))
    browser.click_and_wait(page.get_by_role("link", name="New summit", exact=True))

    page.get_by_label("Title").fill("Hackney youth summit")
    page.get_by_label("Venue").select_option(label="Mare Street Job Centre, E8 4RP")
    page.get_by_label("Starts").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((starts + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Expected attendees").fill("100")
    browser.click_and_wait(page.get_by_role("button", name="Create summit"))
    assert page.get_by_text("“Hackney youth summit” has been created with its planning checklist.").is_visible()

    checklist = page.locator("#checklist")
    assert checklist.get_by_role("cell", name="Sell the vision to the influencers", exact=True).is_visible()
    # The venue was chosen with the summit, so its task ticked itself.
    assert checklist.get_by_text("1 of 13 done").is_visible()
    assert checklist.get_by_text("Ticked itself: a venue is chosen").is_visible()

    browser.click_and_wait(page.get_by_role("link", name="Start planning"))
    browser.click_and_wait(page.get_by_role("button", name="Start planning"))
    assert page.get_by_text("Planning has started.").is_visible()

    browser.click_and_wait(page.get_by_role("link", name="Add a budget line"))
    page.get_by_label("Category").select_option(label="Food and drink")
    page.get_by_label("Description").fill("Jollof and jerk chicken for 100")
    page.get_by_label("Planned (£)").fill("1450.00")
    browser.click_and_wait(page.get_by_role("button", name="Save budget line"))
    assert page.locator("#budget").get_by_text("£1,450.00").first.is_visible()

    browser.click_and_wait(page.get_by_role("link", name="Add a stall"))
    page.get_by_label("Unit").select_option(label="Mounted branch")
    page.get_by_label("Uniform approach").select_option(label="Uniform on display")
    page.get_by_label("Animals").check()
    browser.click_and_wait(page.get_by_role("button", name="Save stall"))
    assert page.locator("#stalls strong").get_by_text("Mounted branch").is_visible()

    # The confirm page's readiness check blocks until the risk assessment is approved, with the link to fix it.
    browser.click_and_wait(page.get_by_role("link", name="Confirm the summit"))
    assert page.get_by_text("The risk assessment has not been submitted.").is_visible()
    assert page.get_by_text("The summit cannot be confirmed yet.").is_visible()
    assert page.get_by_role("button", name="Confirm the summit").count() == 0

    document = tmp_path / "risk-assessment.pdf"
    document.write_bytes(PDF_BYTES)
    browser.click_and_wait(page.get_by_role("link", name="Upload and submit"))
    page.get_by_label("Document").set_input_files(str(document))
    browser.click_and_wait(page.get_by_role("button", name="Submit for approval"))
    assert page.get_by_text("The risk assessment has been submitted for approval.").is_visible()

    browser.click_and_wait(page.get_by_role("link", name="Approve or return", exact=True))
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Note").fill("Stewards briefed; horses kept to the yard.")
    browser.click_and_wait(page.get_by_role("button", name="Record decision"))
    assert page.get_by_role("alert").get_by_text("The risk assessment is approved.").is_visible()

    # Now only warnings remain (no roles, no panel, the stall not confirmed): a tick passes them.
    browser.click_and_wait(page.get_by_role("link", name="Confirm the summit"))
    assert page.get_by_text("1 stall not confirmed: Mounted branch.").is_visible()
    page.get_by_label("I have read the warnings above and confirm the summit anyway").check()
    browser.click_and_wait(page.get_by_role("button", name="Confirm the summit"))
    assert page.get_by_text("The summit is confirmed.").is_visible()
    browser.screenshot("summit-confirmed")

    summit = Summit.objects.get(title="Hackney youth summit")
    assert summit.status == SummitStatus.CONFIRMED
    assert summit.risk_assessment.status == RiskAssessmentStatus.APPROVED
    assert summit.risk_assessment.decided_by == coordinator
    assert summit.stalls.get().brings_animals and str(summit.budget_lines.get().planned) == "1450.00"
