"""Handing a place to a named colleague, or back to the waiting list (issue 19, item 4)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from btb.accounts.models import AuditEvent
from btb.errors import ApplicationError
from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from events.models import SignUp
from events.volunteering import handover, roles, services
from events.volunteering.enums import SignUpStatus
from events.volunteering.notifications import COORDINATOR_GIVEN_BACK, COORDINATOR_HANDED_OVER, mail_kind
from tests.events.factories import SummitFactory
from tests.events.volunteering.factories import InterviewSlotFactory, SignUpFactory, VolunteerRoleFactory
from tests.factories import CoordinatorFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return CoordinatorFactory(email="lead@met.police.uk")


def _role(lead, **kwargs):
    return VolunteerRoleFactory(summit=SummitFactory(lead_coordinator=lead), **kwargs)


def _sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_hand_over_a_confirmed_place_stays_confirmed_and_tells_colleague_and_coordinator(run, lead):
    role = _role(lead, title="Welcome desk")
    giver = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED, decided_by=lead, decided_at=timezone.now())
    colleague = VolunteerProfileFactory(display_name="PC Ada Obi")
    taken = run(handover.signup_hand_over, signup=giver, colleague=colleague, by=giver.volunteer.user)
    giver.refresh_from_db()
    assert (taken.volunteer, taken.status, taken.decided_by) == (colleague, SignUpStatus.CONFIRMED, lead)
    assert giver.status == SignUpStatus.WITHDRAWN and giver.withdrawal_reason == "Handed over to PC Ada Obi"
    event = AuditEvent.objects.get(action="signup.hand_over")
    assert event.actor == giver.volunteer.user and event.object_id == str(taken.pk)
    assert event.detail["from_volunteer"] == giver.volunteer_id and event.detail["to_volunteer"] == colleague.pk
    (to_colleague,) = _sent_to(colleague.user.email)
    assert "handed you their place" in to_colleague.subject and "it is confirmed" in to_colleague.body
    assert to_colleague.attachments  # the calendar entry of a confirmed place
    (to_lead,) = _sent_to(lead.email)
    assert f"{giver.volunteer.display_name} has handed their place" in to_lead.body
    assert "PC Ada Obi" in to_lead.body and f"/summits/{role.summit.slug}/roster/" in to_lead.body


def test_hand_over_a_pending_place_stays_pending(run, lead):
    giver = SignUpFactory(role=_role(lead))
    taken = run(handover.signup_hand_over, signup=giver, colleague=VolunteerProfileFactory(), by=giver.volunteer.user)
    assert taken.status == SignUpStatus.PENDING and taken.decided_by is None
    assert "waiting for the coordinator" in _sent_to(taken.volunteer.user.email)[0].body


def test_hand_over_the_colleague_can_withdraw_as_usual(run, lead):
    role = _role(lead, places=1)
    giver = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    waiting = SignUpFactory(role=role, status=SignUpStatus.WAITING)
    taken = run(handover.signup_hand_over, signup=giver, colleague=VolunteerProfileFactory(), by=giver.volunteer.user)
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.WAITING  # the place went to the colleague, not down the list
    run(services.signup_withdraw, signup=taken, reason="Called in", by=taken.volunteer.user)
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.OFFERED


@pytest.mark.parametrize(
    "case, message",
    [
        ("self", "already yours"),
        ("inactive", "no longer an active volunteer"),
        ("departed", "no longer an active volunteer"),
        ("on_role", "already signed up"),
        ("waiting_on_role", "already signed up"),
        ("clash", "already down for"),
    ],
)
def test_hand_over_refuses_a_colleague_who_cannot_take_it(run, lead, case, message):
    role = _role(lead)
    giver = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    colleague = giver.volunteer if case == "self" else VolunteerProfileFactory()
    if case == "inactive":
        colleague.user.is_active = False
        colleague.user.save()
    elif case == "departed":
        colleague.left_on = timezone.localdate()
        colleague.save()
    elif case == "on_role":
        SignUpFactory(role=role, volunteer=colleague)
    elif case == "waiting_on_role":
        SignUpFactory(role=role, volunteer=colleague, status=SignUpStatus.WAITING)
    elif case == "clash":
        SignUpFactory(role=VolunteerRoleFactory(summit=role.summit), volunteer=colleague)
    with pytest.raises(ApplicationError, match=message) as refused:
        run(handover.signup_hand_over, signup=giver, colleague=colleague, by=giver.volunteer.user)
    assert refused.value.field == "colleague"
    giver.refresh_from_db()
    assert giver.status == SignUpStatus.CONFIRMED and not AuditEvent.objects.filter(action="signup.hand_over")
    assert mail.outbox == []


def test_hand_over_refused_once_the_role_has_started_or_for_a_place_not_held(run, lead):
    role = _role(lead)
    started = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    with pytest.raises(ApplicationError, match="has started"):
        handover.signup_hand_over(
            signup=started, colleague=VolunteerProfileFactory(), by=started.volunteer.user, now=role.starts_at
        )
    waiting = SignUpFactory(role=role, status=SignUpStatus.WAITING)
    with pytest.raises(ApplicationError, match="only a place you hold"):
        handover.signup_hand_over(signup=waiting, colleague=VolunteerProfileFactory(), by=waiting.volunteer.user)


def test_hand_over_allowed_after_the_withdrawal_cutoff_until_the_start(run, lead):
    role = _role(lead)
    giver = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    now = role.starts_at - timedelta(hours=1)
    taken = handover.signup_hand_over(
        signup=giver, colleague=VolunteerProfileFactory(), by=giver.volunteer.user, now=now
    )
    assert taken.status == SignUpStatus.CONFIRMED


def test_hand_over_of_an_interview_slot_tells_the_coordinator_who_made_it(run):
    maker = CoordinatorFactory(email="maker@met.police.uk")
    slot = roles.role_save(role=InterviewSlotFactory.build(appearance=InterviewSlotFactory().appearance), by=maker)
    giver = SignUpFactory(role=slot, status=SignUpStatus.CONFIRMED)
    run(handover.signup_hand_over, signup=giver, colleague=VolunteerProfileFactory(), by=giver.volunteer.user)
    assert len(_sent_to(maker.email)) == 1


def test_give_back_offers_the_place_to_the_waiting_list_and_tells_the_coordinator(run, lead):
    role = _role(lead, places=1)
    giver = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    waiting = SignUpFactory(role=role, status=SignUpStatus.WAITING)
    run(handover.signup_give_back, signup=giver, by=giver.volunteer.user, reason="Called in for duty")
    giver.refresh_from_db()
    waiting.refresh_from_db()
    assert giver.status == SignUpStatus.WITHDRAWN and waiting.status == SignUpStatus.OFFERED
    assert giver.withdrawal_reason == "Given back to the waiting list: Called in for duty"
    event = AuditEvent.objects.get(action="signup.give_back")
    assert event.detail["offered_to"] == [waiting.volunteer_id]
    assert OutgoingMail.objects.get(kind=mail_kind("offered"), about_id=waiting.pk).status == MailStatus.SENT
    (to_lead,) = _sent_to(lead.email)
    assert "given their place" in to_lead.body and "Called in for duty" in to_lead.body


def test_give_back_after_the_cutoff_only_while_someone_is_waiting(run, lead):
    role = _role(lead, places=1)
    giver = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    late = role.starts_at - timedelta(hours=3)
    with pytest.raises(ApplicationError, match="Nobody is on the waiting list"):
        handover.signup_give_back(signup=giver, by=giver.volunteer.user, now=late)
    SignUpFactory(role=role, status=SignUpStatus.WAITING)
    assert handover.signup_give_back(signup=giver, by=giver.volunteer.user, now=late).status == SignUpStatus.WITHDRAWN


def test_coordinator_notice_once_and_not_to_the_coordinator_who_acted(run, lead):
    giver = SignUpFactory(role=_role(lead), status=SignUpStatus.CONFIRMED)
    run(handover.signup_give_back, signup=giver, by=lead)
    assert not OutgoingMail.objects.filter(kind=COORDINATOR_GIVEN_BACK).exists()
    other = SignUpFactory(role=_role(lead), status=SignUpStatus.CONFIRMED)
    taken = run(handover.signup_hand_over, signup=other, colleague=VolunteerProfileFactory(), by=other.volunteer.user)
    assert OutgoingMail.objects.filter(kind=COORDINATOR_HANDED_OVER, about_id=taken.pk).count() == 1


# --- Pages --------------------------------------------------------------------------------------------------------


def test_hand_over_page_confirms_first_then_hands_over(client, lead, django_capture_on_commit_callbacks):
    giver = SignUpFactory(role=_role(lead), status=SignUpStatus.CONFIRMED)
    colleague = VolunteerProfileFactory(display_name="PC Ada Obi")
    VolunteerProfileFactory(display_name="Sergeant Someone Else")
    client.force_login(giver.volunteer.user)
    url = reverse("events:signup_hand_over", kwargs={"pk": giver.pk})
    response = client.get(url, {"q": "ada"})
    assert response.status_code == 200
    assert list(response.context["form"].fields["colleague"].queryset) == [colleague]
    assert response.context["form"].initial["colleague"] == colleague.pk  # the only match, chosen already
    assert client.get(url, {"q": "nobody"}).context["no_match"]
    giver.refresh_from_db()
    assert giver.status == SignUpStatus.CONFIRMED  # nothing happens on GET
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"colleague": colleague.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("events:my_schedule")
    assert "is now PC Ada Obi&#x27;s" in response.content.decode()
    assert colleague.signups.get().status == SignUpStatus.CONFIRMED


def test_hand_over_page_shows_a_refusal_next_to_the_field(client, lead):
    role = _role(lead)
    giver = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    busy = VolunteerProfileFactory()
    SignUpFactory(role=VolunteerRoleFactory(summit=role.summit), volunteer=busy, status=SignUpStatus.CONFIRMED)
    client.force_login(giver.volunteer.user)
    url = reverse("events:signup_hand_over", kwargs={"pk": giver.pk})
    response = client.post(url, {"colleague": busy.pk})
    assert response.status_code == 200
    assert "already down for" in response.context["form"].errors["colleague"][0]
    response = client.post(url, {"colleague": ""})
    assert response.context["form"].errors["colleague"] == ["Choose the colleague who takes your place."]


def test_hand_over_page_of_a_started_role_sends_back_to_the_schedule(client, lead):
    role = _role(lead, starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now() + timedelta(hours=1))
    giver = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    client.force_login(giver.volunteer.user)
    for name in ("events:signup_hand_over", "events:signup_give_back"):
        response = client.get(reverse(name, kwargs={"pk": giver.pk}))
        assert response.status_code == 302 and response.url == reverse("events:my_schedule")


def test_give_back_page_says_who_is_waiting_and_gives_back_on_post(client, lead):
    role = _role(lead, places=1)
    giver = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    SignUpFactory(role=role, status=SignUpStatus.WAITING)
    client.force_login(giver.volunteer.user)
    url = reverse("events:signup_give_back", kwargs={"pk": giver.pk})
    assert "1 colleague is on the waiting list" in client.get(url).content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 302
    giver.refresh_from_db()
    assert giver.status == SignUpStatus.WITHDRAWN


def test_schedule_offers_hand_over_for_places_held(client, volunteer):
    held = SignUpFactory(volunteer=volunteer.volunteer, status=SignUpStatus.CONFIRMED)
    waiting = SignUpFactory(volunteer=volunteer.volunteer, status=SignUpStatus.WAITING)
    client.force_login(volunteer)
    page = client.get(reverse("events:my_schedule")).content.decode()
    assert reverse("events:signup_hand_over", kwargs={"pk": held.pk}) in page
    assert reverse("events:signup_hand_over", kwargs={"pk": waiting.pk}) not in page


@pytest.mark.parametrize("rows", [1, 20])
def test_hand_over_page_query_count_flat(client, lead, django_assert_max_num_queries, rows):
    giver = SignUpFactory(role=_role(lead), status=SignUpStatus.CONFIRMED)
    VolunteerProfileFactory.create_batch(rows)
    client.force_login(giver.volunteer.user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:signup_hand_over", kwargs={"pk": giver.pk}))
    assert len(response.context["form"].fields["colleague"].queryset) == rows


def test_one_place_handed_to_two_colleagues_at_once_goes_to_one(transactional_db, postgres, settings):
    from btb.errors import ApplicationError as Refused
    from tests.events.volunteering.test_concurrency import run_together

    settings.CELERY_TASK_ALWAYS_EAGER = True
    giver = SignUpFactory(role=VolunteerRoleFactory(places=1), status=SignUpStatus.CONFIRMED)
    first, second = VolunteerProfileFactory(), VolunteerProfileFactory()

    def hand(colleague):
        try:
            return handover.signup_hand_over(signup=giver, colleague=colleague, by=giver.volunteer.user).status
        except Refused as refused:
            return refused.message

    outcomes = run_together([lambda: hand(first), lambda: hand(second)])
    assert SignUpStatus.CONFIRMED in outcomes
    (refusal,) = [outcome for outcome in outcomes if outcome != SignUpStatus.CONFIRMED]
    assert "only a place you hold" in refusal
    assert SignUp.objects.filter(role=giver.role, status=SignUpStatus.CONFIRMED).count() == 1
