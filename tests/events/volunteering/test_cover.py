from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from btb.errors import ApplicationError
from btb.outbox.models import OutgoingMail
from events.enums import SummitStatus
from events.models import CoverInvitation, Requirement, SignUp, VolunteerCredential
from events.volunteering import cover
from events.volunteering.enums import CoverOutcome, RoleKind, SignUpStatus
from events.volunteering.notifications import COVER_FILLED, COVER_INVITATION
from events.volunteering.tasks import task_send_cover_invitations
from tests.events.factories import SummitFactory
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory
from tests.events.volunteering.test_concurrency import run_together
from tests.factories import CoordinatorFactory, VolunteerProfileFactory


def willing(**kwargs):
    return VolunteerProfileFactory(willing_other=True, **kwargs)


def short_role(hours=48, places=2, **kwargs):
    """A welcome role on a summit ``hours`` away, with its lead coordinator."""
    starts_at = (timezone.now() + timedelta(hours=hours)).replace(microsecond=0)
    summit = SummitFactory(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), lead_coordinator=CoordinatorFactory()
    )
    return VolunteerRoleFactory(summit=summit, places=places, **kwargs)


def invited(role):
    return set(CoverInvitation.objects.filter(role=role).values_list("volunteer_id", flat=True))


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def call(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return cover.cover_invitations_send(**kwargs)

    return call


@pytest.mark.django_db
def test_a_short_role_invites_a_batch_fewest_recent_duties_first(send, settings):
    settings.BTB_COVER_BATCH_SIZE = 2
    role = short_role()
    busy_lately, quiet, quieter = willing(), willing(), willing()
    past = VolunteerRoleFactory(
        summit=SummitFactory(status=SummitStatus.HELD, starts_at=timezone.now() - timedelta(days=20))
    )
    SignUpFactory(role=past, volunteer=busy_lately, status=SignUpStatus.CONFIRMED)
    SignUpFactory(role=past, volunteer=quiet, status=SignUpStatus.CONFIRMED)
    older = VolunteerRoleFactory(
        summit=SummitFactory(status=SummitStatus.HELD, starts_at=timezone.now() - timedelta(days=120))
    )
    SignUpFactory(role=older, volunteer=quieter, status=SignUpStatus.CONFIRMED)  # beyond 90 days: not counted
    SignUpFactory(role=VolunteerRoleFactory(summit=past.summit), volunteer=busy_lately, status=SignUpStatus.CONFIRMED)
    assert send() == 2
    assert invited(role) == {quieter.pk, quiet.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([quieter.user.email, quiet.user.email])
    message = mail.outbox[0]
    assert message.subject == f"Can you help? {role.title} is short"
    invitation = CoverInvitation.objects.get(role=role, volunteer__user__email=message.to[0])
    assert reverse("events:cover_invitation", kwargs={"pk": invitation.pk}) in message.body


@pytest.mark.django_db
def test_only_eligible_volunteers_are_invited(send, settings):
    settings.BTB_COVER_BATCH_SIZE = 20
    role = short_role(places=3)
    role.requirements.set([Requirement.objects.get(name="First aid")])
    eligible = willing()
    VolunteerCredential.objects.create(volunteer=eligible, requirement=role.requirements.get())
    excluded = {
        "inactive": willing(user__is_active=False),
        "left": willing(left_on=timezone.localdate()),
        "unwilling": VolunteerProfileFactory(willing_other=False),
        "lacks first aid": willing(),
        "expired": willing(),
        "clash": willing(),
        "declined": willing(),
        "withdrew": willing(),
        "signed up": willing(),
        "asked": willing(),
        "no rest": willing(),
    }
    VolunteerCredential.objects.create(
        volunteer=excluded["expired"], requirement=role.requirements.get(), expires_on=timezone.localdate()
    )
    for name in ("inactive", "left", "unwilling", "clash", "declined", "withdrew", "signed up", "asked", "no rest"):
        VolunteerCredential.objects.create(volunteer=excluded[name], requirement=role.requirements.get())
    SignUpFactory(role=VolunteerRoleFactory(summit=role.summit, places=1), volunteer=excluded["clash"])
    before = VolunteerRoleFactory(
        places=1, starts_at=role.starts_at - timedelta(hours=5), ends_at=role.starts_at - timedelta(hours=2)
    )
    SignUpFactory(role=before, volunteer=excluded["no rest"], status=SignUpStatus.CONFIRMED)  # fair limits: 8 h rest
    SignUpFactory(role=role, volunteer=excluded["declined"], status=SignUpStatus.DECLINED)
    SignUpFactory(role=role, volunteer=excluded["withdrew"], status=SignUpStatus.WITHDRAWN)
    SignUpFactory(role=role, volunteer=excluded["signed up"], status=SignUpStatus.PENDING)
    CoverInvitation.objects.create(role=role, volunteer=excluded["asked"], sent_at=timezone.now() - timedelta(days=1))
    sent = send()
    names = {pk: name for name, p in excluded.items() for pk in [p.pk]}
    assert sorted(names.get(pk, "eligible") for pk in invited(role)) == ["asked", "eligible"]
    assert sent == 1


@pytest.mark.django_db
def test_sending_again_invites_no_one_twice_and_waits_for_the_batch_hours(send, settings):
    settings.BTB_COVER_BATCH_SIZE, settings.BTB_COVER_BATCH_HOURS = 2, 12
    role = short_role(hours=60)
    pool = [willing() for _ in range(5)]
    now = timezone.now()
    assert send(now=now) == 2
    assert send(now=now) == 0 and send(now=now + timedelta(hours=11)) == 0
    assert task_send_cover_invitations.apply().get() == 0  # the beat task, as beat runs it
    first = invited(role)
    assert send(now=now + timedelta(hours=12, minutes=1)) == 2
    assert len(invited(role)) == 4 and first < invited(role)
    assert OutgoingMail.objects.filter(kind=COVER_INVITATION).count() == 4
    assert invited(role) <= {p.pk for p in pool}


@pytest.mark.django_db
def test_no_invitations_for_full_started_far_off_or_panel_roles(send):
    willing()
    full = short_role(places=1)
    SignUpFactory(role=full, status=SignUpStatus.CONFIRMED)
    far = short_role(hours=100)
    panel = short_role(kind=RoleKind.PANEL)
    started = short_role(hours=1)
    assert send(now=started.starts_at + timedelta(minutes=1)) == 0
    assert not CoverInvitation.objects.filter(role__in=[full, far, panel, started]).exists()


@pytest.mark.django_db
def test_pending_holds_a_place_so_a_role_with_places_held_asks_no_one(send):
    willing()
    role = short_role(places=1)
    SignUpFactory(role=role, status=SignUpStatus.PENDING)
    assert send() == 0


@pytest.mark.django_db
def test_the_first_to_accept_gets_the_place_and_the_coordinator_is_told(django_capture_on_commit_callbacks):
    role = short_role(places=1)
    first, second = willing(), willing()
    a = CoverInvitation.objects.create(role=role, volunteer=first, sent_at=timezone.now())
    b = CoverInvitation.objects.create(role=role, volunteer=second, sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        won = cover.cover_invitation_accept(invitation=a, by=first.user)
        late = cover.cover_invitation_accept(invitation=b, by=second.user)
    assert (won.outcome, late.outcome) == (CoverOutcome.ACCEPTED, CoverOutcome.FILLED)
    signup = SignUp.objects.get(role=role, volunteer=first)
    assert signup.status == SignUpStatus.CONFIRMED and won.signup == signup
    assert not SignUp.objects.filter(volunteer=second).exists()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[first.user.email] == f"You are confirmed: {role.title}"
    assert subjects[role.summit.lead_coordinator.email] == f"Covered: {role.title}"
    assert OutgoingMail.objects.filter(kind=COVER_FILLED).count() == 1
    # A second tap changes nothing.
    assert cover.cover_invitation_accept(invitation=a, by=first.user).outcome == CoverOutcome.ACCEPTED
    assert SignUp.objects.filter(role=role).count() == 1


@pytest.mark.django_db
def test_accepting_one_of_two_places_does_not_tell_the_coordinator_yet(django_capture_on_commit_callbacks):
    role = short_role(places=2)
    a = CoverInvitation.objects.create(role=role, volunteer=(p := willing()), sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        cover.cover_invitation_accept(invitation=a, by=p.user)
    assert not OutgoingMail.objects.filter(kind=COVER_FILLED).exists()


@pytest.mark.django_db
def test_accept_rechecks_clashes_and_start(django_capture_on_commit_callbacks):
    role = short_role(places=1)
    profile = willing()
    invitation = CoverInvitation.objects.create(role=role, volunteer=profile, sent_at=timezone.now())
    SignUpFactory(role=VolunteerRoleFactory(summit=role.summit, title="Set-up"), volunteer=profile)
    with pytest.raises(ApplicationError, match="overlaps with “Set-up”"):
        cover.cover_invitation_accept(invitation=invitation, by=profile.user)
    with pytest.raises(ApplicationError, match="has started"):
        cover.cover_invitation_accept(invitation=invitation, by=profile.user, now=role.starts_at)
    assert CoverInvitation.objects.get(pk=invitation.pk).outcome == ""


def test_two_accepting_the_last_place_at_once_one_gets_it(transactional_db, postgres, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    role = short_role(places=1)
    people = [willing() for _ in range(4)]
    invitations = [CoverInvitation.objects.create(role=role, volunteer=p, sent_at=timezone.now()) for p in people]
    outcomes = run_together(
        [
            lambda i=i, p=p: cover.cover_invitation_accept(invitation=i, by=p.user).outcome
            for i, p in zip(invitations, people, strict=True)
        ]
    )
    assert sorted(outcomes) == sorted([CoverOutcome.ACCEPTED] + [CoverOutcome.FILLED] * 3)
    assert SignUp.objects.filter(role=role, status=SignUpStatus.CONFIRMED).count() == 1


def test_two_runs_of_the_task_at_once_invite_each_volunteer_once(transactional_db, postgres, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.BTB_COVER_BATCH_SIZE = 3
    role = short_role()
    for _ in range(6):
        willing()
    counts = run_together([cover.cover_invitations_send, cover.cover_invitations_send])
    assert sorted(counts) == [0, 3] and len(invited(role)) == 3


# --- The invitation's page -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_invitation_page_accept_then_already_filled_for_the_next(client, django_capture_on_commit_callbacks):
    role = short_role(places=1)
    first, second = willing(), willing()
    a = CoverInvitation.objects.create(role=role, volunteer=first, sent_at=timezone.now())
    b = CoverInvitation.objects.create(role=role, volunteer=second, sent_at=timezone.now())
    client.force_login(first.user)
    url = reverse("events:cover_invitation", kwargs={"pk": a.pk})
    assert "Accept the place" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "accept"}, follow=True)
    assert "is yours: you are confirmed" in response.content.decode()
    client.force_login(second.user)
    url = reverse("events:cover_invitation", kwargs={"pk": b.pk})
    page = client.get(url).content.decode()
    assert "Already filled, thank you" in page and "Accept the place" not in page
    response = client.post(url, {"answer": "accept"}, follow=True)
    assert "already been filled. Thank you" in response.content.decode()
    assert CoverInvitation.objects.get(pk=b.pk).outcome == CoverOutcome.FILLED


@pytest.mark.django_db
def test_invitation_page_is_the_invitees_only(client):
    role = short_role()
    invitation = CoverInvitation.objects.create(role=role, volunteer=willing(), sent_at=timezone.now())
    client.force_login(willing().user)
    url = reverse("events:cover_invitation", kwargs={"pk": invitation.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "accept"}).status_code == 404
    assert not SignUp.objects.filter(role=role).exists()


@pytest.mark.django_db
def test_invitation_page_refuses_a_bad_answer(client):
    invitation = CoverInvitation.objects.create(role=short_role(), volunteer=(p := willing()), sent_at=timezone.now())
    client.force_login(p.user)
    response = client.post(reverse("events:cover_invitation", kwargs={"pk": invitation.pk}), {"answer": "steal"})
    assert response.status_code == 400
    assert CoverInvitation.objects.get(pk=invitation.pk).outcome == ""


@pytest.mark.django_db
def test_invitation_mail_is_skipped_once_the_role_is_full(django_capture_on_commit_callbacks):
    role = short_role(places=1)
    invitation = CoverInvitation.objects.create(role=role, volunteer=willing(), sent_at=timezone.now())
    SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    from events.volunteering.notifications import cover_invitation_queue

    with django_capture_on_commit_callbacks(execute=True):
        cover_invitation_queue(invitation=invitation)
    assert mail.outbox == []


@pytest.mark.django_db
def test_roster_shows_how_many_were_asked_to_cover(client, send):
    role = short_role(places=2)
    willing(), willing()
    send()
    client.force_login(role.summit.lead_coordinator)
    page = client.get(reverse("events:summit_roster", kwargs={"slug": role.summit.slug})).content.decode()
    assert "2 asked to cover" in page


@pytest.mark.django_db
def test_my_schedule_lists_open_requests_for_cover(client):
    profile = willing()
    open_role, full_role = short_role(places=1, title="Open one"), short_role(places=1, title="Full one")
    SignUpFactory(role=full_role, status=SignUpStatus.CONFIRMED)
    for role in (open_role, full_role):
        CoverInvitation.objects.create(role=role, volunteer=profile, sent_at=timezone.now())
    client.force_login(profile.user)
    response = client.get(reverse("events:my_schedule"))
    assert [i.role.title for i in response.context["cover_requests"]] == ["Open one"]


@pytest.mark.django_db
def test_a_request_answered_by_signing_up_from_the_board_is_no_longer_open(client):
    profile = willing()
    role = short_role(places=2)
    invitation = CoverInvitation.objects.create(role=role, volunteer=profile, sent_at=timezone.now())
    SignUpFactory(role=role, volunteer=profile, status=SignUpStatus.PENDING)
    assert cover.open_requests(volunteer=profile) == []
    client.force_login(profile.user)
    page = client.get(reverse("events:cover_invitation", kwargs={"pk": invitation.pk})).content.decode()
    assert "already signed up for this" in page and "Accept the place" not in page


@pytest.mark.django_db
def test_accept_respects_the_fair_limits(settings):
    settings.BTB_VOLUNTEER_MIN_REST_HOURS = 8
    role = short_role(places=1)
    profile = willing()
    before = VolunteerRoleFactory(
        places=1, starts_at=role.starts_at - timedelta(hours=5), ends_at=role.starts_at - timedelta(hours=2)
    )
    SignUpFactory(role=before, volunteer=profile, status=SignUpStatus.CONFIRMED)
    invitation = CoverInvitation.objects.create(role=role, volunteer=profile, sent_at=timezone.now())
    with pytest.raises(ApplicationError, match="less than 8 hours' rest"):
        cover.cover_invitation_accept(invitation=invitation, by=profile.user)
    assert not SignUp.objects.filter(role=role).exists()
