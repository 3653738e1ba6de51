"""Sending the survey: scheduling after the summit is held, creating one invitation row per ticket holder, and
delivering each invitation and its one reminder exactly once.

Delivery claims the row first (``select_for_update``, PENDING → SENDING, committed), then talks to the SMTP server,
then records the outcome. A task retried or redelivered while another is sending, or after it has sent, finds the
row no longer PENDING and does nothing: a person is never sent the same e-mail twice. A temporary refusal (4xx, or
no connection) puts the row back to PENDING for a retry with backoff; a permanent one (5xx) records it as failed.

Rows go out in batches (SURVEY_SEND_BATCH, 50): one task and one SMTP connection per batch, the batch's rows claimed
in one transaction, then each in turn handed over, sent and recorded on its own, as above. A failed send closes the
connection (the next message opens a fresh one) and the rows refused for now are retried together.

Faults (proven by tests/feedback/test_dispatch_faults.py): a worker can be killed at any point, and Redis can
restart and lose every queued task. The database, not the broker, is the record of what is owed, and the beat task
``invitations_recover`` repairs it:

- A row PENDING whose task has not run for SURVEY_REQUEUE_AFTER_SECONDS after it was queued (longer than any retry
  countdown) lost its task: it is queued again. A duplicate task is harmless (the claim lets one through).
- A row still SENDING SURVEY_SENDING_TIMEOUT_SECONDS after it was claimed (longer than any send) was left by a
  worker that died. Just before it opens the SMTP connection, the attempt records ``handed_over_at`` (an UPDATE
  that only succeeds while the row is still claimed by that same attempt). Without it, the SMTP exchange never
  began, so the row goes back to PENDING and is sent. With it, the message may have been accepted before the worker
  died: the row is recorded as FAILED ("outcome unknown") and never sent again, because a person must not get the
  same e-mail twice; coordinators see it in the tracking.

The remaining duplicate window is SMTP's own (RFC 1047): the server has accepted the message (its 250 after the
final ".") but the connection drops before we read that reply. We see a lost connection, treat it as temporary and
send again. It lasts one network round trip on a healthy connection, needs a connection failure at exactly that
moment, and costs one repeated survey e-mail (both links work once; only one answer is counted per link), so it is
accepted. A worker killed inside that same moment is not a duplicate: the row is recorded as FAILED instead.
"""

import logging
import smtplib
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from btb.aggregates import aggregates_invalidate
from btb.mail import send_templated_mail
from events.models import Summit

from ..enums import DeliveryStatus
from ..models import InvitationUse, Survey, SurveyInvitation, SurveyLink, SurveyOptOut
from .surveys import opt_out_token, survey_ensure
from .tokens import email_digest, new_token

logger = logging.getLogger(__name__)

INVITATION, REMINDER = "invitation", "reminder"
LINK_DAYS = 30


def send_hour() -> int:
    return settings.SURVEY_SEND_HOUR


def send_days_after() -> int:
    return settings.SURVEY_SEND_DAYS_AFTER


def reminder_days() -> int:
    return settings.SURVEY_REMINDER_DAYS


class TemporarySendFailure(Exception):
    """The mail server asked us to try again later (4xx) or could not be reached."""


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


def _eligible_holders(survey: Survey):
    holders = survey.summit.ticket_holders.filter(anonymised_at__isnull=True).exclude(email="")
    if survey.only_checked_in:
        holders = holders.filter(checked_in=True)
    # Where the export asked for consent to contact, only those who said yes; where it did not ask, everyone.
    holders = holders.exclude(consent=False)
    opted_out = set(SurveyOptOut.objects.values_list("email_digest", flat=True))
    return [holder for holder in holders.only("pk", "email") if email_digest(holder.email) not in opted_out]


@transaction.atomic
def _create_invitations(*, survey: Survey, now) -> int:
    survey = Survey.objects.select_for_update().select_related("summit").get(pk=survey.pk)
    if survey.invitations_created_at is not None:
        return 0
    holders = _eligible_holders(survey)
    SurveyInvitation.objects.bulk_create(
        [SurveyInvitation(survey=survey, ticket_holder=holder) for holder in holders], ignore_conflicts=True
    )
    survey.invitations_created_at = now
    survey.send_after = survey.send_after or now
    survey.save(update_fields=["invitations_created_at", "send_after"])
    return len(holders)


def requeue_after() -> timedelta:
    return timedelta(seconds=settings.SURVEY_REQUEUE_AFTER_SECONDS)


def sending_timeout() -> timedelta:
    return timedelta(seconds=settings.SURVEY_SENDING_TIMEOUT_SECONDS)


def max_attempts() -> int:
    return settings.SURVEY_MAX_ATTEMPTS


def send_batch_size() -> int:
    return settings.SURVEY_SEND_BATCH


def _queue(pks: list[int], kind: str) -> None:
    """One task per batch of rows: a batch shares an SMTP connection and a task's round trip through the broker."""
    from ..tasks import task_send_invitations

    SurveyInvitation.objects.filter(pk__in=pks).update(queued_at=timezone.now())
    pks, size = sorted(pks), send_batch_size()
    for start in range(0, len(pks), size):
        task_send_invitations.delay_on_commit(pks=pks[start : start + size], kind=kind)


@transaction.atomic
def surveys_dispatch_due(*, now=None) -> dict:
    """The beat task's work: create and queue invitations whose time has come, and the reminders now due.
    Safe to run as often as wanted: rows already queued are not queued again."""
    now = now or timezone.now()
    created = 0
    for survey in Survey.objects.filter(send_after__lte=now, invitations_created_at__isnull=True):
        created += _create_invitations(survey=survey, now=now)
    not_queued_lately = Q(queued_at__isnull=True) | Q(queued_at__lt=now - requeue_after())
    pending = list(
        SurveyInvitation.objects.filter(status=DeliveryStatus.PENDING, attempts=0, survey__send_after__lte=now)
        .filter(not_queued_lately)
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)
    )
    _queue(pending, INVITATION)
    used = InvitationUse.objects.filter(invitation=OuterRef("pk"))
    due = SurveyInvitation.objects.filter(
        status=DeliveryStatus.SENT,
        reminder_status=DeliveryStatus.NOT_DUE,
        sent_at__lte=now - timedelta(days=reminder_days()),
    ).exclude(Exists(used))
    reminders = list(due.values_list("pk", flat=True))
    SurveyInvitation.objects.filter(pk__in=reminders).update(reminder_status=DeliveryStatus.PENDING)
    aggregates_invalidate()
    _queue(reminders, REMINDER)
    logger.info(
        "survey dispatch: %d invitations created, %d queued, %d reminders", created, len(pending), len(reminders)
    )
    return {"created": created, "queued": len(pending), "reminders": len(reminders)}


@transaction.atomic
def survey_send_now(*, summit: Summit) -> dict:
    """``manage.py send_surveys``: invitations now rather than the next morning."""
    survey = survey_ensure(summit=summit)
    now = timezone.now()
    Survey.objects.filter(pk=survey.pk, invitations_created_at__isnull=True).update(send_after=now)
    return surveys_dispatch_due(now=now)


def _fields(kind: str) -> tuple[str, str, str]:
    if kind == INVITATION:
        return "status", "attempts", "sent_at"
    return "reminder_status", "reminder_attempts", "reminded_at"


def _claim(invitation_pks: list[int], kind: str, now) -> list[tuple[SurveyInvitation, str, SurveyLink]]:
    """Lock the rows and move each one still PENDING to SENDING with a link of its own (or to SKIPPED or FAILED when
    it must not be sent); returns the claimed rows with their token and link. One transaction for a whole batch:
    each row is still claimed, handed over and finished on its own."""
    status_field, attempts_field, _ = _fields(kind)
    with transaction.atomic():
        rows = (
            SurveyInvitation.objects.select_for_update(of=("self",))
            .select_related("survey__summit", "ticket_holder")
            .filter(pk__in=invitation_pks, **{status_field: DeliveryStatus.PENDING})
            .order_by("pk")  # rows are locked in one order, so two batches that overlap cannot deadlock
        )
        pending = list(rows)
        answered = set()
        if kind == REMINDER:
            answered = set(InvitationUse.objects.filter(invitation__in=pending).values_list("invitation", flat=True))
        digests = {row.pk: email_digest(row.ticket_holder.email) for row in pending if row.ticket_holder_id}
        opted_out = set(
            SurveyOptOut.objects.filter(email_digest__in=digests.values()).values_list("email_digest", flat=True)
        )
        skipped, failed, claimed = [], [], []
        for row in pending:
            holder = row.ticket_holder
            if row.pk in answered or holder is None or not holder.email or holder.anonymised_at:
                skipped.append(row.pk)
            elif digests[row.pk] in opted_out:
                skipped.append(row.pk)
            elif getattr(row, attempts_field) >= max_attempts():
                failed.append(row.pk)
            else:
                claimed.append(row)
        SurveyInvitation.objects.filter(pk__in=skipped).update(**{status_field: DeliveryStatus.SKIPPED})
        SurveyInvitation.objects.filter(pk__in=failed).update(
            **{status_field: DeliveryStatus.FAILED}, last_error="temporary failures: gave up after retries"
        )
        SurveyInvitation.objects.filter(pk__in=[row.pk for row in claimed]).update(
            **{status_field: DeliveryStatus.SENDING, attempts_field: F(attempts_field) + 1},
            claimed_at=now,
            handed_over_at=None,
        )
        tokens = [new_token() for _ in claimed]
        links = SurveyLink.objects.bulk_create(
            SurveyLink(invitation=row, token_hash=hashed, expires_at=now + timedelta(days=LINK_DAYS))
            for row, (_, hashed) in zip(claimed, tokens, strict=True)
        )
    for row in claimed:
        setattr(row, status_field, DeliveryStatus.SENDING)
        setattr(row, attempts_field, getattr(row, attempts_field) + 1)
        row.claimed_at, row.handed_over_at = now, None
    return [(row, token, link) for row, (token, _), link in zip(claimed, tokens, links, strict=True)]


def _finish(invitation: SurveyInvitation, kind: str, status: str, error: str = "", now=None) -> None:
    status_field, _, time_field = _fields(kind)
    values = {status_field: status, "last_error": error[:200]}
    if status == DeliveryStatus.SENT:
        values[time_field] = now
    _update_while_claimed(invitation, kind, values)


def _hand_over(invitation: SurveyInvitation, kind: str) -> bool:
    """Record that this attempt is about to talk to the mail server; False when the row is no longer this
    attempt's (the recovery gave it to another), and then this attempt must not send."""
    return _update_while_claimed(invitation, kind, {"handed_over_at": timezone.now()}, handed_over=False)


def _update_while_claimed(invitation: SurveyInvitation, kind: str, values: dict, handed_over=None) -> bool:
    """Update the row only while it is still SENDING under this attempt's claim; whether it was. One UPDATE whose
    WHERE clause is the claim, so a recovery that took the row over in between makes it match nothing."""
    status_field, _, _ = _fields(kind)
    claim = {"pk": invitation.pk, "claimed_at": invitation.claimed_at, status_field: DeliveryStatus.SENDING}
    if handed_over is False:
        claim["handed_over_at__isnull"] = True
    return SurveyInvitation.objects.filter(**claim).update(**values) == 1


def _smtp_code(error: Exception) -> int | None:
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return next(iter(error.recipients.values()))[0]
    return None


def invitations_deliver(*, invitation_pks: list[int], kind: str = INVITATION, now=None) -> dict[str, list[int]]:
    """Send a batch of invitations or reminders over one SMTP connection, each at most once (a row is claimed
    before it is sent). Returns the keys by outcome; those under "retry" met a temporary failure and are PENDING
    again. After a failure the connection is closed, and the next message opens a fresh one."""
    now = now or timezone.now()
    claimed = _claim(invitation_pks, kind, now)
    outcomes = {"nothing to send": sorted(set(invitation_pks) - {invitation.pk for invitation, _, _ in claimed})}
    connection = get_connection()
    try:
        for invitation, token, link in claimed:
            try:
                outcome = _deliver(invitation, token, link, kind=kind, now=now, connection=connection)
            except TemporarySendFailure:
                outcome = "retry"
            outcomes.setdefault(outcome, []).append(invitation.pk)
    finally:
        _close_quietly(connection)
        aggregates_invalidate()  # an update sends no signal; the survey's tracking counts move on
    return {outcome: pks for outcome, pks in outcomes.items() if pks}


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        pass  # a connection already broken: nothing more to close


def _deliver(invitation: SurveyInvitation, token: str, link: SurveyLink, *, kind: str, now, connection) -> str:
    """Hand one claimed row to the mail server and record the outcome."""
    holder = invitation.ticket_holder
    base = settings.SITE_URL
    from django.urls import reverse

    opt_out_url = base + reverse("feedback:opt_out", kwargs={"token": opt_out_token(holder.email)})
    context = {
        "summit": invitation.survey.summit,
        "survey_url": base + reverse("feedback:survey_answer", kwargs={"token": token}),
        "opt_out_url": opt_out_url,
        "reminder": kind == REMINDER,
        "first_name": holder.name.split(" ")[0] if holder.name else "",
        # Written in the summit's survey language(s), Welsh first when bilingual (the templates switch per part).
        "languages": invitation.survey.languages,
    }
    headers = {"List-Unsubscribe": f"<{opt_out_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    if not _hand_over(invitation, kind):
        link.delete()
        return "taken over"
    try:
        if connection is not None:
            connection.open()  # held open for the next messages (send_messages closes only what it opened)
        send_templated_mail(
            to=[holder.email],
            template_prefix="feedback/email/survey_invitation",
            context=context,
            headers=headers,
            connection=connection,
        )
    except (smtplib.SMTPException, OSError) as error:
        if connection is not None:
            _close_quietly(connection)  # whatever state it is in, the next message starts on a fresh one
        link.delete()  # never delivered: the token must not stay valid
        code = _smtp_code(error)
        if code is not None and code >= 500:
            _finish(invitation, kind, DeliveryStatus.FAILED, f"{code} permanent refusal")
            logger.warning("survey %s %s refused permanently (%s)", kind, invitation.pk, code)
            return "failed"
        _finish(invitation, kind, DeliveryStatus.PENDING, f"{code or 'connection'} temporary failure")
        raise TemporarySendFailure(str(code or "connection")) from None
    _finish(invitation, kind, DeliveryStatus.SENT, now=now)
    return "sent"


def invitation_give_up(*, invitation_pk: int, kind: str = INVITATION) -> None:
    """After the last retry: record the failure so the tracking shows it."""
    status_field, _, _ = _fields(kind)
    SurveyInvitation.objects.filter(pk=invitation_pk, **{status_field: DeliveryStatus.PENDING}).update(
        **{status_field: DeliveryStatus.FAILED, "last_error": "temporary failures: gave up after retries"}
    )


@transaction.atomic
def invitations_recover(*, now=None) -> dict:
    """The beat task's repair after faults (see the module docstring): queue again what lost its task, send again
    what a dead worker claimed but never handed to the mail server, and record as failed what it may have sent."""
    now = now or timezone.now()
    outcome = {"requeued": 0, "resent": 0, "unknown": 0}
    for kind in (INVITATION, REMINDER):
        status_field, _, _ = _fields(kind)
        # A row claimed before claimed_at existed (claimed_at empty) may have been sent: its outcome is unknown.
        stale = SurveyInvitation.objects.select_for_update(skip_locked=True).filter(
            Q(claimed_at__lt=now - sending_timeout()) | Q(claimed_at__isnull=True),
            **{status_field: DeliveryStatus.SENDING},
        )
        unknown = list(
            stale.filter(Q(handed_over_at__isnull=False) | Q(claimed_at__isnull=True)).values_list("pk", flat=True)
        )
        SurveyInvitation.objects.filter(pk__in=unknown).update(
            **{status_field: DeliveryStatus.FAILED},
            last_error="outcome unknown: the worker stopped while handing it to the mail server; not sent again",
        )
        resend = list(stale.filter(handed_over_at__isnull=True, claimed_at__isnull=False).values_list("pk", flat=True))
        SurveyInvitation.objects.filter(pk__in=resend).update(**{status_field: DeliveryStatus.PENDING})
        long_ago = now - requeue_after()
        lost = list(
            SurveyInvitation.objects.select_for_update(skip_locked=True)
            .filter(**{status_field: DeliveryStatus.PENDING}, queued_at__lt=long_ago)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=long_ago))
            .exclude(pk__in=resend)
            .values_list("pk", flat=True)
        )
        _queue(resend + lost, kind)
        outcome["requeued"] += len(lost)
        outcome["resent"] += len(resend)
        outcome["unknown"] += len(unknown)
    if any(outcome.values()):
        logger.warning(
            "survey recovery: %(requeued)d queued again, %(resent)d sent again, %(unknown)d outcome unknown", outcome
        )
    return outcome
