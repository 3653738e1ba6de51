"""Sending the messages about a sign-up, each once.

A ``SignUpNotification`` row per kind (and key) per sign-up is created and locked with ``select_for_update`` while
the message is sent, and marked sent in the same transaction: a task that runs twice (a retry, a redelivery, two
workers) finds the row sent, or waits for the lock and then finds it sent.
"""

from django.db import transaction
from django.utils import timezone

from btb.mail import send_templated_mail

from .enums import HOLDING_PLACE, NotificationKind, SignUpStatus
from .ics import calendar_for
from .models import SignUp, SignUpNotification
from .presentation import coordinator_contact, when, withdrawal_cutoff_hours

SUBJECTS = {
    NotificationKind.RECEIVED: "We have your sign-up: {role}",
    NotificationKind.CONFIRMED: "You are confirmed: {role}",
    NotificationKind.DECLINED: "Your sign-up was not taken up: {role}",
    NotificationKind.OFFERED: "A place is free for you: {role}",
    NotificationKind.CHANGED: "Changed: {role}",
    NotificationKind.CANCELLED: "Cancelled: {event}",
    NotificationKind.REMINDER: "Reminder: {role} on {day}",
}

# Who still wants to hear of each kind: a reminder to someone who has withdrawn would be wrong.
STILL_RELEVANT = {
    NotificationKind.RECEIVED: None,
    NotificationKind.CONFIRMED: (SignUpStatus.CONFIRMED,),
    NotificationKind.DECLINED: (SignUpStatus.DECLINED,),
    NotificationKind.OFFERED: (SignUpStatus.OFFERED,),
    NotificationKind.CHANGED: HOLDING_PLACE,
    NotificationKind.CANCELLED: (SignUpStatus.CANCELLED,),
    NotificationKind.REMINDER: (SignUpStatus.CONFIRMED,),
}


def notification_send(*, signup_pk: int, kind: str, key: str = "") -> bool:
    """Send one message about one sign-up unless it has been sent. Returns whether it was sent now."""
    kind = NotificationKind(kind)
    with transaction.atomic():
        signup = (
            SignUp.objects.select_related(
                "volunteer__user", "role__summit__venue", "role__summit__lead_coordinator", "role__appearance__outlet"
            )
            .filter(pk=signup_pk)
            .first()
        )
        if signup is None or not signup.volunteer.user.email:
            return False
        relevant = STILL_RELEVANT[kind]
        if relevant is not None and signup.status not in relevant:
            return False
        SignUpNotification.objects.get_or_create(signup=signup, kind=kind, key=key)
        record = SignUpNotification.objects.select_for_update().get(signup=signup, kind=kind, key=key)
        if record.sent_at is not None:
            return False
        _send(signup, kind)
        record.sent_at = timezone.now()
        record.save(update_fields=["sent_at"])
    return True


def _send(signup: SignUp, kind: NotificationKind) -> None:
    role = signup.role
    local_start = timezone.localtime(role.starts_at)
    subject = SUBJECTS[kind].format(role=role.title, event=role.event, day=f"{local_start:%-d %B}")
    attachments = []
    if kind in (NotificationKind.CONFIRMED, NotificationKind.CHANGED) and signup.status == SignUpStatus.CONFIRMED:
        attachments.append(("behind-the-badge.ics", calendar_for([signup], name="Behind the Badge"), "text/calendar"))
    send_templated_mail(
        to=[signup.volunteer.user.email],
        template_prefix="events/email/signup_notice",
        context={
            "kind": str(kind),
            "subject": subject,
            "signup": signup,
            "role": role,
            "event": role.event,
            "when": when(role),
            "location": role.location,
            "contact": coordinator_contact(role),
            "cutoff_hours": withdrawal_cutoff_hours(),
            "offer_expires_at": signup.offer_expires_at,
            "cancellation_reason": (
                role.summit.cancellation_reason if role.summit_id else role.appearance.cancelled_reason
            ),
        },
        attachments=attachments,
    )
