"""The messages about a sign-up, queued in the outbox and written when they are sent.

Each is an outgoing mail of kind ``volunteering.<notification kind>`` about the sign-up; the key tells apart
messages of one kind about different things (two changes, two offers), so the same message is queued once. When it
is sent, a message no longer relevant (a reminder to someone who has withdrawn) is skipped.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from btb.accounts.models import AuditEvent
from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import Rendered, Skip, outbox_enqueue, register_renderer

from .enums import HOLDING_PLACE, CoverOutcome, NotificationKind, SignUpStatus
from .ics import calendar_for, cancellation_for
from .models import CoverInvitation, SignUp, VolunteerRole
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
    NotificationKind.HANDED_OVER: _("A colleague has handed you their place: {role}"),
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
    NotificationKind.HANDED_OVER: HOLDING_PLACE,
}

PREFIX = "volunteering."
# The method in the attachment's content type too, as mail programs read it (RFC 6047).
CALENDAR_PUBLISH = "text/calendar; method=PUBLISH"
CALENDAR_CANCEL = "text/calendar; method=CANCEL"
# A confirmed place's message carries its calendar entry.
CALENDAR_KINDS = (NotificationKind.CONFIRMED, NotificationKind.CHANGED, NotificationKind.HANDED_OVER)


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
    if kind in CALENDAR_KINDS and signup.status == SignUpStatus.CONFIRMED:
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


# --- Cover for a short role (events.volunteering.cover) ----------------------------------------------------------

COVER_INVITATION = PREFIX + "cover_invitation"
COVER_FILLED = PREFIX + "cover_filled"


def cover_invitation_queue(*, invitation: CoverInvitation) -> None:
    """Ask the volunteer to cover the role, inside the caller's transaction; once per invitation."""
    outbox_enqueue(
        kind=COVER_INVITATION,
        about=invitation,
        recipient=invitation.volunteer.user.email,
        scope=f"summit:{invitation.role.summit_id}",
    )


def cover_filled_queue(*, invitation: CoverInvitation) -> None:
    """Tell the summit's lead coordinator that the role is covered (the invitation whose acceptance filled it)."""
    lead = invitation.role.summit.lead_coordinator
    if lead is None or not lead.email:
        return
    outbox_enqueue(
        kind=COVER_FILLED, about=invitation, recipient=lead.email, scope=f"summit:{invitation.role.summit_id}"
    )


def _cover_invitation(mail) -> CoverInvitation | None:
    return (
        CoverInvitation.objects.select_related(
            "volunteer__user", "role__summit__venue", "role__summit__lead_coordinator", "signup"
        )
        .filter(pk=mail.about_id)
        .first()
    )


def _cover_context(invitation: CoverInvitation) -> dict:
    role = invitation.role
    return {
        "invitation": invitation,
        "role": role,
        "event": role.event,
        "when": when(role),
        "location": role.location,
        "contact": coordinator_contact(role),
        "invitation_path": reverse("events:cover_invitation", kwargs={"pk": invitation.pk}),
        "roster_path": reverse("events:summit_roster", kwargs={"slug": role.summit.slug}),
    }


def render_cover_invitation(mail) -> Rendered | Skip:
    invitation = _cover_invitation(mail)
    if invitation is None:
        return Skip("no longer relevant: the role was removed")
    role = invitation.role
    if invitation.outcome:
        return Skip("no longer relevant: answered already")
    if not role.event_is_open or role.starts_at <= timezone.now():
        return Skip("no longer relevant: the role has started or is not going ahead")
    if role.signups.filter(status__in=HOLDING_PLACE).count() >= role.places:
        return Skip("no longer relevant: the role is full")
    return Rendered(template_prefix="events/email/cover_invitation", context=_cover_context(invitation))


def render_cover_filled(mail) -> Rendered | Skip:
    invitation = _cover_invitation(mail)
    if invitation is None or invitation.outcome != CoverOutcome.ACCEPTED:
        return Skip("no longer relevant: the invitation was removed")
    return Rendered(template_prefix="events/email/cover_filled", context=_cover_context(invitation))


# --- Told to the coordinator --------------------------------------------------------------------------------------

# A volunteer handed their place to a colleague (about the colleague's sign-up) or gave it back to the waiting list
# (about the sign-up given back).
COORDINATOR_HANDED_OVER = PREFIX + "coordinator.handed_over"
COORDINATOR_GIVEN_BACK = PREFIX + "coordinator.given_back"
COORDINATOR_SUBJECTS = {
    COORDINATOR_HANDED_OVER: _("Place handed over: {role} at {event}"),
    COORDINATOR_GIVEN_BACK: _("Place given back to the waiting list: {role} at {event}"),
}


def coordinator_to_tell(role: VolunteerRole):
    """The summit's lead coordinator; an appearance has no lead, so the coordinator who made the interview slot."""
    if role.summit_id:
        return role.summit.lead_coordinator
    made = (
        AuditEvent.objects.filter(
            action="volunteer_role.save",
            content_type=ContentType.objects.get_for_model(VolunteerRole),
            object_id=str(role.pk),
            actor__is_active=True,
        )
        .select_related("actor")
        .order_by("created_at", "pk")
        .first()
    )
    return made.actor if made else None


def coordinator_notice_queue(*, signup: SignUp, kind: str, by=None) -> bool:
    """Queue the coordinator's message about ``signup``, inside the caller's transaction; nothing when there is no
    coordinator to tell, or the coordinator did it themselves."""
    told = coordinator_to_tell(signup.role)
    if told is None or not told.email or (by is not None and told.pk == by.pk):
        return False
    role = signup.role
    scope = f"summit:{role.summit_id}" if role.summit_id else f"appearance:{role.appearance_id}"
    return bool(outbox_enqueue(kind=kind, about=signup, recipient=told.email, scope=scope))


def render_coordinator_notice(mail) -> Rendered | Skip:
    signup = (
        SignUp.objects.select_related("volunteer", "role__summit__venue", "role__appearance__outlet")
        .filter(pk=mail.about_id)
        .first()
    )
    if signup is None:
        return Skip("no longer relevant: the sign-up was removed")
    role = signup.role
    handed = None
    if mail.kind == COORDINATOR_HANDED_OVER:
        handed = (
            AuditEvent.objects.filter(
                action="signup.hand_over",
                content_type=ContentType.objects.get_for_model(SignUp),
                object_id=str(signup.pk),
            )
            .order_by("-created_at", "-pk")
            .first()
        )
    return Rendered(
        template_prefix="events/email/signup_coordinator_notice",
        context={
            "kind": mail.kind.removeprefix(PREFIX + "coordinator."),
            "subject": COORDINATOR_SUBJECTS[mail.kind].format(role=role.title, event=role.event),
            "signup": signup,
            "role": role,
            "event": role.event,
            "when": when(role),
            "handed_over_by": handed.detail.get("from_name", "") if handed else "",
            "roster_path": (
                reverse("events:summit_roster", kwargs={"slug": role.summit.slug})
                if role.summit_id
                else reverse("events:appearance_roster", kwargs={"pk": role.appearance_id})
            ),
        },
    )


# --- Told to the volunteer's line manager -------------------------------------------------------------------------

# The abstraction from duty: a confirmed duty, and one no longer going ahead for the volunteer (withdrawn, cancelled,
# handed to a colleague, its confirmation undone). Only what the abstraction needs: the volunteer's name, the role,
# the event, the date and times.
LINE_MANAGER_CONFIRMED = PREFIX + "line_manager.confirmed"
LINE_MANAGER_RELEASED = PREFIX + "line_manager.released"
LINE_MANAGER_SUBJECTS = {
    LINE_MANAGER_CONFIRMED: _("Volunteering duty: {volunteer} on {day}"),
    LINE_MANAGER_RELEASED: _("No longer volunteering: {volunteer} on {day}"),
}


def line_manager_notice_queue(*, signup: SignUp, confirmed: bool, moment) -> bool:
    """Queue the line manager's message inside the caller's transaction: of a confirmation, to the address the
    volunteer gave (if any); of its end, to whoever was told of the confirmation. ``moment`` is when it happened:
    one message per event, however often the caller is retried."""
    if confirmed:
        address = signup.volunteer.line_manager_email
    else:
        # Whoever was told of the duty hears that it is off, even if the volunteer has since named someone else.
        address = (
            OutgoingMail.objects.filter(
                kind=LINE_MANAGER_CONFIRMED, about_type=ContentType.objects.get_for_model(SignUp), about_id=signup.pk
            )
            .exclude(status=MailStatus.SKIPPED)
            .order_by("-queued_at", "-pk")
            .values_list("recipient", flat=True)
            .first()
        )
    if not address:
        return False
    role = signup.role
    scope = f"summit:{role.summit_id}" if role.summit_id else f"appearance:{role.appearance_id}"
    kind = LINE_MANAGER_CONFIRMED if confirmed else LINE_MANAGER_RELEASED
    key = f"{moment:%Y%m%d%H%M%S%f}"
    return bool(outbox_enqueue(kind=kind, about=signup, recipient=address, dedupe_key=key, scope=scope))


def render_line_manager_notice(mail) -> Rendered | Skip:
    signup = (
        SignUp.objects.select_related("volunteer", "role__summit", "role__appearance__outlet")
        .filter(pk=mail.about_id)
        .first()
    )
    if signup is None:
        return Skip("no longer relevant: the sign-up was removed")
    confirmed = mail.kind == LINE_MANAGER_CONFIRMED
    if confirmed and signup.status != SignUpStatus.CONFIRMED:
        return Skip(f"no longer relevant: the sign-up is now {signup.get_status_display().lower()}")
    if not confirmed:
        told = OutgoingMail.objects.filter(
            kind=LINE_MANAGER_CONFIRMED,
            about_type=mail.about_type_id,
            about_id=mail.about_id,
            status=MailStatus.SENT,
            recipient=mail.recipient,
        )
        if not told.exists():
            return Skip("no longer relevant: the line manager was never told of this duty")
    role = signup.role
    day = f"{timezone.localtime(role.starts_at):%-d %B}"
    return Rendered(
        template_prefix="events/email/line_manager_notice",
        context={
            "confirmed": confirmed,
            "subject": LINE_MANAGER_SUBJECTS[mail.kind].format(volunteer=signup.volunteer.display_name, day=day),
            "volunteer": signup.volunteer.display_name,
            "role": role.title,
            "event": str(role.event),
            "when": when(role),
        },
    )


# The kind's label in lower case, in the language the sent-mail page is read in.
_lower = lazy(lambda label: str(label).lower(), str)
# A subject's first part (before its colon), in lower case: the sent-mail page's name for its kind.
_heading = lazy(lambda subject: str(subject).split(":")[0].lower(), str)


def register() -> None:
    for kind in NotificationKind:
        register_renderer(mail_kind(kind), render_notification, label=format_lazy(_("Sign-up: {}"), _lower(kind.label)))
    register_renderer(COVER_INVITATION, render_cover_invitation, label=_("Cover: asked to cover a short role"))
    register_renderer(COVER_FILLED, render_cover_filled, label=_("Cover: a short role is covered"))
    for kind, subject in COORDINATOR_SUBJECTS.items():
        register_renderer(kind, render_coordinator_notice, label=format_lazy(_("Coordinator: {}"), _heading(subject)))
    for kind, subject in LINE_MANAGER_SUBJECTS.items():
        register_renderer(
            kind,
            render_line_manager_notice,
            label=format_lazy(_("Line manager: {}"), _heading(subject)),
            recipient_label=_("the volunteer's line manager"),
        )
