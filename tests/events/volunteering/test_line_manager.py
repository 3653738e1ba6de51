"""The volunteer's line manager told of the abstraction from duty (issue 19, item 4)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import outbox_deliver
from events.volunteering import event_changes, handover, roles, services
from events.volunteering.notifications import (
    LINE_MANAGER_CHANGED,
    LINE_MANAGER_CONFIRMED,
    LINE_MANAGER_RELEASED,
    line_manager_change_queue,
)
from tests.accounts.test_views import profile_form_data
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory
from tests.factories import CoordinatorFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db
MANAGER = "inspector.grey@met.police.uk"


@pytest.fixture
def coordinator_user():
    return CoordinatorFactory()


def _managed(**kwargs):
    return VolunteerProfileFactory(line_manager_email=MANAGER, display_name="PC Ada Obi", **kwargs)


def _to_manager():
    return [message for message in mail.outbox if message.to == [MANAGER]]


def _rows(kind):
    return list(OutgoingMail.objects.filter(kind=kind).values_list("status", flat=True))


def test_confirmation_tells_the_line_manager_only_what_the_abstraction_needs(run, coordinator_user):
    volunteer = _managed(phone="07700 900123", why_i_joined="A private story")
    signup = SignUpFactory(volunteer=volunteer, role=VolunteerRoleFactory(title="Welcome desk"))
    run(services.signup_decide, signup=signup, confirm=True, by=coordinator_user)
    (message,) = _to_manager()
    assert "PC Ada Obi" in message.subject
    body = message.body
    assert "PC Ada Obi" in body and "Welcome desk" in body and str(signup.role.summit) in body
    local = timezone.localtime(signup.role.starts_at)
    assert f"{local:%H:%M}" in body
    for private in ("07700 900123", "A private story", volunteer.user.email, signup.role.summit.venue.name):
        assert private not in body
    assert message.alternatives[0][1] == "text/html"


def test_each_confirmation_event_tells_once_and_its_end_once(run, coordinator_user):
    signup = SignUpFactory(volunteer=_managed())
    run(services.signup_decide, signup=signup, confirm=True, by=coordinator_user)
    run(services.signup_undo_decision, signup=signup, by=coordinator_user)
    run(services.signup_decide, signup=signup, confirm=True, by=coordinator_user)
    run(services.signup_withdraw, signup=signup, reason="Called in", by=coordinator_user)
    assert _rows(LINE_MANAGER_CONFIRMED) == [MailStatus.SENT] * 2
    assert _rows(LINE_MANAGER_RELEASED) == [MailStatus.SENT] * 2
    assert len(_to_manager()) == 4


def test_bulk_confirm_and_a_coordinator_booking_tell_the_line_manager(run, coordinator_user):
    role = VolunteerRoleFactory(places=3)
    first, second = SignUpFactory(role=role, volunteer=_managed()), SignUpFactory(role=role)
    run(services.signups_confirm_many, signups=[first, second], by=coordinator_user)
    other = VolunteerRoleFactory()
    run(services.signup_create, role=other, volunteer=first.volunteer, by=coordinator_user, override_reason="Both")
    assert _rows(LINE_MANAGER_CONFIRMED) == [MailStatus.SENT] * 2


def test_a_pending_sign_up_withdrawn_tells_nobody(run):
    signup = SignUpFactory(volunteer=_managed())
    run(services.signup_withdraw, signup=signup, reason="Changed my mind", by=signup.volunteer.user)
    assert mail.outbox == [] and not OutgoingMail.objects.filter(kind__startswith="volunteering.line_manager")


def test_a_volunteer_without_a_line_manager_tells_nobody(run, coordinator_user):
    signup = SignUpFactory()
    run(services.signup_decide, signup=signup, confirm=True, by=coordinator_user)
    assert not OutgoingMail.objects.filter(kind__startswith="volunteering.line_manager")


def test_summit_cancelled_tells_the_line_manager_of_a_confirmed_duty(run, coordinator_user):
    signup = SignUpFactory(volunteer=_managed())
    run(services.signup_decide, signup=signup, confirm=True, by=coordinator_user)
    run(event_changes.signups_cancel_for_summit, summit=signup.role.summit)
    assert _rows(LINE_MANAGER_RELEASED) == [MailStatus.SENT]
    assert "no longer volunteering" in _to_manager()[-1].body


def test_hand_over_tells_both_line_managers(run, coordinator_user):
    giver = SignUpFactory(volunteer=_managed())
    run(services.signup_decide, signup=giver, confirm=True, by=coordinator_user)
    colleague = VolunteerProfileFactory(line_manager_email="sergeant.blue@met.police.uk")
    taken = run(handover.signup_hand_over, signup=giver, colleague=colleague, by=giver.volunteer.user)
    released = OutgoingMail.objects.get(kind=LINE_MANAGER_RELEASED)
    assert (released.about_id, released.recipient, released.status) == (giver.pk, MANAGER, MailStatus.SENT)
    confirmed = OutgoingMail.objects.get(kind=LINE_MANAGER_CONFIRMED, about_id=taken.pk)
    assert confirmed.recipient == "sergeant.blue@met.police.uk" and confirmed.status == MailStatus.SENT


def test_release_goes_to_whoever_was_told_and_not_when_nobody_was(run, coordinator_user):
    volunteer = _managed()
    signup = SignUpFactory(volunteer=volunteer)
    run(services.signup_decide, signup=signup, confirm=True, by=coordinator_user)
    volunteer.line_manager_email = "new.manager@met.police.uk"
    volunteer.save()
    run(services.signup_withdraw, signup=signup, reason="Moved teams", by=coordinator_user)
    assert OutgoingMail.objects.get(kind=LINE_MANAGER_RELEASED).recipient == MANAGER
    # Confirmed before a line manager was given: the end of it is news to nobody.
    unknown = SignUpFactory(volunteer=VolunteerProfileFactory())
    run(services.signup_decide, signup=unknown, confirm=True, by=coordinator_user)
    unknown.volunteer.line_manager_email = MANAGER
    unknown.volunteer.save()
    run(services.signup_withdraw, signup=unknown, reason="Called in", by=coordinator_user)
    assert OutgoingMail.objects.filter(kind=LINE_MANAGER_RELEASED).count() == 1


def test_confirmation_withdrawn_before_it_was_sent_is_not_sent_nor_its_end(coordinator_user):
    signup = SignUpFactory(volunteer=_managed())
    services.signup_decide(signup=signup, confirm=True, by=coordinator_user)  # delivery not run (no commit)
    services.signup_withdraw(signup=signup, reason="Called in", by=coordinator_user)
    outbox_deliver(pks=list(OutgoingMail.objects.values_list("pk", flat=True)))
    assert _to_manager() == []
    assert dict(OutgoingMail.objects.values_list("kind", "status")).get(LINE_MANAGER_RELEASED) == MailStatus.SKIPPED


def test_line_manager_address_kept_out_of_the_sent_mail_page(run, client, coordinator_user):
    signup = SignUpFactory(volunteer=_managed())
    run(services.signup_decide, signup=signup, confirm=True, by=coordinator_user)
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("outbox:mail_list"))
    assert page.status_code == 200 and MANAGER not in page.content.decode()
    assert "the volunteer&#x27;s line manager" in page.content.decode()


# --- The profile form ---------------------------------------------------------------------------------------------


def test_profile_form_takes_a_work_address_for_the_line_manager(client, volunteer):
    client.force_login(volunteer)
    url = reverse("accounts:profile_edit")
    page = client.get(url).content.decode()
    assert "Line manager&#x27;s e-mail address" in page and "Nothing else about you is sent" in page
    response = client.post(url, profile_form_data(line_manager_email="someone@gmail.example"))
    assert "work address" in response.context["form"].errors["line_manager_email"][0]
    response = client.post(url, profile_form_data(line_manager_email=volunteer.email))
    assert "your own address" in response.context["form"].errors["line_manager_email"][0]
    response = client.post(url, profile_form_data(line_manager_email=" " + MANAGER))
    assert response.status_code == 302
    volunteer.volunteer.refresh_from_db()
    assert volunteer.volunteer.line_manager_email == MANAGER
    assert client.post(url, profile_form_data(line_manager_email="")).status_code == 302
    volunteer.volunteer.refresh_from_db()
    assert volunteer.volunteer.line_manager_email == ""


# --- A confirmed duty's new times -----------------------------------------------------------------------------------


def _move(role, *, by, minutes):
    role.refresh_from_db()
    role.starts_at += timedelta(minutes=minutes)
    role.ends_at += timedelta(minutes=minutes)
    roles.role_save(role=role, by=by)
    return role


@pytest.fixture
def told(run, coordinator_user):
    """A confirmed duty whose line manager has been told of it (and the e-mail sent)."""
    signup = SignUpFactory(volunteer=_managed(), role=VolunteerRoleFactory(title="Welcome desk"))
    run(services.signup_decide, signup=signup, confirm=True, by=coordinator_user)
    mail.outbox.clear()
    return signup


def test_new_times_tell_the_line_manager_once(run, coordinator_user, told):
    role = run(_move, role=told.role, by=coordinator_user, minutes=-60)
    (message,) = _to_manager()
    assert message.subject == f"Volunteering duty moved: PC Ada Obi on {timezone.localtime(role.starts_at):%-d %B}"
    local_start, local_end = timezone.localtime(role.starts_at), timezone.localtime(role.ends_at)
    assert f"{local_start:%H:%M}" in message.body and f"{local_end:%H:%M}" in message.body
    assert "has new times" in message.body and message.alternatives[0][1] == "text/html"
    # Saved again without a change of times (a new title): nothing more.
    role.title = "Welcome desk (front)"
    run(roles.role_save, role=role, by=coordinator_user)
    assert len(_to_manager()) == 1 and _rows(LINE_MANAGER_CHANGED) == [MailStatus.SENT]


def test_the_same_times_are_told_once_but_moving_back_and_forth_tells_each_move(run, coordinator_user, told):
    run(_move, role=told.role, by=coordinator_user, minutes=-60)
    told.refresh_from_db()
    assert line_manager_change_queue(signup=told) is False  # these times were told already
    run(_move, role=told.role, by=coordinator_user, minutes=60)
    run(_move, role=told.role, by=coordinator_user, minutes=-60)
    assert _rows(LINE_MANAGER_CHANGED) == [MailStatus.SENT] * 3 and len(_to_manager()) == 3


def test_new_times_tell_no_one_not_told_of_the_duty(run, coordinator_user):
    pending = SignUpFactory(volunteer=_managed())  # not confirmed: never told
    unmanaged = SignUpFactory(role=VolunteerRoleFactory(places=1))
    run(services.signup_decide, signup=unmanaged, confirm=True, by=coordinator_user)
    run(_move, role=pending.role, by=coordinator_user, minutes=-60)
    run(_move, role=unmanaged.role, by=coordinator_user, minutes=-60)
    assert _rows(LINE_MANAGER_CHANGED) == [] and _to_manager() == []


def test_a_later_move_supersedes_one_not_yet_sent(coordinator_user, told):
    _move(told.role, by=coordinator_user, minutes=-60)  # queued, not delivered (no on-commit run)
    _move(told.role, by=coordinator_user, minutes=-30)
    outbox_deliver(pks=list(OutgoingMail.objects.filter(kind=LINE_MANAGER_CHANGED).values_list("pk", flat=True)))
    assert sorted(_rows(LINE_MANAGER_CHANGED)) == sorted([MailStatus.SKIPPED, MailStatus.SENT])
    assert len(_to_manager()) == 1


def test_a_moved_summit_tells_the_line_manager_of_the_new_times(run, coordinator_user, told):
    summit = told.role.summit
    previous = summit.starts_at
    summit.starts_at += timedelta(days=1)
    summit.ends_at += timedelta(days=1)
    summit.save()
    run(event_changes.roles_follow_summit, summit=summit, previous_start=previous, venue_changed=False)
    (message,) = _to_manager()
    assert "Volunteering duty moved" in message.subject


def test_role_edit_page_tells_the_line_manager(client, coordinator_user, told, django_capture_on_commit_callbacks):
    role = told.role
    client.force_login(coordinator_user)
    start = timezone.localtime(role.starts_at) - timedelta(hours=1)
    data = {
        "kind": role.kind,
        "title": role.title,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(role.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "places": role.places,
        "uniform_approach": role.uniform_approach,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:role_edit", kwargs={"pk": role.pk}), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:role_edit", kwargs={"pk": role.pk}), data)  # saved twice: told once
    assert len(_to_manager()) == 1
