"""The summit's readiness check, the confirm page that reads it, the checklist that ticks and squeezes itself, and
the risk assessment's approvers told."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from btb.outbox.models import OutgoingMail
from events import services
from events.enums import SummitStatus
from events.models import PlanningTask
from events.readiness import summit_readiness
from events.services.risk_notices import DECIDED, SUBMITTED
from events.volunteering.enums import SignUpStatus
from tests.events.factories import PanelSeatFactory, StallFactory, SummitFactory, VenueFactory
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db
PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture
def coord_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _approver(**kwargs):
    user = CoordinatorFactory(**kwargs)
    user.groups.add(Group.objects.get(name="Risk assessment approvers"))
    return user


def _submit(summit, by=None):
    services.risk_assessment_submit(
        assessment=summit.risk_assessment, document=SimpleUploadedFile("ra.pdf", PDF_BYTES), submitted_by=by
    )


def _start(days):
    return (timezone.localtime() + timedelta(days=days)).replace(hour=18, minute=0, second=0, microsecond=0)


def _data(days, **extra):
    starts = _start(days)
    return {"title": "Lewisham summit", "starts_at": starts, "ends_at": starts + timedelta(hours=3), **extra}


def _the_issues_summit():
    """The walk in the issue: five overdue tasks, a stall not confirmed, 0 of 9 places, 80 seats for 120 and 140."""
    summit = SummitFactory(
        venue=VenueFactory(name="Small hall", capacity=80), expected_attendees=120, catering_headcount=140
    )
    for n in range(5):
        PlanningTask.objects.create(
            summit=summit, title=f"T{n}", days_before=90, due_on=timezone.localdate() - timedelta(days=3)
        )
    StallFactory(summit=summit, confirmed=False)
    VolunteerRoleFactory(summit=summit, places=9)
    return summit


def test_readiness_lists_each_problem_with_a_link_to_fix_it():
    summit = _the_issues_summit()
    readiness = summit_readiness(summit)
    blocking = {check.text: check.fix_url for check in readiness.blocking}
    warnings = {check.text: check.fix_url for check in readiness.warnings}
    assert blocking == {
        "The risk assessment has not been submitted.": reverse("events:risk_submit", args=[summit.slug]),
        "Small hall holds 80, and 120 are expected.": reverse("events:summit_edit", args=[summit.slug]),
    }
    assert warnings["5 planning tasks overdue."] == summit.get_absolute_url() + "#checklist"
    assert warnings["0 of 9 volunteer places confirmed."] == reverse("events:summit_roster", args=[summit.slug])
    assert warnings["1 stall not confirmed: Mounted branch."] == summit.get_absolute_url() + "#stalls"
    assert (
        "No one is on the panel yet." in warnings and "No budget is planned (food, music, influencer fees)." in warnings
    )
    assert all(check.fix_url for check in readiness.checks if check.level != "ok")


def test_readiness_finds_a_panellist_also_booked_at_the_same_time():
    summit = SummitFactory()
    seat = PanelSeatFactory(summit=summit)
    role = VolunteerRoleFactory(summit=summit, title="Mounted branch helper")
    SignUpFactory(role=role, volunteer=seat.volunteer, status=SignUpStatus.CONFIRMED)
    texts = [check.text for check in summit_readiness(summit).warnings]
    assert any(f"{seat.volunteer} is on the panel and also down for “Mounted branch helper”" in t for t in texts)


def test_confirm_page_blocks_with_the_reasons_and_no_button(coord_client):
    summit = _the_issues_summit()
    page = coord_client.get(reverse("events:summit_transition", args=[summit.slug, "confirm"])).content.decode()
    assert "The summit cannot be confirmed yet." in page and "Small hall holds 80, and 120 are expected." in page
    assert 'type="submit"' not in page.split('id="readiness-title"')[1].split("Back to the summit")[0]
    response = coord_client.post(reverse("events:summit_transition", args=[summit.slug, "confirm"]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"“{summit}” cannot be confirmed yet: it needs an approved risk assessment and a venue that holds the 120 "
        "expected (Small hall holds 80)."
    ]
    summit.refresh_from_db()
    assert summit.status == SummitStatus.PLANNING


def test_confirm_page_asks_a_tick_to_pass_warnings(coord_client):
    summit = SummitFactory()
    _submit(summit)
    services.risk_assessment_decide(assessment=summit.risk_assessment, approve=True, note="", decided_by=_approver())
    url = reverse("events:summit_transition", args=[summit.slug, "confirm"])
    response = coord_client.post(url)
    assert response.status_code == 200
    assert "Tick the box to confirm with these warnings" in str(response.context["form"].errors["accept_warnings"])
    summit.refresh_from_db()
    assert summit.status == SummitStatus.PLANNING
    response = coord_client.post(url, {"accept_warnings": "on"})
    assert response.status_code == 302
    summit.refresh_from_db()
    assert summit.status == SummitStatus.CONFIRMED


def test_summit_page_shows_the_readiness_check(coord_client):
    summit = _the_issues_summit()
    page = coord_client.get(summit.get_absolute_url()).content.decode()
    assert 'id="readiness"' in page and "2 blocking" in page and "Choose a bigger venue or change the numbers" in page


# --- The checklist ------------------------------------------------------------------------------------------------


def test_a_short_lead_summit_is_born_with_nothing_overdue(coordinator):
    summit, warnings = services.summit_create(data=_data(20), created_by=coordinator)
    tasks = list(summit.tasks.all())
    today = timezone.localdate()
    assert not any(task.is_overdue for task in tasks)
    before = [task.due_on for task in tasks if task.days_before > 0]
    assert min(before) == today and max(before) <= timezone.localdate(summit.starts_at)
    assert "two to three months" in warnings[0]  # still told it is short notice


def test_a_summit_created_in_the_past_is_a_record_of_a_past_event(coordinator):
    summit, warnings = services.summit_create(data=_data(-10), created_by=coordinator)
    assert summit.status == SummitStatus.HELD
    assert not summit.tasks.exists()
    assert len(warnings) == 1 and "two to three months" not in warnings[0] and "already taken place" in warnings[0]


def test_tasks_mirroring_real_state_tick_themselves(coordinator):
    summit, _ = services.summit_create(data=_data(100, venue=VenueFactory()), created_by=coordinator)
    venue_task = summit.tasks.get(title="Agree the venue with the influencers")
    risk_task = summit.tasks.get(title="Submit the risk assessment")
    assert venue_task.is_done and venue_task.ticked_itself and not risk_task.is_done
    _submit(summit, by=coordinator)
    risk_task.refresh_from_db()
    assert risk_task.is_done and risk_task.done_by is None
    services.summit_update(summit=summit, data={"venue": None})
    venue_task.refresh_from_db()
    assert not venue_task.is_done  # it ticked itself, so it unticks itself


def test_a_held_summits_tasks_are_never_overdue(coord_client):
    start = timezone.now() - timedelta(days=3)
    summit = SummitFactory(status=SummitStatus.HELD, starts_at=start, ends_at=start + timedelta(hours=3))
    PlanningTask.objects.create(
        summit=summit, title="Late", days_before=10, due_on=timezone.localdate() - timedelta(days=13)
    )
    response = coord_client.get(summit.get_absolute_url())
    assert response.context["overdue_count"] == 0 and b"Overdue" not in response.content


# --- Risk assessment: approvers and coordinator told ----------------------------------------------------------


def test_approvers_are_told_and_see_it_on_their_home_page(client, django_capture_on_commit_callbacks, mailoutbox):
    approver = _approver(email="approver@met.example")
    submitter = CoordinatorFactory(email="spoc@met.example")
    summit = SummitFactory(lead_coordinator=submitter)
    with django_capture_on_commit_callbacks(execute=True):
        _submit(summit, by=submitter)
    assert [m.to for m in mailoutbox] == [["approver@met.example"]]
    assert mailoutbox[0].subject == f"Risk assessment to decide: {summit.title}"
    client.force_login(approver)
    home = client.get(reverse("home")).content.decode()
    assert "Risk assessments to decide" in home and reverse("events:risk_decide", args=[summit.slug]) in home
    client.force_login(submitter)
    assert "Risk assessments to decide" not in client.get(reverse("home")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.risk_assessment_decide(
            assessment=summit.risk_assessment, approve=False, note="Add the fire exits", decided_by=approver
        )
    assert mailoutbox[-1].to == ["spoc@met.example"] and "Add the fire exits" in mailoutbox[-1].body
    assert (
        OutgoingMail.objects.filter(kind=SUBMITTED).count() == 1
        and OutgoingMail.objects.filter(kind=DECIDED).count() == 1
    )


def test_the_decide_page_refusal_says_who_can_decide(coord_client):
    approver = _approver(first_name="Grace", last_name="Adeyemi", email="grace@met.example")
    summit = SummitFactory()
    _submit(summit)
    response = coord_client.get(reverse("events:risk_decide", args=[summit.slug]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "coordinators who hold the approval permission" in page and "Grace Adeyemi" in page
    assert approver.email in page


@pytest.mark.parametrize("rows", [1, 20])
def test_home_panel_query_count_does_not_grow(client, django_assert_max_num_queries, rows):
    approver = _approver()
    for _ in range(rows):
        summit = SummitFactory()
        _submit(summit)
    client.force_login(approver)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("home"))
    assert response.status_code == 200
