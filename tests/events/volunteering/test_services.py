from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from btb.accounts.models import AuditEvent
from btb.errors import ApplicationError
from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import outbox_recover
from events import services as summit_services
from events.enums import SummitStatus
from events.models import SignUp, Summit, VolunteerRole
from events.volunteering import attendance, event_changes, receivers, roles, services
from events.volunteering.enums import (
    ACTIVE,
    SIGNUP_TRANSITIONS,
    Attendance,
    NotificationKind,
    RoleKind,
    SignUpStatus,
)
from events.volunteering.notifications import PREFIX, mail_kind
from events.volunteering.rules import can_withdraw
from media_appearances import services as appearance_services
from media_appearances.enums import AppearanceStatus
from tests.events.factories import SummitFactory
from tests.events.volunteering.factories import InterviewSlotFactory, SignUpFactory, VolunteerRoleFactory
from tests.factories import CoordinatorFactory, VolunteerProfileFactory
from tests.media_appearances.factories import AppearanceFactory

LONDON = ZoneInfo("Europe/London")

pytestmark = pytest.mark.django_db


def sign_up(run, role, profile=None, **kwargs):
    profile = profile or VolunteerProfileFactory()
    return run(services.signup_create, role=role, volunteer=profile, by=kwargs.pop("by", profile.user), **kwargs)


def kinds_sent(signup):
    rows = OutgoingMail.objects.filter(kind__startswith=PREFIX, about_id=signup.pk, status=MailStatus.SENT)
    return sorted(kind.removeprefix(PREFIX) for kind in rows.values_list("kind", flat=True))


def test_signup_create_pending_while_places_free_then_waiting_list(run):
    role = VolunteerRoleFactory(places=1)
    first = sign_up(run, role)
    second = sign_up(run, role)
    assert (first.status, second.status) == (SignUpStatus.PENDING, SignUpStatus.WAITING)
    assert kinds_sent(first) == ["received"] and kinds_sent(second) == ["received"]
    assert "waiting list" in mail.outbox[1].body and "will confirm it soon" in mail.outbox[0].body


def test_signup_create_twice_for_the_same_role_refused(run):
    role = VolunteerRoleFactory()
    profile = VolunteerProfileFactory()
    sign_up(run, role, profile)
    with pytest.raises(ApplicationError, match="already signed up"):
        sign_up(run, role, profile)


def test_signup_create_refuses_an_overlap_with_a_clear_message(run):
    role = VolunteerRoleFactory(title="Welcome desk")
    clashing = VolunteerRoleFactory(summit=role.summit, title="Set-up crew")
    profile = VolunteerProfileFactory()
    sign_up(run, role, profile)
    with pytest.raises(ApplicationError) as refused:
        sign_up(run, clashing, profile)
    assert "overlaps with “Welcome desk”" in refused.value.message
    assert "ask a coordinator to book you for both" in refused.value.message
    assert SignUp.objects.filter(volunteer=profile).count() == 1


def test_signup_create_back_to_back_roles_do_not_overlap(run):
    role = VolunteerRoleFactory()
    after = VolunteerRoleFactory(summit=role.summit, starts_at=role.ends_at, ends_at=role.ends_at + timedelta(hours=1))
    profile = VolunteerProfileFactory()
    sign_up(run, role, profile)
    assert sign_up(run, after, profile).status == SignUpStatus.PENDING


def test_coordinator_override_of_an_overlap_needs_a_reason_and_is_recorded(run):
    coordinator = CoordinatorFactory()
    role = VolunteerRoleFactory()
    clashing = VolunteerRoleFactory(summit=role.summit)
    profile = VolunteerProfileFactory()
    sign_up(run, role, profile)
    with pytest.raises(ApplicationError) as refused:
        sign_up(run, clashing, profile, by=coordinator)
    assert refused.value.field == "override_reason"
    signup = sign_up(run, clashing, profile, by=coordinator, override_reason="Welcome desk is only the first hour")
    assert signup.status == SignUpStatus.CONFIRMED
    assert signup.overlap_override_reason == "Welcome desk is only the first hour"
    event = AuditEvent.objects.get(action="signup.create", object_id=str(signup.pk))
    assert event.actor == coordinator and event.detail["override_reason"] == "Welcome desk is only the first hour"
    assert kinds_sent(signup) == ["confirmed"]


def test_volunteer_cannot_override_an_overlap(run):
    role = VolunteerRoleFactory()
    clashing = VolunteerRoleFactory(summit=role.summit)
    profile = VolunteerProfileFactory()
    sign_up(run, role, profile)
    with pytest.raises(ApplicationError, match="overlaps"):
        sign_up(run, clashing, profile, override_reason="I can do both")


def test_signup_create_refused_on_a_cancelled_summit(run):
    role = VolunteerRoleFactory()
    role.summit.status = "cancelled"
    role.summit.save()
    with pytest.raises(ApplicationError, match="closed"):
        sign_up(run, role)


def test_signup_decide_confirms_with_calendar_and_declining_offers_the_place(run):
    coordinator = CoordinatorFactory()
    role = VolunteerRoleFactory(places=1)
    first, waiting = sign_up(run, role), sign_up(run, role)
    run(services.signup_decide, signup=first, confirm=False, by=coordinator, note="We need a sergeant")
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == SignUpStatus.DECLINED and kinds_sent(first) == ["declined", "received"]
    assert waiting.status == SignUpStatus.OFFERED and kinds_sent(waiting) == ["offered", "received"]
    run(services.signup_accept_offer, signup=waiting, by=waiting.volunteer.user)
    run(services.signup_decide, signup=waiting, confirm=True, by=coordinator)
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.CONFIRMED
    confirmation = mail.outbox[-1]
    assert confirmation.subject == f"You are confirmed: {role.title}"
    assert confirmation.attachments[0][0] == "behind-the-badge.ics"
    assert confirmation.alternatives[0][1] == "text/html"


def test_signup_decide_only_pending_and_only_by_a_coordinator(run):
    signup = SignUpFactory()
    with pytest.raises(ApplicationError, match="Only a coordinator"):
        services.signup_decide(signup=signup, confirm=True, by=signup.volunteer.user)
    signup.status = SignUpStatus.WAITING
    signup.save()
    with pytest.raises(ApplicationError, match="on the waiting list"):
        services.signup_decide(signup=signup, confirm=True, by=CoordinatorFactory())


def test_waiting_list_promotion_offers_in_order_and_a_lapsed_offer_passes_on(run):
    role = VolunteerRoleFactory(places=1)
    holder = sign_up(run, role)
    first, second = sign_up(run, role), sign_up(run, role)
    run(services.signup_withdraw, signup=holder, reason="Court warning", by=holder.volunteer.user)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (SignUpStatus.OFFERED, SignUpStatus.WAITING)
    assert first.offer_expires_at == pytest.approx(timezone.now() + timedelta(hours=48), abs=timedelta(minutes=1))
    assert run(services.offers_lapse, now=first.offer_expires_at + timedelta(minutes=1)) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (SignUpStatus.LAPSED, SignUpStatus.OFFERED)
    with pytest.raises(ApplicationError, match="no longer open"):
        services.signup_accept_offer(signup=first, by=first.volunteer.user)


def test_more_places_go_to_the_waiting_list(run):
    role = VolunteerRoleFactory(places=1)
    sign_up(run, role)
    waiting = sign_up(run, role)
    role.places = 2
    run(roles.role_save, role=role, by=CoordinatorFactory())
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.OFFERED


def test_signup_withdraw_before_the_cutoff_frees_the_place(run, settings):
    settings.VOLUNTEER_WITHDRAWAL_CUTOFF_HOURS = 48
    role = VolunteerRoleFactory(places=1)
    signup = sign_up(run, role)
    now = role.starts_at - timedelta(hours=48, minutes=1)
    run(services.signup_withdraw, signup=signup, reason="Rest day cancelled", by=signup.volunteer.user, now=now)
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.WITHDRAWN and signup.withdrawal_reason == "Rest day cancelled"
    assert sign_up(run, role).status == SignUpStatus.PENDING


def test_signup_withdraw_after_the_cutoff_asks_to_contact_the_coordinator(run, settings):
    settings.VOLUNTEER_WITHDRAWAL_CUTOFF_HOURS = 24
    coordinator = CoordinatorFactory(email="spoc@met.police.uk", first_name="Dee", last_name="Spoc")
    role = VolunteerRoleFactory(summit__lead_coordinator=coordinator)
    signup = sign_up(run, role)
    now = role.starts_at - timedelta(hours=23)
    with pytest.raises(ApplicationError) as refused:
        services.signup_withdraw(signup=signup, reason="Ill", by=signup.volunteer.user, now=now)
    assert "less than 24 hours" in refused.value.message
    assert "contact the coordinator, Dee Spoc (spoc@met.police.uk)" in refused.value.message
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.PENDING
    # The coordinator can still take them off.
    run(services.signup_withdraw, signup=signup, reason="Phoned in sick", by=coordinator, now=now)
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.WITHDRAWN


def test_signup_withdraw_needs_a_reason(run):
    signup = sign_up(run, VolunteerRoleFactory())
    with pytest.raises(ApplicationError) as refused:
        services.signup_withdraw(signup=signup, reason="  ", by=signup.volunteer.user)
    assert refused.value.field == "reason"


def test_mark_attendance_only_once_the_role_has_started_and_counts_hours(run):
    from events.volunteering.selectors import volunteer_hours

    coordinator = CoordinatorFactory()
    role = VolunteerRoleFactory()
    signup = sign_up(run, role, by=coordinator, profile=VolunteerProfileFactory())
    with pytest.raises(ApplicationError, match="once the role has started"):
        attendance.signup_mark_attendance(signup=signup, attended=True, by=coordinator)
    attendance.signup_mark_attendance(signup=signup, attended=True, by=coordinator, now=role.ends_at)
    signup.refresh_from_db()
    assert signup.attendance == Attendance.ATTENDED
    hours = volunteer_hours()
    assert str(hours["total"]) == "3.5" and hours["volunteers"] == 1 and str(hours["by_kind"]["Welcome"]) == "3.5"


def test_summit_cancelled_cancels_signups_and_tells_each_volunteer_once(run):
    role = VolunteerRoleFactory(places=1)
    holder, waiting = sign_up(run, role), sign_up(run, role)
    run(summit_services.summit_cancel, summit=role.summit, reason="Venue flooded")
    for signup in (holder, waiting):
        signup.refresh_from_db()
        assert signup.status == SignUpStatus.CANCELLED and kinds_sent(signup) == ["cancelled", "received"]
    assert "Venue flooded" in mail.outbox[-1].body


def test_summit_moved_moves_its_roles_and_tells_volunteers(run):
    role = VolunteerRoleFactory()
    signup = sign_up(run, role)
    summit = role.summit
    old_start = role.starts_at
    new_start = summit.starts_at + timedelta(days=7)
    run(
        summit_services.summit_update,
        summit=summit,
        data={"starts_at": new_start, "ends_at": new_start + timedelta(hours=3)},
    )
    role.refresh_from_db()
    assert role.starts_at == old_start + timedelta(days=7)
    assert kinds_sent(signup) == ["changed", "received"]
    assert mail.outbox[-1].subject == f"Changed: {role.title}"
    # Saving again without a change tells nobody anything new.
    run(summit_services.summit_update, summit=summit, data={"notes": "Bring flyers"})
    assert OutgoingMail.objects.filter(kind=mail_kind(NotificationKind.CHANGED), about_id=signup.pk).count() == 1


def test_role_delete_refused_while_volunteers_are_signed_up(run):
    role = VolunteerRoleFactory()
    sign_up(run, role)
    with pytest.raises(ApplicationError, match="still signed up"):
        roles.role_delete(role=role, by=CoordinatorFactory())


def test_reminders_queue_only_confirmed_starting_within_two_days(run):
    coordinator = CoordinatorFactory()
    role = VolunteerRoleFactory()
    confirmed = sign_up(run, role, by=coordinator, profile=VolunteerProfileFactory())
    sign_up(run, role)  # pending: no reminder
    mail.outbox.clear()
    assert run(event_changes.reminders_queue, now=role.starts_at - timedelta(hours=49)) == 0
    assert run(event_changes.reminders_queue, now=role.starts_at - timedelta(hours=47)) == 1
    assert run(event_changes.reminders_queue, now=role.starts_at - timedelta(hours=46)) == 0
    assert kinds_sent(confirmed) == ["confirmed", "reminder"]
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Reminder"]
    # And again two hours before, once.
    assert run(event_changes.reminders_queue, now=role.starts_at - timedelta(hours=3)) == 0
    assert run(event_changes.reminders_queue, now=role.starts_at - timedelta(minutes=110)) == 1
    assert run(event_changes.reminders_queue, now=role.starts_at - timedelta(minutes=100)) == 0
    assert kinds_sent(confirmed) == ["confirmed", "reminder", "reminder"]


def test_a_sign_up_confirmed_inside_two_hours_gets_only_the_last_reminder(run):
    role = VolunteerRoleFactory()
    confirmed = sign_up(run, role, by=CoordinatorFactory(), profile=VolunteerProfileFactory())
    assert run(event_changes.reminders_queue, now=role.starts_at - timedelta(minutes=90)) == 1
    assert run(event_changes.reminders_queue, now=role.starts_at - timedelta(minutes=80)) == 0
    assert kinds_sent(confirmed) == ["confirmed", "reminder"]


# --- The state machine and the rules about roles ------------------------------------------------------------------


def test_signup_transitions_agree_with_the_live_statuses():
    live = {str(status) for status in ACTIVE}
    assert SIGNUP_TRANSITIONS.sources(SignUpStatus.WITHDRAWN) == live
    assert SIGNUP_TRANSITIONS.sources(SignUpStatus.CANCELLED) == live


def _new_role(summit, **times):
    day = summit.starts_at
    return VolunteerRole(
        summit=summit,
        kind=RoleKind.SETUP,
        title="Set-up crew",
        starts_at=times.get("starts_at", day - timedelta(hours=1)),
        ends_at=times.get("ends_at", day + timedelta(hours=1)),
        places=2,
    )


@pytest.mark.parametrize("status", [SummitStatus.CANCELLED, SummitStatus.HELD, SummitStatus.EVALUATED])
def test_role_save_refused_on_a_summit_no_longer_planned(status):
    summit = SummitFactory(status=status)
    with pytest.raises(ApplicationError, match="can no longer be added"):
        roles.role_save(role=_new_role(summit), by=CoordinatorFactory())
    assert not VolunteerRole.objects.filter(summit=summit).exists()


def test_role_save_refuses_a_change_once_the_summit_is_cancelled():
    role = VolunteerRoleFactory()
    Summit.objects.filter(pk=role.summit_id).update(status=SummitStatus.CANCELLED)
    role = VolunteerRole.objects.select_related("summit").get(pk=role.pk)
    role.places = 5
    with pytest.raises(ApplicationError, match="is cancelled"):
        roles.role_save(role=role, by=CoordinatorFactory())
    with pytest.raises(ApplicationError, match="is cancelled"):
        roles.role_delete(role=role, by=CoordinatorFactory())
    assert VolunteerRole.objects.get(pk=role.pk).places == 2


@pytest.mark.parametrize("status", [AppearanceStatus.CANCELLED, AppearanceStatus.RECORDED, AppearanceStatus.PUBLISHED])
def test_interview_slot_refused_on_an_appearance_no_longer_upcoming(status):
    appearance = AppearanceFactory(status=status)
    slot = VolunteerRole(
        appearance=appearance,
        kind=RoleKind.INTERVIEW,
        title="Interviewee",
        starts_at=appearance.starts_at,
        ends_at=appearance.ends_at,
    )
    with pytest.raises(ApplicationError, match="can no longer be added"):
        roles.role_save(role=slot, by=CoordinatorFactory())
    assert not appearance.interview_slots.exists()


def test_role_save_refuses_times_off_the_summit_day():
    summit = SummitFactory(
        starts_at=datetime(2027, 1, 19, 18, 0, tzinfo=LONDON), ends_at=datetime(2027, 1, 19, 21, 0, tzinfo=LONDON)
    )
    later = _new_role(
        summit,
        starts_at=datetime(2030, 1, 19, 17, 0, tzinfo=LONDON),
        ends_at=datetime(2030, 1, 19, 21, 0, tzinfo=LONDON),
    )
    with pytest.raises(ApplicationError, match=r"fall on the summit's day \(Tuesday 19 January 2027\)") as refused:
        roles.role_save(role=later, by=CoordinatorFactory())
    assert refused.value.field == "starts_at"
    overnight = _new_role(summit, ends_at=datetime(2027, 1, 20, 1, 0, tzinfo=LONDON))
    with pytest.raises(ApplicationError, match="fall on the summit's day"):
        roles.role_save(role=overnight, by=CoordinatorFactory())
    same_day = _new_role(summit, starts_at=datetime(2027, 1, 19, 9, 0, tzinfo=LONDON))
    assert roles.role_save(role=same_day, by=CoordinatorFactory()).pk


def test_reminders_queue_retries_a_reminder_not_yet_sent_beside_another_sent_message(run):
    role = VolunteerRoleFactory()
    signup = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    # A sent confirmation is another message: it does not stand for the reminder.
    outbox_row(signup, NotificationKind.CONFIRMED, status=MailStatus.SENT)
    assert run(event_changes.reminders_queue, now=role.starts_at - timedelta(hours=47)) == 1
    assert kinds_sent(signup) == ["confirmed", "reminder"]
    assert run(event_changes.reminders_queue, now=role.starts_at - timedelta(hours=46)) == 0


def test_a_reminder_whose_task_was_lost_is_sent_by_the_recovery_not_queued_twice(run):
    role = VolunteerRoleFactory()
    signup = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    outbox_row(
        signup, NotificationKind.REMINDER, status=MailStatus.QUEUED, queued_at=timezone.now() - timedelta(days=1)
    )
    assert run(event_changes.reminders_queue, now=role.starts_at - timedelta(hours=47)) == 0
    assert run(outbox_recover) == {"requeued": 1, "resent": 0, "unknown": 0}
    assert kinds_sent(signup) == ["reminder"]
    assert len(mail.outbox) == 1


def outbox_row(signup, kind, **fields):
    return OutgoingMail.objects.create(
        kind=mail_kind(kind), about=signup, recipient=signup.volunteer.user.email, **fields
    )


def test_cancelling_an_appearance_cancels_its_interview_signups_in_the_same_transaction():
    appearance = AppearanceFactory(status=AppearanceStatus.CONFIRMED)
    signup = SignUpFactory(role=InterviewSlotFactory(appearance=appearance))
    # No on-commit callback runs here: the sign-up must be cancelled by the cancellation itself.
    appearance_services.appearance_cancel(appearance=appearance, reason="Studio flooded")
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CANCELLED


def test_appearance_stays_as_it_was_when_its_signups_cannot_be_cancelled(monkeypatch):
    appearance = AppearanceFactory(status=AppearanceStatus.CONFIRMED)
    signup = SignUpFactory(role=InterviewSlotFactory(appearance=appearance))

    def fail(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(receivers, "signups_cancel_for_appearance", fail)
    with pytest.raises(RuntimeError):
        appearance_services.appearance_cancel(appearance=appearance, reason="Studio flooded")
    appearance.refresh_from_db()
    signup.refresh_from_db()
    assert (appearance.status, signup.status) == (AppearanceStatus.CONFIRMED, SignUpStatus.PENDING)


@pytest.mark.parametrize(
    "status,hours_ahead,allowed",
    [
        (SignUpStatus.PENDING, 72, True),
        (SignUpStatus.CONFIRMED, 24, False),
        (SignUpStatus.WAITING, 24, True),
        (SignUpStatus.WITHDRAWN, 72, False),
    ],
)
def test_withdraw_button_and_service_give_one_answer(status, hours_ahead, allowed):
    start = timezone.now() + timedelta(hours=hours_ahead)
    role = VolunteerRoleFactory(summit=SummitFactory(starts_at=start, ends_at=start + timedelta(hours=3)))
    signup = SignUpFactory(role=role, status=status)
    volunteer = signup.volunteer.user
    assert can_withdraw(volunteer, signup) is allowed
    if allowed:
        assert services.signup_withdraw(signup=signup, reason="Duty", by=volunteer).status == SignUpStatus.WITHDRAWN
    else:
        with pytest.raises(ApplicationError):
            services.signup_withdraw(signup=signup, reason="Duty", by=volunteer)
    # A coordinator may still withdraw a live sign-up after the cut-off.
    assert can_withdraw(CoordinatorFactory(), SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)) is True


def test_admin_refuses_a_role_off_the_summit_day_next_to_the_field(admin_client):
    summit = SummitFactory(
        starts_at=datetime(2027, 1, 19, 18, 0, tzinfo=LONDON), ends_at=datetime(2027, 1, 19, 21, 0, tzinfo=LONDON)
    )
    data = {
        "summit": summit.pk,
        "kind": RoleKind.SETUP,
        "title": "Set-up crew",
        "starts_at_0": "2030-01-19",
        "starts_at_1": "17:00",
        "ends_at_0": "2030-01-19",
        "ends_at_1": "21:00",
        "places": "2",
        "uniform_approach": "out_of_uniform",
        "signups-TOTAL_FORMS": "0",
        "signups-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:events_volunteerrole_add"), data)
    assert response.status_code == 200
    assert "fall on the summit&#x27;s day" in response.content.decode()
    assert not VolunteerRole.objects.exists()
    data.update(starts_at_0="2027-01-19", ends_at_0="2027-01-19")
    assert admin_client.post(reverse("admin:events_volunteerrole_add"), data).status_code == 302
    assert AuditEvent.objects.filter(action="volunteer_role.save").count() == 1


# --- Undoing a decision, confirming many --------------------------------------------------------------------------


@pytest.mark.django_db
def test_undoing_a_decline_needs_a_free_place(coordinator):
    role = VolunteerRoleFactory(places=1)
    declined = SignUpFactory(role=role)
    waiting = SignUpFactory(role=role, status=SignUpStatus.WAITING)
    services.signup_decide(signup=declined, confirm=False, by=coordinator, note="Too many")
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.OFFERED  # the freed place went on
    with pytest.raises(ApplicationError, match="add a place to the role first"):
        services.signup_undo_decision(signup=declined, by=coordinator)
    role.places = 2
    role.save()
    undone = services.signup_undo_decision(signup=declined, by=coordinator)
    assert undone.status == SignUpStatus.PENDING
    assert AuditEvent.objects.filter(action="signup.undo_decision").count() == 1


@pytest.mark.django_db
def test_a_decision_cannot_be_undone_once_the_role_has_started(coordinator):
    role = VolunteerRoleFactory(starts_at=timezone.now() - timedelta(minutes=5))
    signup = SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    with pytest.raises(ApplicationError, match="has started"):
        services.signup_undo_decision(signup=signup, by=coordinator)


@pytest.mark.django_db
def test_declining_without_a_reason_is_refused(coordinator):
    signup = SignUpFactory()
    with pytest.raises(ApplicationError, match="the volunteer sees it"):
        services.signup_decide(signup=signup, confirm=False, by=coordinator)


@pytest.mark.django_db
def test_reconfirming_after_an_undo_is_a_new_message(coordinator, django_capture_on_commit_callbacks):
    signup = SignUpFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_decide(signup=signup, confirm=True, by=coordinator)
        services.signup_undo_decision(signup=signup, by=coordinator)
        services.signup_decide(signup=signup, confirm=True, by=coordinator)
    kinds = list(OutgoingMail.objects.filter(about_id=signup.pk).order_by("pk").values_list("kind", flat=True))
    assert kinds == [mail_kind("confirmed"), mail_kind("reopened"), mail_kind("confirmed")]


@pytest.mark.django_db
def test_confirming_many_is_all_or_nothing(coordinator):
    role = VolunteerRoleFactory(places=3)
    first = SignUpFactory(role=role)
    gone = SignUpFactory(role=role, status=SignUpStatus.WITHDRAWN)
    with pytest.raises(ApplicationError, match="Nothing was confirmed"):
        services.signups_confirm_many(signups=[first, gone], by=coordinator)
    first.refresh_from_db()
    assert first.status == SignUpStatus.PENDING
