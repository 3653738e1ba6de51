"""Sending the survey: scheduling after the summit is held, one invitation per ticket holder (those imported late
too), and the invitation and its one reminder handed to the outbox (``btb.outbox``), which delivers each once.

The survey owns who is invited and when; the outbox owns delivery, retries and recovery after faults, as it does
for every message the programme sends. Each invitation is one ``SurveyInvitation`` row, and each e-mail about it
one ``OutgoingMail`` row (kind ``INVITATION`` or ``REMINDER``, about the invitation, scope ``summit:<pk>``): queued
in the transaction that makes it due, so unique per invitation and kind, and the record of whether it was sent.

The single-use link is minted when the outbox renders the message, just before it is handed to the mail server
(``render_survey_mail``), and only its hash is kept; a message that is then not sent (a refusal, a claim lost to the
recovery) takes its link back. The renderer answers "skip" when the e-mail is no longer wanted: the person opted
out or answered, the survey closed, or the ticket holder's details were removed.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from btb.aggregates import aggregates_invalidate
from btb.languages import message_languages
from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from btb.outbox.services import Rendered, Skip, outbox_enqueue_many
from events.models import Summit, TicketHolder

from ..models import InvitationUse, Survey, SurveyInvitation, SurveyLink, SurveyOptOut
from .surveys import opt_out_token, survey_ensure
from .tokens import email_digest, new_token

logger = logging.getLogger(__name__)

INVITATION, REMINDER = "feedback.survey_invitation", "feedback.survey_reminder"
LINK_DAYS = 30
# Ticket holders imported after the first send are invited by the beat task for this long after it; later, a
# coordinator sends theirs from the survey's send page.
LATE_INVITATION_DAYS = 30
# Said of a message no longer wanted whether the person answered or opted out: the sent-mail page and the admin
# must not tell who answered.
NOT_WANTED = "no longer relevant: answered or opted out"


def send_hour() -> int:
    return settings.SURVEY_SEND_HOUR


def send_days_after() -> int:
    return settings.SURVEY_SEND_DAYS_AFTER


def reminder_days() -> int:
    return settings.SURVEY_REMINDER_DAYS


def _next_morning(now) -> datetime:
    day = timezone.localdate(now) + timedelta(days=send_days_after())
    return timezone.make_aware(datetime.combine(day, time(hour=send_hour())))


@transaction.atomic
def survey_schedule(*, summit: Summit, now=None) -> Survey:
    """Called when the summit is marked held: invitations go out the next morning (SURVEY_SEND_DAYS_AFTER,
    SURVEY_SEND_HOUR)."""
    survey = survey_ensure(summit=summit)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.send_after is None and survey.invitations_created_at is None:
        survey.send_after = _next_morning(now or timezone.now())
        survey.save(update_fields=["send_after"])
    return survey


@dataclass
class Audience:
    """Who a send would invite now, and why the others would not be: each ticket holder is counted once, under the
    first reason that applies."""

    to_invite: list[TicketHolder] = field(default_factory=list)
    already_invited: int = 0
    no_email: int = 0
    refused_contact: int = 0
    not_checked_in: int = 0
    opted_out: int = 0

    @property
    def not_invited(self) -> list[tuple[str, int]]:
        """(reason, how many) for those who will not be sent an invitation now, the reasons that apply only."""
        reasons = [
            ("already invited", self.already_invited),
            ("no e-mail address", self.no_email),
            ("refused contact when buying the ticket", self.refused_contact),
            ("not checked in (the survey asks only those who were)", self.not_checked_in),
            ("opted out of surveys", self.opted_out),
        ]
        return [(reason, count) for reason, count in reasons if count]


def survey_audience(*, survey: Survey, holders=None) -> Audience:
    """Sort the summit's ticket holders (or ``holders``, some of them) into those an invitation would go to now and
    the rest, by reason; two queries and a digest per address."""
    if holders is None:
        holders = survey.summit.ticket_holders.all()
    invited = SurveyInvitation.objects.filter(survey=survey, ticket_holder=OuterRef("pk"))
    rows = holders.annotate(invited=Exists(invited)).only("pk", "email", "consent", "checked_in", "anonymised_at")
    opted_out = set(SurveyOptOut.objects.values_list("email_digest", flat=True))
    audience = Audience()
    for holder in rows.order_by("pk"):
        if holder.invited:
            audience.already_invited += 1
        elif not holder.email or holder.anonymised_at:
            audience.no_email += 1
        elif holder.consent is False:  # where the export did not ask (None), everyone may be asked
            audience.refused_contact += 1
        elif survey.only_checked_in and not holder.checked_in:
            audience.not_checked_in += 1
        elif opted_out and email_digest(holder.email) in opted_out:
            audience.opted_out += 1
        else:
            audience.to_invite.append(holder)
    return audience


def _invite(survey: Survey, holders: list[TicketHolder]) -> int:
    """One invitation row per holder and its e-mail queued in the outbox, in the caller's transaction. The survey
    row is locked by the caller, so two sends cannot invite the same person twice (and the unique constraint would
    refuse it)."""
    if not holders:
        return 0
    SurveyInvitation.objects.bulk_create(
        [SurveyInvitation(survey=survey, ticket_holder=holder) for holder in holders], batch_size=1000
    )
    email_of = {holder.pk: holder.email for holder in holders}
    ids = list(email_of)
    invitations = []
    for start in range(0, len(ids), 500):  # SQLite's limit on parameters
        invitations += SurveyInvitation.objects.filter(survey=survey, ticket_holder_id__in=ids[start : start + 500])
    return outbox_enqueue_many(
        kind=INVITATION,
        messages=[(invitation, email_of[invitation.ticket_holder_id]) for invitation in invitations],
        scope=f"summit:{survey.summit_id}",
    )


@transaction.atomic
def survey_invite(*, survey: Survey, now=None) -> int:
    """Invite now every ticket holder of the survey's summit who should be and has not been (the first send, or
    those imported since); how many were invited."""
    now = now or timezone.now()
    survey = Survey.objects.select_for_update().select_related("summit").get(pk=survey.pk)
    invited = _invite(survey, survey_audience(survey=survey).to_invite)
    if survey.invitations_created_at is None or survey.send_after is None:
        survey.invitations_created_at = survey.invitations_created_at or now
        survey.send_after = survey.send_after or now
        survey.save(update_fields=["invitations_created_at", "send_after"])
    return invited


def _invite_late_holders(now) -> int:
    """Ticket holders imported after their survey's first send, while it is open and not long after: invited by
    beat, so nobody depends on a coordinator remembering."""
    recent = Survey.objects.filter(
        invitations_created_at__gte=now - timedelta(days=LATE_INVITATION_DAYS), open_for_responses=True
    )
    # A ticket holder belongs to one summit, so any invitation of theirs is to its survey: the anti-join reads the
    # ticket holder index alone.
    waiting = (
        TicketHolder.objects.filter(summit__in=recent.values("summit_id"), anonymised_at__isnull=True)
        .exclude(email="")
        .exclude(consent=False)
        .exclude(Exists(SurveyInvitation.objects.filter(ticket_holder=OuterRef("pk"))))
    )
    created = 0
    for survey in recent.filter(summit__in=waiting.values("summit_id")):
        with transaction.atomic():
            locked = Survey.objects.select_for_update().select_related("summit").get(pk=survey.pk)
            created += _invite(
                locked, survey_audience(survey=locked, holders=waiting.filter(summit=locked.summit)).to_invite
            )
    return created


def _queue_reminders(now) -> int:
    """One reminder, SURVEY_REMINDER_DAYS after the invitation was sent, to those who have not answered; the
    opt-outs are checked again when it is sent. Invitations sent more than LINK_DAYS before that are left alone."""
    due_before = now - timedelta(days=reminder_days())
    invitation_type = ContentType.objects.get_for_model(SurveyInvitation)
    sent = OutgoingMail.objects.filter(
        kind=INVITATION,
        status=MailStatus.SENT,
        sent_at__lte=due_before,
        sent_at__gt=due_before - timedelta(days=LINK_DAYS),
    )
    reminded = OutgoingMail.objects.filter(kind=REMINDER, about_type=invitation_type, about_id=OuterRef("about_id"))
    used = InvitationUse.objects.filter(invitation_id=OuterRef("about_id"))
    due = list(sent.exclude(Exists(reminded)).exclude(Exists(used)).values_list("about_id", "scope"))
    if not due:
        return 0
    scope_of = dict(due)
    ids = sorted(scope_of)
    queued = 0
    for start in range(0, len(ids), 500):
        invitations = SurveyInvitation.objects.filter(pk__in=ids[start : start + 500]).select_related("ticket_holder")
        by_scope: dict[str, list] = {}
        for invitation in invitations:
            holder = invitation.ticket_holder
            if holder is not None and holder.email and not holder.anonymised_at:
                by_scope.setdefault(scope_of[invitation.pk], []).append((invitation, holder.email))
        for scope, messages in by_scope.items():
            queued += outbox_enqueue_many(kind=REMINDER, messages=messages, scope=scope)
    return queued


@transaction.atomic
def surveys_dispatch_due(*, now=None) -> dict:
    """The beat task's work: invite for the surveys whose time has come and the ticket holders imported since,
    and queue the reminders now due. Safe to run as often as wanted: nobody is invited or reminded twice."""
    now = now or timezone.now()
    created = 0
    for survey in Survey.objects.filter(send_after__lte=now, invitations_created_at__isnull=True):
        created += survey_invite(survey=survey, now=now)
    created += _invite_late_holders(now)
    reminders = _queue_reminders(now)
    if created or reminders:
        aggregates_invalidate()
    logger.info("survey dispatch: %d invitations queued, %d reminders", created, reminders)
    return {"created": created, "queued": created, "reminders": reminders}


@transaction.atomic
def survey_send_now(*, summit: Summit) -> dict:
    """``manage.py send_surveys`` and the send page: invitations now rather than the next morning, to everyone
    who should have one and has not (those imported since the first send too)."""
    survey = survey_ensure(summit=summit)
    now = timezone.now()
    Survey.objects.filter(pk=survey.pk).filter(Q(send_after__isnull=True) | Q(send_after__gt=now)).update(
        send_after=now
    )
    created = survey_invite(survey=survey, now=now)
    reminders = _queue_reminders(now)
    aggregates_invalidate()
    return {"created": created, "queued": created, "reminders": reminders}


def render_survey_mail(mails: list[OutgoingMail], now=None) -> dict[int, Rendered | Skip]:
    """The outbox's batch renderer for invitations and reminders, at send time: a fresh single-use link each (only
    its hash stored), unless the e-mail is no longer wanted. Five queries for the whole batch."""
    now = now or timezone.now()
    ids = [mail.about_id for mail in mails]
    invitations = SurveyInvitation.objects.select_related("survey__summit", "ticket_holder").in_bulk(ids)
    used = set(InvitationUse.objects.filter(invitation_id__in=ids).values_list("invitation_id", flat=True))
    digests = {mail.pk: email_digest(mail.recipient) for mail in mails}
    opted_out = set(
        SurveyOptOut.objects.filter(email_digest__in=digests.values()).values_list("email_digest", flat=True)
    )
    rendered, owed = {}, []
    for mail in mails:
        invitation = invitations.get(mail.about_id)
        holder = invitation.ticket_holder if invitation else None
        if holder is None or not holder.email or holder.anonymised_at:
            rendered[mail.pk] = Skip("no longer relevant: the ticket holder's details were removed")
        elif not invitation.survey.open_for_responses:
            rendered[mail.pk] = Skip("no longer relevant: the survey is closed")
        elif invitation.pk in used or digests[mail.pk] in opted_out:
            rendered[mail.pk] = Skip(NOT_WANTED)
        else:
            owed.append((mail, invitation, *new_token()))
    SurveyLink.objects.bulk_create(
        SurveyLink(invitation=invitation, token_hash=hashed, expires_at=now + timedelta(days=LINK_DAYS))
        for _, invitation, _, hashed in owed
    )
    base = settings.SITE_URL
    for mail, invitation, token, hashed in owed:
        opt_out_url = base + reverse("feedback:opt_out", kwargs={"token": opt_out_token(mail.recipient)})
        name = invitation.ticket_holder.name
        rendered[mail.pk] = Rendered(
            template_prefix="feedback/email/survey_invitation",
            context={
                "summit": invitation.survey.summit,
                "survey_url": base + reverse("feedback:survey_answer", kwargs={"token": token}),
                "opt_out_url": opt_out_url,
                "reminder": mail.kind == REMINDER,
                "first_name": name.split(" ")[0] if name else "",
                # In the holder's language, else the survey's (Welsh first when bilingual): the templates switch
                # for each part.
                "languages": message_languages(invitation.ticket_holder.language, invitation.survey.languages),
            },
            headers={"List-Unsubscribe": f"<{opt_out_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
            # Never delivered: the token must not stay valid.
            discard=lambda hashed=hashed: SurveyLink.objects.filter(token_hash=hashed).delete(),
        )
    return rendered
