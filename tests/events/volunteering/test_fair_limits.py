"""Fair limits on a volunteer's time: hours in any 24 hours, and rest between stretches of duty (issue 19, item 4)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from btb.accounts.models import AuditEvent
from btb.errors import ApplicationError
from events.volunteering import services
from events.volunteering.commitments import Commitment, limit_breach, limit_breaches_by_volunteer
from events.volunteering.enums import SignUpStatus
from media_appearances.models import AppearanceParticipant
from tests.events.factories import PanelSeatFactory, SummitFactory
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory
from tests.factories import CoordinatorFactory, VolunteerProfileFactory
from tests.media_appearances.factories import AppearanceFactory

LONDON = ZoneInfo("Europe/London")
DAY = (timezone.localdate() + timedelta(weeks=10)).isoformat()


def at(hour, minute=0, days=0):
    moment = datetime.fromisoformat(DAY).replace(hour=0, tzinfo=LONDON) + timedelta(days=days)
    return moment + timedelta(hours=hour, minutes=minute)


def duty(start, end, what="Set-up crew"):
    return Commitment(1, what, "Community summit", start, end, ("signup", what))


# --- The rule itself (pure) ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "others, window, expected",
    [
        ([], (at(8), at(18)), None),  # ten hours: at the limit, not over it
        ([], (at(8), at(18, 30)), "would take you over 10 hours in 24 hours"),
        ([duty(at(8), at(12))], (at(12, 30), at(19)), "would take you over 10 hours in 24 hours"),
        ([duty(at(8), at(12))], (at(12, 30), at(18, 30)), None),  # ten hours of duty; the half hour between is not
        # Overlapping duties count their time once.
        ([duty(at(8), at(14)), duty(at(9), at(13), "B")], (at(14, 30), at(18, 30)), None),
        # Under an hour apart: one stretch, so no rest is owed between them.
        ([duty(at(8), at(12))], (at(12, 30), at(14)), None),
        # Two hours apart: two stretches with too little rest.
        ([duty(at(8), at(11))], (at(13), at(15)), "less than 8 hours' rest after “Set-up crew”"),
        ([duty(at(20), at(22))], (at(13), at(15)), "less than 8 hours' rest before “Set-up crew”"),
        ([duty(at(8), at(11))], (at(19), at(21)), None),  # eight hours' rest
        # The evening before and the next morning: 9 hours' rest, and 8 hours in the 24 hours.
        ([duty(at(18), at(22))], (at(7, days=1), at(11, days=1)), None),
        ([duty(at(18), at(23))], (at(6, days=1), at(11, days=1)), "less than 8 hours' rest after"),
        # A chain of short duties counts as one stretch; the rest is owed after its end.
        ([duty(at(8), at(10), "A"), duty(at(10, 30), at(12), "B")], (at(14), at(15)), "rest after “B”"),
    ],
)
def test_limit_breach(others, window, expected, settings):
    settings.BTB_VOLUNTEER_MAX_HOURS_IN_24, settings.BTB_VOLUNTEER_MIN_REST_HOURS = 10, 8
    breach = limit_breach(others, starts_at=window[0], ends_at=window[1])
    if expected is None:
        assert breach is None
    else:
        assert expected in str(breach)


def test_limits_follow_the_settings(settings):
    settings.BTB_VOLUNTEER_MAX_HOURS_IN_24, settings.BTB_VOLUNTEER_MIN_REST_HOURS = 12, 2
    assert limit_breach([duty(at(8), at(11))], starts_at=at(13), ends_at=at(19)) is None
    assert "over 12 hours" in str(limit_breach([], starts_at=at(6), ends_at=at(19)))


# --- From every commitment ----------------------------------------------------------------------------------------


@pytest.fixture
def day_summit(db):
    return SummitFactory(starts_at=at(7), ends_at=at(22))


@pytest.mark.django_db
def test_panel_seats_and_appearances_count_for_the_limits(day_summit):
    volunteer = VolunteerProfileFactory()
    evening = SummitFactory(starts_at=at(14), ends_at=at(17))
    PanelSeatFactory(summit=evening, volunteer=volunteer)
    breaches = limit_breaches_by_volunteer(volunteers=[volunteer.pk], starts_at=at(8), ends_at=at(10), ignore=set())
    assert "rest before “Panel”" in str(breaches[volunteer.pk])
    other = VolunteerProfileFactory()
    appearance = AppearanceFactory(starts_at=at(13), duration_minutes=60)
    AppearanceParticipant.objects.create(appearance=appearance, volunteer=other)
    breaches = limit_breaches_by_volunteer(volunteers=[other.pk], starts_at=at(8), ends_at=at(10), ignore=set())
    assert "rest before" in str(breaches[other.pk])


# --- Refused where a place is taken ---------------------------------------------------------------------------------


@pytest.fixture
def morning_and_afternoon(day_summit):
    """A volunteer confirmed 08:00-11:00 and a role 13:00-15:00 the same day: too little rest between."""
    volunteer = VolunteerProfileFactory()
    SignUpFactory(
        role=VolunteerRoleFactory(summit=day_summit, title="Set-up crew", starts_at=at(8), ends_at=at(11)),
        volunteer=volunteer,
        status=SignUpStatus.CONFIRMED,
    )
    afternoon = VolunteerRoleFactory(summit=day_summit, title="Welcome desk", starts_at=at(13), ends_at=at(15))
    return volunteer, afternoon


@pytest.mark.django_db
def test_sign_up_beyond_the_limits_refused_with_a_clear_message(morning_and_afternoon):
    volunteer, afternoon = morning_and_afternoon
    with pytest.raises(ApplicationError, match="leaves you less than 8 hours' rest after “Set-up crew”"):
        services.signup_create(role=afternoon, volunteer=volunteer, by=volunteer.user)


@pytest.mark.django_db
def test_coordinator_booking_beyond_the_limits_needs_a_reason(morning_and_afternoon):
    volunteer, afternoon = morning_and_afternoon
    coordinator = CoordinatorFactory()
    with pytest.raises(ApplicationError, match="give a reason") as refused:
        services.signup_create(role=afternoon, volunteer=volunteer, by=coordinator)
    assert refused.value.field == "override_reason"
    signup = services.signup_create(role=afternoon, volunteer=volunteer, by=coordinator, override_reason="Agreed")
    assert signup.status == SignUpStatus.CONFIRMED and signup.overlap_override_reason == "Agreed"
    assert "rest after" in AuditEvent.objects.get(action="signup.create", object_id=str(signup.pk)).detail["limit"]


@pytest.mark.django_db
def test_confirmation_beyond_the_limits_needs_a_reason(morning_and_afternoon):
    volunteer, afternoon = morning_and_afternoon
    pending = SignUpFactory(role=afternoon, volunteer=volunteer)  # signed up before the morning was booked
    coordinator = CoordinatorFactory()
    with pytest.raises(ApplicationError, match="Confirming .* leaves them less than 8 hours' rest") as refused:
        services.signup_decide(signup=pending, confirm=True, by=coordinator)
    assert refused.value.field == "override_reason"
    with pytest.raises(ApplicationError, match="Nothing was confirmed"):
        services.signups_confirm_many(signups=[pending], by=coordinator)
    confirmed = services.signup_decide(signup=pending, confirm=True, by=coordinator, override_reason="Short day")
    assert confirmed.status == SignUpStatus.CONFIRMED and confirmed.overlap_override_reason == "Short day"


@pytest.mark.django_db
def test_a_pending_sign_up_within_the_limits_confirms_without_a_reason(day_summit):
    signup = SignUpFactory(role=VolunteerRoleFactory(summit=day_summit, starts_at=at(8), ends_at=at(17)))
    assert services.signup_decide(signup=signup, confirm=True, by=CoordinatorFactory()).is_confirmed


@pytest.mark.django_db
def test_taking_an_offer_beyond_the_limits_refused(morning_and_afternoon):
    volunteer, afternoon = morning_and_afternoon
    offered = SignUpFactory(role=afternoon, volunteer=volunteer, status=SignUpStatus.OFFERED)
    with pytest.raises(ApplicationError, match="Taking this place leaves you less than"):
        services.signup_accept_offer(signup=offered, by=volunteer.user)


@pytest.mark.django_db
def test_hand_over_respects_the_colleagues_limits(morning_and_afternoon):
    colleague, afternoon = morning_and_afternoon
    giver = SignUpFactory(role=afternoon, status=SignUpStatus.CONFIRMED)
    with pytest.raises(ApplicationError, match="Taking it leaves them less than 8 hours' rest") as refused:
        services.signup_hand_over(signup=giver, colleague=colleague, by=giver.volunteer.user)
    assert refused.value.field == "colleague"


# --- Pages --------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_board_tells_of_the_limits_before_signing_up(client, morning_and_afternoon):
    volunteer, afternoon = morning_and_afternoon
    client.force_login(volunteer.user)
    response = client.get(reverse("events:opportunity_list"))
    roles = {role.title: role for role in response.context["roles"]}
    assert "less than 8 hours' rest after “Set-up crew”" in str(roles["Welcome desk"].limit)
    assert "This leaves you less than 8 hours&#x27; rest after" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_board_with_limits_query_count_flat(client, django_assert_max_num_queries, rows, day_summit):
    volunteer = VolunteerProfileFactory()
    SignUpFactory(
        role=VolunteerRoleFactory(summit=day_summit, starts_at=at(7), ends_at=at(9)),
        volunteer=volunteer,
        status=SignUpStatus.CONFIRMED,
    )
    PanelSeatFactory(summit=SummitFactory(starts_at=at(20), ends_at=at(22)), volunteer=volunteer)
    for index in range(rows):
        VolunteerRoleFactory(summit=day_summit, starts_at=at(10 + index % 10), ends_at=at(11 + index % 10))
    client.force_login(volunteer.user)
    with django_assert_max_num_queries(10):  # the roles' requirements: one query for the page
        response = client.get(reverse("events:opportunity_list"))
    assert sum(1 for role in response.context["roles"] if role.limit) >= 1


@pytest.mark.django_db
def test_roster_confirm_beyond_the_limits_leads_to_the_reason_page(client, morning_and_afternoon):
    volunteer, afternoon = morning_and_afternoon
    pending = SignUpFactory(role=afternoon, volunteer=volunteer)
    client.force_login(CoordinatorFactory())
    response = client.post(reverse("events:signup_decide", kwargs={"pk": pending.pk}), {"decision": "confirm"})
    url = reverse("events:signup_confirm", kwargs={"pk": pending.pk})
    assert response.status_code == 302 and response.url == url
    page = client.get(url)
    assert "leaves them less than 8 hours&#x27; rest" in page.content.decode()
    pending.refresh_from_db()
    assert pending.status == SignUpStatus.PENDING  # nothing on GET
    refused = client.post(url, {"override_reason": ""})
    assert "give a reason" in refused.context["form"].errors["override_reason"][0]
    assert client.post(url, {"override_reason": "Agreed with the sergeant"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == SignUpStatus.CONFIRMED
