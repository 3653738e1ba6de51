from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from btb.errors import ApplicationError
from events.enums import SummitStatus
from events.volunteering import services
from events.volunteering.commitments import hours_given
from events.volunteering.enums import Attendance, SignUpStatus
from events.volunteering.selectors import roster, roster_totals
from tests.events.factories import SummitFactory
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory
from tests.factories import VolunteerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def noon(monkeypatch):
    """The clock at noon today, so that “today's roles” stay on today whenever the tests run."""
    fixed = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    return fixed


def todays_role(starts_in=timedelta(hours=1), hours=3, summit=None, **kwargs):
    starts_at = (timezone.now() + starts_in).replace(microsecond=0)
    if summit is None:
        summit = SummitFactory(
            status=SummitStatus.CONFIRMED, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours)
        )
    return VolunteerRoleFactory(
        summit=summit, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), **kwargs
    )


def confirmed(role, profile=None):
    return SignUpFactory(role=role, volunteer=profile or VolunteerProfileFactory(), status=SignUpStatus.CONFIRMED)


def test_check_in_marks_the_same_attendance_the_coordinator_records():
    signup = confirmed(todays_role(starts_in=timedelta(minutes=-20)))
    services.signup_check_in(signup=signup, by=signup.volunteer.user)
    signup.refresh_from_db()
    assert signup.attendance == Attendance.ATTENDED
    roles = roster(signup.role.summit.volunteer_roles.all())
    assert roster_totals(roles)["not_arrived"] == []
    assert [c.volunteer_id for c in hours_given(summits=[signup.role.summit_id])] == [signup.volunteer_id]
    services.signup_check_in(signup=signup, by=signup.volunteer.user)  # twice: nothing changes
    assert signup.role.signups.get().attendance == Attendance.ATTENDED


def test_without_check_in_the_volunteer_is_on_the_not_arrived_list():
    signup = confirmed(todays_role(starts_in=timedelta(minutes=-20)))
    roles = roster(signup.role.summit.volunteer_roles.all())
    assert [s.pk for _, s in roster_totals(roles)["not_arrived"]] == [signup.pk]


def test_check_in_opens_two_hours_before_the_start_and_closes_at_the_end():
    signup = confirmed(todays_role(starts_in=timedelta(hours=3)))
    role, user = signup.role, signup.volunteer.user
    opens = role.starts_at - timedelta(hours=2)
    with pytest.raises(ApplicationError, match=f"opens at {timezone.localtime(opens):%H:%M}, two hours before"):
        services.signup_check_in(signup=signup, by=user, now=opens - timedelta(minutes=1))
    with pytest.raises(ApplicationError, match="has ended, so check-in is closed"):
        services.signup_check_in(signup=signup, by=user, now=role.ends_at)
    assert services.signup_check_in(signup=signup, by=user, now=opens).attendance == Attendance.ATTENDED


def test_check_in_is_for_the_volunteer_and_a_confirmed_place_only():
    role = todays_role()
    signup = confirmed(role)
    with pytest.raises(ApplicationError, match="Only the volunteer"):
        services.signup_check_in(signup=signup, by=VolunteerProfileFactory().user)
    pending = SignUpFactory(role=role, status=SignUpStatus.PENDING)
    with pytest.raises(ApplicationError, match="Only a confirmed place"):
        services.signup_check_in(signup=pending, by=pending.volunteer.user)


# --- Pages ---------------------------------------------------------------------------------------------------------


def test_check_in_page_lists_todays_roles_and_checks_in(client, volunteer):
    profile = volunteer.volunteer
    now_role = todays_role(title="Welcome desk")
    later = todays_role(starts_in=timedelta(hours=4), summit=now_role.summit, title="Clear-up")
    tomorrow = VolunteerRoleFactory(
        summit=now_role.summit,
        title="Tomorrow's job",
        starts_at=now_role.starts_at + timedelta(days=1),
        ends_at=now_role.ends_at + timedelta(days=1),
    )
    signup, _, _ = confirmed(now_role, profile), confirmed(later, profile), confirmed(tomorrow, profile)
    client.force_login(volunteer)
    url = reverse("events:summit_check_in", kwargs={"slug": now_role.summit.slug})
    page = client.get(url).content.decode()
    assert "Welcome desk" in page and "Clear-up" in page and "Tomorrow's job" not in page
    assert page.count("I'm here<") == 1 and "Check-in opens at" in page
    response = client.post(url, {"signup": signup.pk}, follow=True)
    assert "You are checked in for “Welcome desk”" in response.content.decode()
    signup.refresh_from_db()
    assert signup.attendance == Attendance.ATTENDED


def test_check_in_page_refuses_another_volunteers_sign_up(client, volunteer):
    role = todays_role()
    theirs = confirmed(role)
    client.force_login(volunteer)
    url = reverse("events:summit_check_in", kwargs={"slug": role.summit.slug})
    response = client.post(url, {"signup": theirs.pk}, follow=True)
    assert "not one of your roles here today" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.attendance == ""


def test_check_in_page_with_nothing_today_says_so(client, volunteer):
    role = todays_role()
    client.force_login(volunteer)
    page = client.get(reverse("events:summit_check_in", kwargs={"slug": role.summit.slug})).content.decode()
    assert "no confirmed role at this summit today" in page


def test_check_in_page_of_an_unknown_summit_is_not_found(client, volunteer):
    client.force_login(volunteer)
    assert client.get(reverse("events:summit_check_in", kwargs={"slug": "no-such-summit"})).status_code == 404


@pytest.mark.parametrize("rows", [1, 20])
def test_check_in_page_query_count_flat(client, volunteer, django_assert_max_num_queries, rows):
    first = todays_role()
    confirmed(first, volunteer.volunteer)
    for _ in range(rows - 1):
        confirmed(todays_role(summit=first.summit), volunteer.volunteer)
    client.force_login(volunteer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:summit_check_in", kwargs={"slug": first.summit.slug}))
    assert len(response.context["signups"]) == rows


def test_poster_has_the_qr_code_of_the_check_in_page(client, coordinator):
    role = todays_role()
    client.force_login(coordinator)
    page = client.get(reverse("events:summit_check_in_poster", kwargs={"slug": role.summit.slug})).content.decode()
    assert "Volunteers: check in here" in page and 'src="data:image/svg+xml' in page
    assert "http://testserver" + reverse("events:summit_check_in", kwargs={"slug": role.summit.slug}) in page
    roster_page = client.get(reverse("events:summit_roster", kwargs={"slug": role.summit.slug})).content.decode()
    assert reverse("events:summit_check_in_poster", kwargs={"slug": role.summit.slug}) in roster_page
