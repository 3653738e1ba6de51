import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import SignUp, VolunteerCalendarToken
from events.volunteering.enums import RoleKind, SignUpStatus
from tests.calendars import parse_both
from tests.events.factories import SummitFactory
from tests.events.volunteering.factories import InterviewSlotFactory, SignUpFactory, VolunteerRoleFactory
from tests.factories import BoroughFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _roles(n, **kwargs):
    summit = SummitFactory()
    return [VolunteerRoleFactory(summit=summit, **kwargs) for _ in range(n)]


@pytest.mark.parametrize("rows", [1, 20])
def test_board_query_count_flat(client, volunteer, django_assert_max_num_queries, rows):
    _roles(rows)
    client.force_login(volunteer)
    with django_assert_max_num_queries(10):  # the roles' requirements: one query for the page
        response = client.get(reverse("events:opportunity_list"))
    assert len(response.context["roles"]) == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_schedule_query_count_flat(client, volunteer, django_assert_max_num_queries, rows):
    for role in _roles(rows):
        SignUpFactory(role=role, volunteer=volunteer.volunteer, status=SignUpStatus.CONFIRMED)
    client.force_login(volunteer)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("events:my_schedule"))
    assert len(response.context["upcoming"]) == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_summit_roster_query_count_flat(client, coordinator, django_assert_max_num_queries, rows):
    roles = _roles(rows)
    for role in roles:
        SignUpFactory(role=role)
        SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("events:summit_roster", kwargs={"slug": roles[0].summit.slug}))
    assert len(response.context["roles"]) == rows
    assert response.context["totals"]["taken"] == rows * 2


@pytest.mark.parametrize("rows", [1, 20])
def test_appearance_roster_query_count_flat(client, oversight, django_assert_max_num_queries, rows):
    first = InterviewSlotFactory()
    for _ in range(rows - 1):
        SignUpFactory(role=InterviewSlotFactory(appearance=first.appearance))
    client.force_login(oversight)
    with django_assert_max_num_queries(10):  # the slots' requirements: one query for the page
        response = client.get(reverse("events:appearance_roster", kwargs={"pk": first.appearance_id}))
    assert len(response.context["roles"]) == rows
    assert b"Confirm" not in response.content and b"Book a volunteer" not in response.content


def test_board_shows_free_places_and_filters_by_kind_borough_and_date(client, volunteer):
    hackney = BoroughFactory(name="Hackney")
    near = VolunteerRoleFactory(summit=SummitFactory(borough=hackney), kind=RoleKind.STALL, places=1)
    far = VolunteerRoleFactory(kind=RoleKind.WELCOME)
    full = VolunteerRoleFactory(places=1)
    SignUpFactory(role=full)
    slot = InterviewSlotFactory()
    client.force_login(volunteer)

    def listed(query=""):
        return {role.pk for role in client.get(reverse("events:opportunity_list") + query).context["roles"]}

    assert listed() == {near.pk, far.pk, slot.pk}
    assert listed("?include_full=on") == {near.pk, far.pk, full.pk, slot.pk}
    assert listed("?kind=stall") == {near.pk}
    assert listed(f"?borough={hackney.pk}") == {near.pk}
    assert listed(f"?date_to={timezone.localdate() + timedelta(days=8):%Y-%m-%d}") == {slot.pk}
    assert listed("?kind=nonsense&date_from=not-a-date&borough=x") == {near.pk, far.pk, slot.pk}
    assert client.get(reverse("events:opportunity_list") + "?page=99").status_code == 404


def test_board_pages_without_counting(client, volunteer):
    roles = _roles(21)
    SignUpFactory(role=VolunteerRoleFactory(places=1))  # full: never listed, never counted
    client.force_login(volunteer)
    first = client.get(reverse("events:opportunity_list") + "?kind=" + roles[0].kind)
    html = first.content.decode()
    assert len(first.context["roles"]) == 20 and first.context["page_obj"].has_next()
    assert ">Page 1</span>" in html and "page=2" in html and " of " not in html.split('aria-label="Pages"')[1]
    second = client.get(reverse("events:opportunity_list") + f"?kind={roles[0].kind}&page=2")
    assert [role.pk for role in second.context["roles"]] == [roles[-1].pk]
    assert not second.context["page_obj"].has_next() and "page=1" in second.content.decode()
    assert second.context["page_obj"].start_index() == 21 == second.context["page_obj"].end_index()
    for bad in ("3", "0", "x", "1.5"):
        assert client.get(reverse("events:opportunity_list") + f"?kind={roles[0].kind}&page={bad}").status_code == 404


def test_volunteer_signs_up_from_the_board(client, volunteer, django_capture_on_commit_callbacks):
    role = VolunteerRoleFactory()
    client.force_login(volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:opportunity_signup", kwargs={"pk": role.pk}), {"note": "Till 8pm"})
    assert response.status_code == 302 and response["Location"] == reverse("events:my_schedule")
    signup = SignUp.objects.get(volunteer=volunteer.volunteer)
    assert (signup.status, signup.note) == (SignUpStatus.PENDING, "Till 8pm")


def test_overlap_refusal_shows_next_to_the_form(client, volunteer):
    role = VolunteerRoleFactory(title="Welcome desk")
    SignUpFactory(role=role, volunteer=volunteer.volunteer)
    clashing = VolunteerRoleFactory(summit=role.summit)
    client.force_login(volunteer)
    response = client.post(reverse("events:opportunity_signup", kwargs={"pk": clashing.pk}), {})
    assert response.status_code == 200
    assert "overlaps with “Welcome desk”" in response.context["form"].non_field_errors()[0]


def test_volunteer_cannot_see_or_change_another_volunteers_signup(client, volunteer, other_volunteer):
    theirs = SignUpFactory(volunteer=other_volunteer.volunteer)
    offered = SignUpFactory(volunteer=other_volunteer.volunteer, status=SignUpStatus.OFFERED)
    client.force_login(volunteer)
    withdraw = reverse("events:signup_withdraw", kwargs={"pk": theirs.pk})
    assert client.get(withdraw).status_code == 404
    assert client.post(withdraw, {"reason": "Not mine"}).status_code == 404
    assert (
        client.post(reverse("events:signup_offer", kwargs={"pk": offered.pk}), {"answer": "accept"}).status_code == 404
    )
    assert (
        client.post(reverse("events:signup_decide", kwargs={"pk": theirs.pk}), {"decision": "decline"}).status_code
        == 403
    )
    theirs.refresh_from_db()
    offered.refresh_from_db()
    assert (theirs.status, offered.status) == (SignUpStatus.PENDING, SignUpStatus.OFFERED)
    assert theirs.pk not in {s.pk for s in client.get(reverse("events:my_schedule")).context["upcoming"]}


def test_withdraw_page_asks_for_a_reason_with_a_way_back(client, volunteer):
    signup = SignUpFactory(volunteer=volunteer.volunteer)
    client.force_login(volunteer)
    page = client.get(reverse("events:signup_withdraw", kwargs={"pk": signup.pk})).content.decode()
    assert page.count('<form method="post" novalidate>') == 1 and 'name="reason"' in page
    assert 'class="btn btn-danger">Withdraw</button>' in page
    assert f'href="{reverse("events:my_schedule")}">Keep my place</a>' in page


def test_withdraw_page_after_the_cutoff_asks_to_contact_the_coordinator(client, volunteer, settings):
    settings.VOLUNTEER_WITHDRAWAL_CUTOFF_HOURS = 24 * 7 * 13  # longer than the twelve weeks to the summit
    signup = SignUpFactory(volunteer=volunteer.volunteer)
    client.force_login(volunteer)
    assert client.get(reverse("events:my_schedule")).context["upcoming"][0].can_withdraw is False
    response = client.post(reverse("events:signup_withdraw", kwargs={"pk": signup.pk}), {"reason": "Duty"})
    assert response.status_code == 200
    assert "Please contact the coordinator" in response.context["form"].non_field_errors()[0]
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.PENDING


def test_oversight_reads_rosters_but_cannot_decide(client, oversight):
    signup = SignUpFactory()
    client.force_login(oversight)
    assert (
        client.post(reverse("events:signup_decide", kwargs={"pk": signup.pk}), {"decision": "confirm"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("events:signup_attendance", kwargs={"pk": signup.pk}), {"attendance": "attended"}
        ).status_code
        == 403
    )
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.PENDING


def test_coordinator_confirms_from_the_roster(client, coordinator, django_capture_on_commit_callbacks):
    signup = SignUpFactory()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:signup_decide", kwargs={"pk": signup.pk}), {"decision": "confirm"})
    assert response["Location"].endswith(f"#role-{signup.role_id}")
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CONFIRMED and signup.decided_by == coordinator


def test_coordinator_creates_a_role_with_validation_next_to_the_field(client, coordinator):
    summit = SummitFactory(
        starts_at=datetime(2030, 6, 1, 15, 0, tzinfo=LONDON), ends_at=datetime(2030, 6, 1, 20, 0, tzinfo=LONDON)
    )
    client.force_login(coordinator)
    url = reverse("events:role_create", kwargs={"slug": summit.slug})
    data = {
        "kind": "setup",
        "title": "Set-up crew",
        "starts_at": "2030-06-01T16:00",
        "ends_at": "2030-06-01T15:00",
        "places": "4",
        "uniform_approach": "out_of_uniform",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "must end after it starts" in str(response.context["form"].errors)
    data["ends_at"] = "2030-06-01T18:00"
    response = client.post(url, data)
    assert response.status_code == 302
    role = summit.volunteer_roles.get()
    assert (role.title, role.places, timezone.localtime(role.starts_at).hour) == ("Set-up crew", 4, 16)


def test_calendar_feed_parses_with_london_times_over_a_clock_change(client, volunteer):
    profile = volunteer.volunteer
    before = VolunteerRoleFactory(
        starts_at=datetime(2030, 3, 30, 18, 0, tzinfo=LONDON), ends_at=datetime(2030, 3, 30, 21, 0, tzinfo=LONDON)
    )
    after = VolunteerRoleFactory(
        starts_at=datetime(2030, 3, 31, 18, 0, tzinfo=LONDON), ends_at=datetime(2030, 3, 31, 21, 0, tzinfo=LONDON)
    )
    SignUpFactory(role=before, volunteer=profile, status=SignUpStatus.CONFIRMED)
    SignUpFactory(role=after, volunteer=profile, status=SignUpStatus.PENDING)
    past = timezone.now() - timedelta(days=2)
    ended = VolunteerRoleFactory(starts_at=past, ends_at=past + timedelta(hours=2))
    SignUpFactory(role=ended, volunteer=profile, status=SignUpStatus.WITHDRAWN)  # over: no longer in the feed
    SignUpFactory(role=VolunteerRoleFactory(), volunteer=profile, status=SignUpStatus.WAITING)  # never was
    client.force_login(volunteer)
    token = _feed_token(client.post(reverse("events:my_calendar")))
    client.logout()
    response = client.get(reverse("events:my_calendar_feed", kwargs={"token": token}))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    method, events = parse_both(response.content)  # icalendar and vobject (dateutil) agree
    assert method == "PUBLISH"
    starts = [event.starts_at for event in events]
    assert starts == [before.starts_at, after.starts_at]
    assert [s.astimezone(LONDON).hour for s in starts] == [18, 18]  # GMT the day before the change, BST after
    assert [s.hour for s in starts] == [18, 17]
    assert [e.status for e in events] == ["CONFIRMED", "TENTATIVE"]


def test_calendar_feed_keeps_a_withdrawn_or_cancelled_signup_as_cancelled_until_it_is_over(client, volunteer):
    profile = volunteer.volunteer
    kept = SignUpFactory(role=VolunteerRoleFactory(), volunteer=profile, status=SignUpStatus.CONFIRMED)
    client.force_login(volunteer)
    url = reverse("events:my_calendar_feed", kwargs={"token": _feed_token(client.post(reverse("events:my_calendar")))})
    _, [before] = parse_both(client.get(url).content)
    assert client.get(url).content == client.get(url).content  # DTSTAMP is the last change, not the fetch
    SignUp.objects.filter(pk=kept.pk).update(
        status=SignUpStatus.WITHDRAWN, updated_at=timezone.now() + timedelta(minutes=5)
    )
    _, [after] = parse_both(client.get(url).content)
    assert after.uid == before.uid and after.status == "CANCELLED" and before.status == "CONFIRMED"
    assert after.sequence > before.sequence and after.dtstamp > before.dtstamp
    role = kept.role
    role.starts_at, role.ends_at = timezone.now() - timedelta(hours=3), timezone.now() - timedelta(hours=1)
    role.save()
    assert parse_both(client.get(url).content)[1] == []  # over: it leaves the feed


def _feed_token(response) -> str:
    """The address is shown once, on the page that makes it (only its hash is stored)."""
    return re.search(r"/my/schedule/feed/([^\"<]+)\.ics", response.content.decode()).group(1)


def test_regenerating_the_feed_address_cuts_off_the_old_one(client, volunteer):
    client.force_login(volunteer)
    url = reverse("events:my_calendar")
    old = _feed_token(client.post(url))
    # With an address in use, a new one is asked for first: the page's button is secondary and leads to a question.
    page = client.get(url).content.decode()
    assert 'class="btn btn-outline-secondary" href="?confirm=new"' in page and "btn-primary" not in page
    assert client.post(url)["Location"] == url + "?confirm=new"  # a bare POST does not act
    assert VolunteerCalendarToken.objects.filter(volunteer=volunteer.volunteer).count() == 1
    question = client.get(url + "?confirm=new").content.decode()
    assert "Your current address stops working at once" in question and "Keep my address" in question
    assert client.get(reverse("events:my_calendar_feed", kwargs={"token": old})).status_code == 200
    new = _feed_token(client.post(url + "?confirm=new"))
    assert old != new
    assert VolunteerCalendarToken.objects.get(volunteer=volunteer.volunteer).token_hash != new  # stored hashed
    assert client.get(reverse("events:my_calendar_feed", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("events:my_calendar_feed", kwargs={"token": new})).status_code == 200


def test_the_feed_address_is_shown_once_and_can_be_revoked(client, volunteer):
    client.force_login(volunteer)
    token = _feed_token(client.post(reverse("events:my_calendar")))
    assert token not in client.get(reverse("events:my_calendar")).content.decode()
    assert client.post(reverse("events:my_calendar"), {"revoke": "1"})["Location"].endswith("?confirm=revoke")
    assert VolunteerCalendarToken.objects.filter(volunteer=volunteer.volunteer).exists()
    assert "Stop it working" in client.get(reverse("events:my_calendar") + "?confirm=revoke").content.decode()
    client.post(reverse("events:my_calendar") + "?confirm=revoke")
    assert not VolunteerCalendarToken.objects.filter(volunteer=volunteer.volunteer).exists()
    # With no address, there is nothing to confirm: the question page is not shown.
    assert client.get(reverse("events:my_calendar") + "?confirm=new")["Location"] == reverse("events:my_calendar")
    assert client.get(reverse("events:my_calendar_feed", kwargs={"token": token})).status_code == 404


def test_offer_accept_from_schedule(client, volunteer):
    signup = SignUpFactory(
        volunteer=volunteer.volunteer, status=SignUpStatus.OFFERED, offer_expires_at=timezone.now() + timedelta(hours=2)
    )
    client.force_login(volunteer)
    client.post(reverse("events:signup_offer", kwargs={"pk": signup.pk}), {"answer": "accept"})
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.PENDING


def test_summit_page_shows_the_volunteers_section(client, coordinator):
    role = VolunteerRoleFactory(places=3, title="Stall helpers")
    SignUpFactory(role=role)
    client.force_login(coordinator)
    response = client.get(role.summit.get_absolute_url())
    assert "Stall helpers (welcome): 1/3" in response.content.decode()


def test_nav_shows_opportunities_and_schedule_to_volunteers_only(client, volunteer, coordinator):
    client.force_login(volunteer)
    page = client.get(reverse("home")).content.decode()
    assert "Opportunities" in page and "My schedule" in page
    client.force_login(coordinator)
    page = client.get(reverse("events:summit_list")).content.decode()
    assert "My schedule" not in page


@pytest.mark.parametrize("data", [{}, {"decision": ""}, {"decision": "yes"}, {"confirm": "1"}])
def test_decision_without_a_known_choice_is_a_400_and_changes_nothing(client, coordinator, data, mailoutbox):
    signup = SignUpFactory()
    client.force_login(coordinator)
    response = client.post(reverse("events:signup_decide", kwargs={"pk": signup.pk}), data)
    assert response.status_code == 400
    assert "use the Confirm or Decline button" in response.content.decode()
    signup.refresh_from_db()
    assert (signup.status, signup.decided_by, mailoutbox) == (SignUpStatus.PENDING, None, [])


@pytest.mark.parametrize("data", [{}, {"attendance": "maybe"}])
def test_attendance_without_a_known_choice_is_a_400_and_changes_nothing(client, coordinator, data):
    signup = SignUpFactory(status=SignUpStatus.CONFIRMED, role=_past_role())
    client.force_login(coordinator)
    response = client.post(reverse("events:signup_attendance", kwargs={"pk": signup.pk}), data)
    assert response.status_code == 400 and "Attended or No-show" in response.content.decode()
    signup.refresh_from_db()
    assert signup.attendance == ""


@pytest.mark.parametrize("data", [{}, {"answer": "later"}])
def test_offer_answer_without_a_known_choice_is_a_400_and_keeps_the_offer(client, volunteer, data):
    signup = SignUpFactory(
        volunteer=volunteer.volunteer, status=SignUpStatus.OFFERED, offer_expires_at=timezone.now() + timedelta(hours=5)
    )
    client.force_login(volunteer)
    response = client.post(reverse("events:signup_offer", kwargs={"pk": signup.pk}), data)
    assert response.status_code == 400 and "Take the place" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.OFFERED


def _past_role():
    summit = SummitFactory(
        starts_at=timezone.now() - timedelta(days=2, hours=3), ends_at=timezone.now() - timedelta(days=2)
    )
    return VolunteerRoleFactory(summit=summit)


@pytest.mark.parametrize(
    "url_name,needs_pk", [("my_schedule", False), ("my_calendar", False), ("opportunity_signup", True)]
)
def test_superuser_without_a_volunteer_profile_is_told_rather_than_failing(
    admin_client, admin_user, url_name, needs_pk
):
    assert not hasattr(admin_user, "volunteer")
    kwargs = {"pk": VolunteerRoleFactory().pk} if needs_pk else {}
    response = admin_client.get(reverse(f"events:{url_name}", kwargs=kwargs), follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "your account has no volunteer profile" in response.content.decode()


def test_superuser_without_a_volunteer_profile_changes_nothing_by_posting(admin_client):
    signup = SignUpFactory()
    for url in (
        reverse("events:signup_withdraw", kwargs={"pk": signup.pk}),
        reverse("events:signup_offer", kwargs={"pk": signup.pk}),
        reverse("events:my_calendar"),
    ):
        response = admin_client.post(url, {"reason": "Duty", "answer": "decline"})
        assert (response.status_code, response["Location"]) == (302, reverse("home")), url
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.PENDING and not VolunteerCalendarToken.objects.exists()


# --- The roster a coordinator runs --------------------------------------------------------------------------------


def test_roster_counts_filled_as_confirmed_and_shows_pending_apart(client, coordinator):
    role = VolunteerRoleFactory(places=2)
    SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    SignUpFactory(role=role, status=SignUpStatus.PENDING)
    client.force_login(coordinator)
    response = client.get(reverse("events:summit_roster", kwargs={"slug": role.summit.slug}))
    page = response.content.decode()
    assert "1 of 2 confirmed, 1 pending" in page
    assert response.context["totals"]["confirmed"] == 1 and response.context["totals"]["gaps"] == 1


def test_held_summit_roster_raises_no_unfilled_alarms(client, coordinator):
    from events.enums import SummitStatus

    start = timezone.now() - timedelta(days=3)
    summit = SummitFactory(status=SummitStatus.HELD, starts_at=start, ends_at=start + timedelta(hours=3))
    role = VolunteerRoleFactory(summit=summit, places=3)
    SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    client.force_login(coordinator)
    response = client.get(reverse("events:summit_roster", kwargs={"slug": summit.slug}))
    assert b"btb-roster-gap" not in response.content and b"exclamation-triangle" not in response.content
    assert "1 of 3 confirmed" in response.content.decode()
    assert response.context["totals"]["gaps"] == 0


def test_panel_role_kind_follows_the_panel_not_its_own_places(client, coordinator):
    from events.enums import SummitStatus
    from tests.events.factories import PanelSeatFactory

    start = timezone.now() - timedelta(days=3)
    summit = SummitFactory(status=SummitStatus.HELD, starts_at=start, ends_at=start + timedelta(hours=3))
    VolunteerRoleFactory(summit=summit, kind=RoleKind.PANEL, title="Panel seat", places=1)
    for _ in range(5):
        PanelSeatFactory(summit=summit)
    client.force_login(coordinator)
    page = client.get(reverse("events:summit_roster", kwargs={"slug": summit.slug})).content.decode()
    assert "5 of 5 seats confirmed" in page and "unfilled" not in page and "0 of 1" not in page


def test_role_form_offers_no_panel_seat_kind_for_new_roles(client, coordinator):
    summit = SummitFactory()
    client.force_login(coordinator)
    form = client.get(reverse("events:role_create", kwargs={"slug": summit.slug})).context["form"]
    assert RoleKind.PANEL not in [value for value, _ in form.fields["kind"].choices]


def test_bulk_confirm_confirms_the_ticked_and_tells_each(client, coordinator, django_capture_on_commit_callbacks):
    from btb.outbox.models import OutgoingMail

    role = VolunteerRoleFactory(places=3)
    ticked = [SignUpFactory(role=role), SignUpFactory(role=role)]
    left = SignUpFactory(role=role)
    client.force_login(coordinator)
    roster = client.get(reverse("events:summit_roster", kwargs={"slug": role.summit.slug})).content.decode()
    assert 'id="confirm-many"' in roster and f'form="confirm-many" id="tick-{left.pk}"' in roster
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:summit_confirm_many", kwargs={"slug": role.summit.slug}),
            {"signups": [s.pk for s in ticked]},
        )
    assert response.status_code == 302
    statuses = dict(SignUp.objects.filter(role=role).values_list("pk", "status"))
    assert [statuses[s.pk] for s in ticked] == ["confirmed", "confirmed"] and statuses[left.pk] == "pending"
    assert OutgoingMail.objects.filter(kind="volunteering.confirmed").count() == 2


def test_bulk_confirm_refuses_a_sign_up_of_another_summit_and_confirms_nothing(client, coordinator):
    role = VolunteerRoleFactory()
    mine = SignUpFactory(role=role)
    elsewhere = SignUpFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("events:summit_confirm_many", kwargs={"slug": role.summit.slug}),
        {"signups": [mine.pk, elsewhere.pk]},
        follow=True,
    )
    assert "no longer waiting for a decision" in response.content.decode()
    assert set(SignUp.objects.values_list("status", flat=True)) == {"pending"}


def test_decline_asks_a_reason_the_volunteer_sees(client, coordinator, volunteer, django_capture_on_commit_callbacks):
    signup = SignUpFactory(volunteer=volunteer.volunteer)
    client.force_login(coordinator)
    url = reverse("events:signup_decline", kwargs={"pk": signup.pk})
    response = client.post(url, {"note": ""})
    assert response.status_code == 200 and "the volunteer sees it" in str(response.context["form"].errors)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "We have enough people on the desk"})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.DECLINED and signup.decision_note == "We have enough people on the desk"
    client.force_login(volunteer)
    assert "We have enough people on the desk" in client.get(reverse("events:my_schedule")).content.decode()


def test_undo_a_confirmation_tells_the_volunteer(client, coordinator, django_capture_on_commit_callbacks, mailoutbox):
    signup = SignUpFactory(status=SignUpStatus.CONFIRMED, decided_at=timezone.now())
    client.force_login(coordinator)
    url = reverse("events:signup_undo", kwargs={"pk": signup.pk})
    assert "Undo the confirmation" in client.get(url).content.decode()  # asks first
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "Booked twice by mistake"})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.PENDING and signup.decided_at is None
    assert [m.subject for m in mailoutbox] == [f"Back with the coordinator: {signup.role.title}"]
    assert "Booked twice by mistake" in mailoutbox[0].body


def test_undo_and_decline_pages_404_for_a_missing_sign_up(client, coordinator):
    client.force_login(coordinator)
    for name in ("signup_undo", "signup_decline"):
        assert client.get(reverse(f"events:{name}", kwargs={"pk": 99999})).status_code == 404


def test_attendance_buttons_show_the_current_state(client, coordinator):
    start = timezone.now() - timedelta(days=1)
    summit = SummitFactory(starts_at=start, ends_at=start + timedelta(hours=3))
    role = VolunteerRoleFactory(summit=summit)
    SignUpFactory(role=role, status=SignUpStatus.CONFIRMED, attendance="attended")
    client.force_login(coordinator)
    page = client.get(reverse("events:summit_roster", kwargs={"slug": summit.slug})).content.decode()
    assert re.search(r'value="attended" aria-pressed="true"', page)
    assert re.search(r'value="no_show" aria-pressed="false"', page)


def test_roster_lists_who_has_not_arrived_a_quarter_hour_after_their_start(client, coordinator):
    start = timezone.now() - timedelta(minutes=20)
    summit = SummitFactory(starts_at=start, ends_at=start + timedelta(hours=3), status="confirmed")
    role = VolunteerRoleFactory(summit=summit, starts_at=start, ends_at=start + timedelta(hours=2))
    late = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    SignUpFactory(role=role, status=SignUpStatus.CONFIRMED, attendance="attended")
    client.force_login(coordinator)
    response = client.get(reverse("events:summit_roster", kwargs={"slug": summit.slug}))
    assert [s.pk for _, s in response.context["totals"]["not_arrived"]] == [late.pk]
    page = response.content.decode()
    assert "Not arrived 15 minutes after their start" in page
    assert page.count('value="attended" aria-pressed') == 2  # checked in on the day, not only after it
    client.post(reverse("events:signup_attendance", kwargs={"pk": late.pk}), {"attendance": "attended"})
    assert not client.get(reverse("events:summit_roster", kwargs={"slug": summit.slug})).context["totals"][
        "not_arrived"
    ]
