"""The door on a phone when the signal drops: check-ins queue on the device and are stored once when it is back."""

from events.models import DoorCheckIn, TicketHolder
from tests.e2e.test_volunteering import sign_in
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory


def test_door_keeps_working_offline_and_stores_each_check_in_once(browser, coordinator):
    summit = SummitFactory(title="Peckham summit")
    names = ["Amara Mensah", "Kwame Ali", "Sade Okafor", "Tomas Novak"]
    for name in names:
        TicketHolderFactory(summit=summit, name=name)
    page = sign_in(browser, coordinator)
    page.set_viewport_size({"width": 390, "height": 844})
    browser.goto(f"/summits/{summit.slug}/door/")
    page.get_by_text("0 of 4 in").wait_for()
    # The service worker has the page before the signal goes.
    page.wait_for_function(
        "navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => true)"
    )
    page.evaluate("navigator.serviceWorker.ready")

    context = page.context
    context.set_offline(True)
    for name in names[:3]:
        page.get_by_role("button", name=f"Check in {name}").click()
    page.get_by_label("Name", exact=True).fill("Kemi Walker")
    page.get_by_role("button", name="Add and check in").click()
    page.get_by_text("4 of 5 in").wait_for()
    page.get_by_text("No signal: 4 waiting on this phone").wait_for()
    assert DoorCheckIn.objects.count() == 0  # nothing reached the server

    # Undoing asks first; keeping leaves them in.
    page.get_by_role("button", name="Kwame Ali is in: undo the check-in").click()
    page.get_by_role("button", name="Keep Kwame Ali checked in").click()
    page.get_by_text("4 of 5 in").wait_for()

    # The page opens from the device with no signal at all.
    page.reload()
    page.get_by_text("4 of 5 in").wait_for()
    browser.check_accessibility()

    context.set_offline(False)
    page.get_by_text("All check-ins sent.").wait_for(timeout=20_000)
    assert DoorCheckIn.objects.count() == 4
    assert DoorCheckIn.objects.values("client_id").distinct().count() == 4
    assert set(TicketHolder.objects.filter(summit=summit, checked_in=True).values_list("name", flat=True)) == {
        "Amara Mensah",
        "Kwame Ali",
        "Sade Okafor",
        "Kemi Walker",
    }
    # Sending again (a second tap of "Send now", a retry) stores nothing twice.
    page.get_by_role("button", name="Send now").click()
    page.wait_for_timeout(500)
    assert DoorCheckIn.objects.count() == 4 and TicketHolder.objects.filter(summit=summit).count() == 5
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    browser.screenshot("door-390")
