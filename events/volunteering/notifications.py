"""The messages about a sign-up, queued in the outbox and written when they are sent.

Each is an outgoing mail of kind ``volunteering.<notification kind>`` about the sign-up; the key tells apart
messages of one kind about different things (two changes, two offers), so the same message is queued once. When it
is sent, a message no longer relevant (a reminder to someone who has withdrawn) is skipped.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import Rendered, Skip, outbox_enqueue, register_renderer

from .enums import HOLDING_PLACE, NotificationKind, SignUpStatus
from .ics import calendar_for, cancellation_for
from .models import SignUp
from .presentation import coordinator_contact, when, withdrawal_cutoff_hours

SUBJECTS = {
    NotificationKind.RECEIVED: _("We have your sign-up: {role}"),
    NotificationKind.CONFIRMED: _("You are confirmed: {role}"),
    NotificationKind.DECLINED: _("Your sign-up was not taken up: {role}"),
    NotificationKind.OFFERED: _("A place is free for you: {role}"),
    NotificationKind.CHANGED: _("Changed: {role}"),
    NotificationKind.CANCELLED: _("Cancelled: {event}"),
    NotificationKind.REMINDER: _("Reminder: {role} on {day}"),
    NotificationKind.REOPENED: _("Back with the coordinator: {role}"),
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
    NotificationKind.REOPENED: (SignUpStatus.PENDING,),
}

PREFIX = "volunteering."
# The method in the attachment's content type too, as mail programs read it (RFC 6047).
CALENDAR_PUBLISH = "text/calendar; method=PUBLISH"
CALENDAR_CANCEL = "text/calendar; method=CANCEL"


def mail_kind(kind: NotificationKind) -> str:
    return PREFIX + str(kind)


def notification_queue(*, signup: SignUp, kind: NotificationKind, key: str = "") -> None:
    """Queue one message about a sign-up, inside the caller's transaction (it goes only if that commits)."""
    email = signup.volunteer.user.email
    if not email:
        return
    role = signup.role
    scope = f"summit:{role.summit_id}" if role.summit_id else f"appearance:{role.appearance_id}"
    outbox_enqueue(kind=mail_kind(kind), about=signup, recipient=email, dedupe_key=key, scope=scope)


def notifications_sent(*, kind: NotificationKind, key: str | None = None):
    """The sign-ups that have had (or are being sent) this message (with this key, when one is given): for a query's
    ``exclude(pk__in=...)``. One skipped as no longer relevant may be queued again (``outbox_enqueue`` revives it)."""
    sent = OutgoingMail.objects.filter(kind=mail_kind(kind), about_type=ContentType.objects.get_for_model(SignUp))
    if key is not None:
        sent = sent.filter(dedupe_key=key)
    return sent.exclude(status=MailStatus.SKIPPED).values("about_id")


def render_notification(mail) -> Rendered | Skip:
    kind = NotificationKind(mail.kind.removeprefix(PREFIX))
    signup = (
        SignUp.objects.select_related(
            "volunteer__user", "role__summit__venue", "role__summit__lead_coordinator", "role__appearance__outlet"
        )
        .filter(pk=mail.about_id)
        .first()
    )
    if signup is None:
        return Skip("no longer relevant: the sign-up was removed")
    relevant = STILL_RELEVANT[kind]
    if relevant is not None and signup.status not in relevant:
        return Skip(f"no longer relevant: the sign-up is now {signup.get_status_display().lower()}")
    role = signup.role
    local_start = timezone.localtime(role.starts_at)
    subject = SUBJECTS[kind].format(role=role.title, event=role.event, day=f"{local_start:%-d %B}")
    attachments = ()
    if kind in (NotificationKind.CONFIRMED, NotificationKind.CHANGED) and signup.status == SignUpStatus.CONFIRMED:
        attachments = (("behind-the-badge.ics", calendar_for([signup], name="Behind the Badge"), CALENDAR_PUBLISH),)
    elif kind == NotificationKind.CANCELLED:
        # The confirmation's UID, cancelled: a calendar program that imported it removes it.
        attachments = (("cancelled.ics", cancellation_for(signup), CALENDAR_CANCEL),)
    return Rendered(
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


# The kind's label in lower case, in the language the sent-mail page is read in.
_lower = lazy(lambda label: str(label).lower(), str)


def register() -> None:
    for kind in NotificationKind:
        register_renderer(mail_kind(kind), render_notification, label=format_lazy(_("Sign-up: {}"), _lower(kind.label)))
