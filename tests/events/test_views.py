import re
from datetime import timedelta
from decimal import Decimal

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from btb.feed_tokens import hash_feed_token
from events import services
from events.enums import RiskAssessmentStatus, SummitStatus
from events.models import CalendarFeedToken, PlanningTask, Summit
from tests.calendars import parse_both
from tests.events.factories import (
    BudgetLineFactory,
    EngagementFactory,
    PanelSeatFactory,
    StallFactory,
    SummitFactory,
    VenueFactory,
)
from tests.events.test_services import PDF_BYTES
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory
from tests.factories import BoroughFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coord_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _full_summit(**kwargs):
    summit = SummitFactory(**kwargs)
    for days in (1, 2):
        PlanningTask.objects.create(
            summit=summit, title=f"Task {days}", days_before=days, due_on=timezone.localdate() - timedelta(days=days)
        )
    BudgetLineFactory(summit=summit)
    EngagementFactory(summit=summit)
    PanelSeatFactory(summit=summit)
    StallFactory(summit=summit)
    summit.target_communities.add(*Group.objects.none())
    return summit


@pytest.mark.parametrize("rows", [1, 20])
def test_summit_list_query_count_does_not_grow(coord_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        _full_summit()
    with django_assert_max_num_queries(8):
        response = coord_client.get(reverse("events:summit_list"))
    assert response.status_code == 200 and len(response.context["summits"]) == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_summit_detail_query_count_does_not_grow(coord_client, django_assert_max_num_queries, rows):
    summit = SummitFactory()
    for index in range(rows):
        PlanningTask.objects.create(summit=summit, title=f"T{index}", days_before=index, due_on=timezone.localdate())
        BudgetLineFactory(summit=summit)
        EngagementFactory(summit=summit)
        PanelSeatFactory(summit=summit)
        StallFactory(summit=summit)
        SignUpFactory(role=VolunteerRoleFactory(summit=summit))
    # 16 for planning, plus the volunteers and tickets sections, the outcome's seven (and its survey, which names
    # its cache key) and the readiness check (the roster's roles and sign-ups, and the panellists' commitments
    # elsewhere); the same at 1 and 20 rows. Once counted, the outcome comes from the cache.
    with django_assert_max_num_queries(33):
        response = coord_client.get(summit.get_absolute_url())
    assert response.status_code == 200 and len(response.context["tasks"]) == rows
    with django_assert_max_num_queries(26):
        response = coord_client.get(summit.get_absolute_url())
    assert response.status_code == 200 and len(response.context["tasks"]) == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_calendar_query_count_does_not_grow(coord_client, django_assert_max_num_queries, rows):
    start = timezone.localtime().replace(day=1, hour=18, minute=0, second=0, microsecond=0)
    for n in range(rows):
        day = start.replace(day=1 + n % 28)
        SummitFactory(starts_at=day, ends_at=day + timedelta(hours=2))
    with django_assert_max_num_queries(8):
        response = coord_client.get(reverse("events:calendar"))
    assert response.status_code == 200 and len(response.context["entries"]) == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_venue_list_query_count_does_not_grow(coord_client, django_assert_max_num_queries, rows):
    VenueFactory.create_batch(rows)
    with django_assert_max_num_queries(8):
        response = coord_client.get(reverse("events:venue_list"))
    assert response.status_code == 200 and len(response.context["venues"]) == rows


def test_summit_list_filters_by_status_borough_dates_and_search(coord_client):
    hackney, brent = BoroughFactory(name="Hackney"), BoroughFactory(name="Brent")
    soon = timezone.localtime() + timedelta(days=30)
    a = SummitFactory(title="Hackney youth summit", borough=hackney, starts_at=soon, ends_at=soon + timedelta(hours=2))
    SummitFactory(title="Brent women's summit", borough=brent, status=SummitStatus.DRAFT)
    url = reverse("events:summit_list")
    assert list(coord_client.get(url, {"status": "planning", "borough": hackney.pk}).context["summits"]) == [a]
    assert list(coord_client.get(url, {"q": "youth"}).context["summits"]) == [a]
    date_to = (soon + timedelta(days=1)).date().isoformat()
    assert list(coord_client.get(url, {"date_to": date_to}).context["summits"]) == [a]
    # Bad filters are ignored, not a 500; a bad page is a 404.
    assert len(coord_client.get(url, {"date_from": "not-a-date", "borough": "x"}).context["summits"]) == 2
    assert coord_client.get(url, {"page": "99"}).status_code == 404


def test_create_summit_through_the_page_warns_when_close(coord_client, coordinator):
    starts = timezone.localtime() + timedelta(days=20)
    response = coord_client.post(
        reverse("events:summit_create"),
        {
            "title": "Quick summit",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "ticketing_platform": "shoobs",
        },
        follow=True,
    )
    summit = Summit.objects.get(title="Quick summit")
    assert response.redirect_chain[-1][0] == summit.get_absolute_url()
    texts = [str(m) for m in response.context["messages"]]
    assert texts[0] == "“Quick summit” has been created with its planning checklist."
    assert "eight weeks" in texts[1]
    assert summit.tasks.count() == 13 and summit.lead_coordinator == coordinator


def test_create_summit_end_before_start_shows_error_by_the_field(coord_client):
    starts = timezone.localtime() + timedelta(days=90)
    response = coord_client.post(
        reverse("events:summit_create"),
        {
            "title": "Backwards",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "ticketing_platform": "none",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["The summit must end after it starts."]
    assert not Summit.objects.exists()


def test_a_section_whose_builder_gives_nothing_is_left_out(coord_client, monkeypatch):
    from events import sections

    built = {"template": "events/summit_child_delete.html", "context": {}}
    monkeypatch.setattr(
        sections, "_builders", {"volunteers": lambda request, summit: None, "feedback": lambda r, s: built}
    )
    summit = SummitFactory()
    page = coord_client.get(summit.get_absolute_url())
    assert [section["key"] for section in page.context["extra_sections"]] == ["feedback"]
    assert b'id="volunteers"' not in page.content and b"Coming soon" not in page.content


def test_oversight_reads_but_cannot_change(client, oversight):
    summit = SummitFactory()
    client.force_login(oversight)
    page = client.get(summit.get_absolute_url())
    assert page.status_code == 200 and not page.context["can_plan"]
    assert b"Mark done" not in page.content and b"Edit</a>" not in page.content
    assert (
        client.post(reverse("events:summit_transition", args=[summit.slug, "cancel"]), {"reason": "x"}).status_code
        == 403
    )
    assert client.post(reverse("events:budget_create", args=[summit.slug]), {}).status_code == 403
    summit.refresh_from_db()
    assert summit.status == SummitStatus.PLANNING


def test_volunteer_cannot_see_or_change_summits(client, volunteer):
    summit = SummitFactory()
    client.force_login(volunteer)
    assert client.get(summit.get_absolute_url()).status_code == 403
    assert (
        client.post(reverse("events:summit_transition", args=[summit.slug, "cancel"]), {"reason": "x"}).status_code
        == 403
    )
    assert client.get(reverse("events:calendar")).status_code == 403


def test_unknown_slug_and_foreign_child_are_404(coord_client):
    summit, other = SummitFactory(), SummitFactory()
    line = BudgetLineFactory(summit=other)
    assert coord_client.get(reverse("events:summit_detail", args=["nope"])).status_code == 404
    assert coord_client.get(reverse("events:budget_edit", args=[summit.slug, line.pk])).status_code == 404
    assert coord_client.get(reverse("events:summit_transition", args=[summit.slug, "explode"])).status_code == 404


def test_confirm_through_the_page_explains_what_is_missing(coord_client):
    summit = SummitFactory(venue=None)
    response = coord_client.post(reverse("events:summit_transition", args=[summit.slug, "confirm"]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"“{summit}” cannot be confirmed yet: it needs a venue and an approved risk assessment."
    ]
    summit.refresh_from_db()
    assert summit.status == SummitStatus.PLANNING


def test_task_done_is_post_only_and_ticks_off(coord_client, coordinator):
    summit = SummitFactory()
    task = PlanningTask.objects.create(summit=summit, title="Music booked", days_before=28)
    url = reverse("events:task_done", args=[summit.slug, task.pk])
    assert coord_client.get(url).status_code == 405
    coord_client.post(url, {"done": "1"})
    task.refresh_from_db()
    assert task.is_done and task.done_by == coordinator


def test_budget_line_page_keeps_money_exact(coord_client):
    summit = SummitFactory()
    response = coord_client.post(
        reverse("events:budget_create", args=[summit.slug]),
        {"category": "music", "description": "DJ", "planned": "350.10", "actual": ""},
    )
    assert response.status_code == 302
    line = summit.budget_lines.get()
    assert line.planned == Decimal("350.10") and line.actual is None


def test_the_budget_card_of_a_summit_without_lines_says_so_and_nothing_else(coord_client):
    summit = SummitFactory()
    page = coord_client.get(summit.get_absolute_url()).content.decode()
    card = page.split('id="budget-title"')[1].split("</section>")[0]
    assert "No budget lines yet." in card
    assert "Planned" not in card and "; ." not in card
    BudgetLineFactory(summit=summit, planned=Decimal("1400"), actual=None)
    card = coord_client.get(summit.get_absolute_url()).content.decode().split('id="budget-title"')[1]
    assert "Planned £1,400.00; actuals incomplete: 0 of 1 line." in " ".join(card.split())


def test_removing_a_stall_asks_first_and_leads_back_to_its_section(coord_client):
    stall = StallFactory(summit=SummitFactory())
    url = reverse("events:stall_delete", args=[stall.summit.slug, stall.pk])
    page = coord_client.get(url).content.decode()
    assert 'class="btn btn-danger">Remove</button>' in page
    assert f'href="{stall.summit.get_absolute_url()}#stalls">Keep it</a>' in page
    response = coord_client.post(url)
    assert response.status_code == 302 and not stall.summit.stalls.exists()


def test_risk_upload_page_refuses_a_disguised_file_next_to_the_field(coord_client):
    summit = SummitFactory()
    fake = SimpleUploadedFile("risk.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = coord_client.post(reverse("events:risk_submit", args=[summit.slug]), {"document": fake})
    assert response.status_code == 200
    assert "not a PDF or a Word document" in response.context["form"].errors["document"][0]


def test_risk_decision_page_for_approvers_only(client, coordinator):
    summit = SummitFactory()
    coord_client = client
    coord_client.force_login(coordinator)
    coord_client.post(
        reverse("events:risk_submit", args=[summit.slug]), {"document": SimpleUploadedFile("r.pdf", PDF_BYTES)}
    )
    url = reverse("events:risk_decide", args=[summit.slug])
    assert coord_client.get(url).status_code == 403
    coordinator.groups.add(Group.objects.get(name="Risk assessment approvers"))
    response = coord_client.post(url, {"decision": "approve", "note": ""})
    assert response.status_code == 302
    summit.risk_assessment.refresh_from_db()
    assert summit.risk_assessment.status == RiskAssessmentStatus.APPROVED
    download = coord_client.get(reverse("events:risk_document", args=[summit.slug]))
    assert download["Content-Type"] == "application/pdf" and b"".join(download.streaming_content) == PDF_BYTES


def test_copy_page_creates_a_new_draft_with_the_parts_ticked(coord_client):
    source = SummitFactory(status=SummitStatus.HELD)
    StallFactory(summit=source)
    BudgetLineFactory(summit=source)
    starts = timezone.localtime() + timedelta(days=100)
    page = coord_client.get(reverse("events:summit_copy", args=[source.slug]))
    assert page.context["form"]["parts"].value() == ["stalls", "roles", "budget", "hosts"]  # all ticked at first
    response = coord_client.post(
        reverse("events:summit_copy", args=[source.slug]),
        {
            "title": "Next year",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "parts": ["stalls"],
        },
    )
    copy = Summit.objects.get(title="Next year")
    assert response["Location"] == copy.get_absolute_url()
    assert copy.copied_from == source and copy.stalls.count() == 1 and copy.status == SummitStatus.DRAFT
    assert copy.budget_lines.count() == 0  # unticked, not copied


def test_ics_feed_parses_back_with_icalendar(client, coordinator, settings):
    settings.SITE_URL = "https://btb.example.org"
    starts = (timezone.localtime() + timedelta(days=14)).replace(hour=18, minute=30, second=0, microsecond=0)
    summit = SummitFactory(title="Lewisham summit", starts_at=starts, ends_at=starts + timedelta(hours=3))
    cancelled = SummitFactory(status=SummitStatus.CANCELLED, starts_at=starts, ends_at=starts + timedelta(hours=1))
    past = timezone.now() - timedelta(days=3)
    SummitFactory(status=SummitStatus.CANCELLED, starts_at=past, ends_at=past + timedelta(hours=1))  # over: gone
    token = CalendarFeedToken.objects.create(user=coordinator)
    response = client.get(reverse("events:calendar_feed", args=[token.token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert b"METHOD:PUBLISH" in response.content
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert sorted(events) == sorted([f"summit-{summit.pk}@btb.example.org", f"summit-{cancelled.pk}@btb.example.org"])
    event = events[f"summit-{summit.pk}@btb.example.org"]
    assert str(event["summary"]) == "Lewisham summit (planning)" and str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstart") == starts and event.decoded("dtend") == starts + timedelta(hours=3)
    assert event.decoded("dtstamp") == summit.updated_at.replace(microsecond=0)  # its last change, not now
    assert str(event["url"]) == "https://btb.example.org" + summit.get_absolute_url()
    assert str(event["location"]) == str(summit.venue)
    assert str(events[f"summit-{cancelled.pk}@btb.example.org"]["status"]) == "CANCELLED"
    # Read again by a second parser (dateutil underneath): the same instants.
    _, parsed = parse_both(response.content)
    assert {e.uid: e.starts_at for e in parsed}[f"summit-{summit.pk}@btb.example.org"] == starts


def test_ics_feed_marks_a_summit_cancelled_with_a_higher_sequence(
    client, coordinator, django_capture_on_commit_callbacks
):
    summit = SummitFactory(status=SummitStatus.CONFIRMED)
    Summit.objects.filter(pk=summit.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    token = CalendarFeedToken.objects.create(user=coordinator)
    url = reverse("events:calendar_feed", args=[token.token])
    _, [before] = parse_both(client.get(url).content)
    summit.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.summit_cancel(summit=summit, reason="Venue flooded")
    _, [after] = parse_both(client.get(url).content)
    assert (before.status, after.status) == ("CONFIRMED", "CANCELLED")
    assert after.uid == before.uid and after.sequence > before.sequence and after.dtstamp > before.dtstamp


def test_ics_feed_refuses_unknown_token_and_former_coordinators(client, coordinator):
    token = CalendarFeedToken.objects.create(user=coordinator)
    assert client.get(reverse("events:calendar_feed", args=["guessed"])).status_code == 404
    coordinator.groups.clear()
    assert client.get(reverse("events:calendar_feed", args=[token.token])).status_code == 404


def _coordinator_feed_token(response) -> str:
    return re.search(r"/calendar/feed/([^\"<]+)\.ics", response.content.decode()).group(1)


def test_subscribe_page_resets_the_token(coord_client, coordinator):
    first = _coordinator_feed_token(coord_client.post(reverse("events:calendar_subscribe")))
    page = coord_client.get(reverse("events:calendar_subscribe"))
    # Shown once, when made: only its hash is stored.
    assert first not in page.content.decode() and "Make a new address" in page.content.decode()
    assert CalendarFeedToken.objects.get(user=coordinator).token_hash == hash_feed_token(first)
    assert 'class="btn btn-outline-secondary" href="?confirm=new"' in page.content.decode()
    assert coord_client.post(reverse("events:calendar_subscribe")).status_code == 302  # asks first
    assert CalendarFeedToken.objects.get(user=coordinator).token_hash == hash_feed_token(first)
    second = _coordinator_feed_token(coord_client.post(reverse("events:calendar_subscribe") + "?confirm=new"))
    assert second != first
    assert coord_client.get(reverse("events:calendar_feed", args=[first])).status_code == 404


def test_feed_address_lapses_after_a_period_without_use(client, coordinator, settings):
    settings.CALENDAR_FEED_IDLE_DAYS = 30
    feed = CalendarFeedToken.objects.create(user=coordinator)
    url = reverse("events:calendar_feed", args=[feed.token])
    assert client.get(url).status_code == 200
    assert CalendarFeedToken.objects.get().last_used_at is not None
    CalendarFeedToken.objects.update(last_used_at=timezone.now() - timedelta(days=31))
    assert client.get(url).status_code == 404
    assert not CalendarFeedToken.objects.exists()


def test_feed_address_can_be_revoked(coord_client, coordinator):
    token = _coordinator_feed_token(coord_client.post(reverse("events:calendar_subscribe")))
    coord_client.post(reverse("events:calendar_subscribe") + "?confirm=revoke")
    assert not CalendarFeedToken.objects.exists()
    assert coord_client.get(reverse("events:calendar_feed", args=[token])).status_code == 404


def test_feed_can_be_cut_to_one_borough_chosen_on_the_address_page(coord_client, coordinator):
    hackney, camden = BoroughFactory(name="Hackney"), BoroughFactory(name="Camden")
    starts = timezone.now() + timedelta(days=10)
    in_hackney = SummitFactory(title="Hackney summit", borough=hackney, starts_at=starts)
    SummitFactory(title="Camden summit", borough=camden, starts_at=starts)
    url = reverse("events:calendar_subscribe")
    response = coord_client.post(url)
    token, made = _coordinator_feed_token(response), response.content.decode()
    assert f'<option value="{hackney.pk}">Hackney</option>' in made
    shown = coord_client.post(url, {"show": "1", "token": token, "borough": hackney.pk}).content.decode()
    assert f"/calendar/feed/{token}.ics?borough={hackney.pk}" in shown and "Hackney only" in shown
    assert CalendarFeedToken.objects.get(user=coordinator).token_hash == hash_feed_token(token)  # not replaced
    feed = reverse("events:calendar_feed", args=[token])
    _, events = parse_both(coord_client.get(f"{feed}?borough={hackney.pk}").content)
    assert [event.uid.split("@")[0] for event in events] == [f"summit-{in_hackney.pk}"]
    assert b"X-WR-CALNAME:Behind the Badge: Hackney" in coord_client.get(f"{feed}?borough={hackney.pk}").content
    assert len(parse_both(coord_client.get(feed).content)[1]) == 2
    assert coord_client.get(f"{feed}?borough=999999").status_code == 404
    assert coord_client.get(f"{feed}?borough=x").status_code == 404
    # Someone else's or an old address is not shown again for a borough.
    refused = coord_client.post(url, {"show": "1", "token": "guessed", "borough": hackney.pk}, follow=True)
    assert "no longer yours" in refused.content.decode() and "guessed" not in refused.content.decode()


def test_calendar_filters_by_borough_and_ignores_a_bad_month(coord_client):
    hackney = BoroughFactory(name="Hackney")
    starts = timezone.localtime().replace(day=12, hour=18, minute=0, second=0, microsecond=0)
    here = SummitFactory(borough=hackney, starts_at=starts, ends_at=starts + timedelta(hours=2))
    SummitFactory(starts_at=starts, ends_at=starts + timedelta(hours=2))
    response = coord_client.get(reverse("events:calendar"), {"borough": hackney.pk, "month": "2026-13"})
    assert response.status_code == 200
    assert [entry.uid for entry in response.context["entries"]] == [f"summit-{here.pk}"]


def test_calendar_takes_entries_from_other_apps_modules(coord_client, monkeypatch):
    from events import calendar as events_calendar

    starts = timezone.localtime().replace(day=5, hour=9, minute=0, second=0, microsecond=0)

    def fake_source(*, user, start, end, borough=None, per_day=None, include_cancelled=False):
        return [
            {
                "uid": "appearance-1",
                "title": "Radio interview",
                "kind": "Media appearance",
                "starts_at": starts,
                "ends_at": None,
                "url": "/media/1/",
            }
        ]

    original = events_calendar._sources
    monkeypatch.setattr(events_calendar, "_sources", lambda: [*original(), fake_source])
    response = coord_client.get(reverse("events:calendar"))
    assert [entry.title for entry in response.context["entries"]] == ["Radio interview"]
    assert b"Radio interview" in response.content


def test_home_panel_shows_the_coordinators_overdue_tasks(coord_client, coordinator):
    summit = SummitFactory(lead_coordinator=coordinator, title="Croydon summit")
    PlanningTask.objects.create(
        summit=summit, title="Book the DJ", days_before=30, due_on=timezone.localdate() - timedelta(days=3)
    )
    page = coord_client.get(reverse("home")).content.decode()
    assert "Overdue planning tasks" in page and "Book the DJ" in page and "Croydon summit" in page


def test_summit_page_highlights_overdue_tasks(coord_client):
    summit = _full_summit()
    response = coord_client.get(summit.get_absolute_url())
    assert response.context["overdue_count"] == 2
    assert "2 planning tasks overdue." in response.content.decode()
    assert response.content.decode().count("btb-overdue") == 2


def test_home_panel_is_absent_when_nothing_is_overdue(coord_client, coordinator):
    SummitFactory(lead_coordinator=coordinator)
    response = coord_client.get(reverse("home"))
    assert "Overdue planning tasks" not in [panel.title for panel in response.context["panels"]]


def test_calendar_day_shows_the_first_entries_and_lists_the_rest(coord_client):
    from events.calendar import DAY_SHOWN

    starts = timezone.localtime().replace(day=14, hour=9, minute=0, second=0, microsecond=0)
    summits = [
        SummitFactory(
            title=f"Summit {n:02d}", starts_at=starts + timedelta(minutes=n), ends_at=starts + timedelta(hours=3)
        )
        for n in range(DAY_SHOWN + 2)
    ]
    html = coord_client.get(reverse("events:calendar")).content.decode()
    assert [s.title for s in summits if f" {s.title} (" in html] == [s.title for s in summits[:DAY_SHOWN]]
    day = f"{starts:%Y-%m-%d}"
    assert f"day={day}" in html and ">2 more<" in html

    response = coord_client.get(reverse("events:calendar"), {"month": f"{starts:%Y-%m}", "day": day})
    assert [entry.uid for entry in response.context["day_entries"]] == [f"summit-{s.pk}" for s in summits]
    assert len(response.context["entries"]) == DAY_SHOWN  # the month reads only what it shows
    assert f"Everything on {starts:%A} {starts.day} {starts:%B %Y}" in response.content.decode()
    assert f'href="?month={starts:%Y-%m}">Close this list</a>' in response.content.decode()
    for bad in ("2026-02-30", "yesterday", f"{starts.year + 1}-01-01"):  # not a date, or not in the month shown
        response = coord_client.get(reverse("events:calendar"), {"month": f"{starts:%Y-%m}", "day": bad})
        assert response.status_code == 200 and response.context["day"] is None


def test_calendar_day_counts_every_source(coord_client):
    from tests.media_appearances.factories import AppearanceFactory

    starts = timezone.localtime().replace(day=16, hour=9, minute=0, second=0, microsecond=0)
    for n in range(3):
        SummitFactory(starts_at=starts + timedelta(hours=n), ends_at=starts + timedelta(hours=n + 1))
        AppearanceFactory(starts_at=starts + timedelta(hours=n, minutes=30))
    AppearanceFactory(starts_at=starts + timedelta(days=1))  # the next day: not counted here
    response = coord_client.get(reverse("events:calendar"), {"month": f"{starts:%Y-%m}"})
    cell = next(day for week in response.context["weeks"] for day in week if day and day["date"] == starts.date())
    assert [entry.kind for entry in cell["entries"]] == ["Summit", "Media appearance", "Summit", "Media appearance"]
    assert cell["more"] == 2
    listed = coord_client.get(reverse("events:calendar"), {"month": f"{starts:%Y-%m}", "day": f"{starts:%Y-%m-%d}"})
    assert len(listed.context["day_entries"]) == 6


@pytest.mark.parametrize(
    "status,buttons",
    [
        (SummitStatus.DRAFT, ["plan", "cancel"]),
        (SummitStatus.PLANNING, ["confirm", "cancel"]),
        (SummitStatus.CONFIRMED, ["held", "cancel"]),
        (SummitStatus.HELD, ["evaluated"]),
        (SummitStatus.EVALUATED, []),
        (SummitStatus.CANCELLED, []),
    ],
)
def test_summit_page_offers_the_status_changes_the_table_allows(coord_client, status, buttons):
    summit = SummitFactory(status=status)
    response = coord_client.get(summit.get_absolute_url())
    assert [step["action"] for step in response.context["status_actions"]] == buttons
    page = response.content.decode()
    for action in ("plan", "confirm", "held", "evaluated", "cancel"):
        link = reverse("events:summit_transition", args=[summit.slug, action])
        assert (f'href="{link}"' in page) == (action in buttons), action


def test_a_status_change_that_no_longer_applies_sends_back_with_a_message(coord_client):
    summit = SummitFactory(status=SummitStatus.HELD)
    response = coord_client.get(reverse("events:summit_transition", args=[summit.slug, "cancel"]), follow=True)
    assert response.redirect_chain == [(summit.get_absolute_url(), 302)]
    assert "is held: “Cancel the summit” no longer applies" in response.content.decode()


@pytest.mark.parametrize("data", [{}, {"done": "yes"}])
def test_task_done_without_a_known_choice_is_a_400_and_changes_nothing(coord_client, data):
    summit = SummitFactory()
    task = PlanningTask.objects.create(summit=summit, title="Music booked", days_before=28)
    services.task_set_done(task=task, done=True)
    response = coord_client.post(reverse("events:task_done", args=[summit.slug, task.pk]), data)
    assert response.status_code == 400 and "use the tick box on the checklist" in response.content.decode()
    task.refresh_from_db()
    assert task.is_done


def test_panel_composition_is_apart_from_the_named_seats_and_suppressed(coord_client):
    from tests.factories import VolunteerProfileFactory

    summit = SummitFactory()
    for n in range(10):
        gender = "man" if n == 0 else "woman"
        PanelSeatFactory(summit=summit, confirmed=True, volunteer=VolunteerProfileFactory(gender=gender))
    page = coord_client.get(summit.get_absolute_url()).content.decode()
    panel = page[page.index('id="panel"') : page.index('id="panel-composition"')]
    composition = page[page.index('id="panel-composition"') : page.index('id="stalls"')]
    assert "Composition" not in panel  # the named seats carry no breakdown
    assert "<span>Man</span><span>&lt;5</span>" in composition and "<span>Woman</span><span>9</span>" in composition


def test_budget_form_offers_only_engagements_of_bookable_influencers(coord_client):
    from events.enums import EngagementStatus
    from influencers.enums import DueDiligenceStatus

    summit = SummitFactory()
    host = EngagementFactory(summit=summit, status=EngagementStatus.CONFIRMED)
    unsuitable = EngagementFactory(summit=summit, role="dj")
    unsuitable.influencer.due_diligence_status = DueDiligenceStatus.NOT_SUITABLE
    unsuitable.influencer.save()
    withdrawn = EngagementFactory(summit=summit, role="marketing", status=EngagementStatus.WITHDRAWN)
    EngagementFactory()  # another summit's
    url = reverse("events:budget_create", args=[summit.slug])
    choices = list(coord_client.get(url).context["form"].fields["engagement"].queryset)
    assert choices == [host]
    response = coord_client.post(
        url, {"category": "influencer_fees", "description": "Fee", "planned": "400", "engagement": unsuitable.pk}
    )
    assert response.status_code == 200 and "engagement" in response.context["form"].errors
    response = coord_client.post(url, {"category": "influencer_fees", "description": "Fee", "planned": "400"})
    assert "Choose the engagement this fee pays for" in response.context["form"].errors["engagement"][0]
    response = coord_client.post(
        url, {"category": "influencer_fees", "description": "Fee", "planned": "400", "engagement": host.pk}
    )
    assert response.status_code == 302
    line = summit.budget_lines.get()
    assert line.engagement == host and line.influencer == host.influencer
    assert withdrawn.pk not in [e.pk for e in coord_client.get(url).context["form"].fields["engagement"].queryset]
    page = coord_client.get(summit.get_absolute_url()).content.decode()
    assert f"(pays {host.influencer}, host)" in page


def test_record_outcome_is_a_focused_form_prefilled_from_the_check_ins(coord_client):
    from tests.events.tickets.factories import TicketHolderFactory

    summit = SummitFactory(status=SummitStatus.HELD, estimated_reach=None)
    for n in range(5):
        TicketHolderFactory(summit=summit, checked_in=n < 3)
    url = reverse("events:summit_outcome", args=[summit.slug])
    response = coord_client.get(url)
    form = response.context["form"]
    assert list(form.fields) == ["head_count", "estimated_reach", "notes"]
    assert form.initial["head_count"] == 3
    page = response.content.decode()
    assert "<strong>5</strong> tickets issued, <strong>3</strong> checked in" in page
    detail = coord_client.get(summit.get_absolute_url()).content.decode()
    assert f'href="{url}">Record outcome</a>' in detail
    assert "None" not in re.sub(r"<[^>]+>", "", detail).split("Stalls")[0]  # no "Estimated reach None"
    response = coord_client.post(url, {"head_count": "-1", "estimated_reach": "", "notes": ""})
    assert response.status_code == 200 and "head_count" in response.context["form"].errors
    response = coord_client.post(url, {"head_count": "4", "estimated_reach": "900", "notes": "Two walk-ins"})
    assert response.status_code == 302 and response["Location"].endswith("#outcome")
    summit.refresh_from_db()
    assert (summit.actual_attendance, summit.estimated_reach) == (4, 900)
    detail = coord_client.get(summit.get_absolute_url()).content.decode()
    assert "Head count 4: 5 tickets issued; 3 checked in; 1 more counted than checked in" in detail


def test_record_outcome_before_the_day_leads_back(coord_client):
    summit = SummitFactory()
    response = coord_client.get(reverse("events:summit_outcome", args=[summit.slug]))
    assert response.status_code == 302 and response["Location"] == summit.get_absolute_url()
