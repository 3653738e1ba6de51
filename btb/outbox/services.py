"""Every message the programme sends: queued by a service inside its own transaction, delivered once by one task,
rendered by the renderer its app registered for its kind, at the moment it is sent.

A service calls ``outbox_enqueue`` (or ``outbox_enqueue_many``) inside its transaction: the row is written with the
service's own writes and the delivery task is queued only when they commit, so a message is never sent about
something that was rolled back, nor lost because the broker was down (the row is the record of what is owed).

Delivery claims the rows first (``select_for_update(skip_locked=True)``, QUEUED → CLAIMED, committed), renders each
through its kind's renderer (which may answer ``Skip``: no longer relevant), records the hand-over (CLAIMED →
HANDED_OVER, an UPDATE that only succeeds while the row is still this attempt's claim) just before talking to the
mail server, then records the outcome. A task retried or redelivered while another is sending, or after it has
sent, finds the row no longer QUEUED and does nothing: a person is never sent the same e-mail twice. A temporary
refusal (4xx, or no connection) queues the row again with a backoff, up to OUTBOX_MAX_ATTEMPTS; a permanent one
(5xx) records it as failed. Rows go out in batches of OUTBOX_SEND_BATCH over one SMTP connection.

Faults: a worker can be killed at any point and the broker can lose every queued task. The beat task
(``outbox_recover``) repairs what they leave:

- a row QUEUED whose task has not run OUTBOX_REQUEUE_AFTER_SECONDS after it was queued (longer than any retry
  countdown) lost its task: it is queued again (a duplicate task is harmless: the claim lets one through);
- a row still CLAIMED OUTBOX_SENDING_TIMEOUT_SECONDS after it was claimed (longer than any send) was left by a
  worker that died before it talked to the mail server: it is queued again and sent;
- a row still HANDED_OVER after that time may have been accepted by the mail server before the worker died: it is
  recorded as FAILED ("outcome unknown") and never sent again, because a person must not get the same e-mail
  twice; coordinators see it on the sent-mail page.

The remaining duplicate window is SMTP's own (RFC 1047): the server accepted the message but the connection
dropped before we read its reply. We see a lost connection, treat it as temporary and send again. It needs a
connection failure at exactly that moment and costs one repeated e-mail, so it is accepted.
"""

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from btb.aggregates import aggregates_invalidate
from btb.background import background_after_commit
from btb.mail import templated_mail

from .enums import OPEN_STATUSES, MailStatus
from .models import OutgoingMail

logger = logging.getLogger(__name__)

GAVE_UP = "temporary failures: gave up after {attempts} attempts"
FORGOTTEN = "removed@retention.invalid"  # not an address anyone can be sent to
OUTCOME_UNKNOWN = "outcome unknown: the worker stopped while handing it to the mail server; not sent again"


@dataclass(frozen=True)
class Skip:
    """A renderer's answer when the message is no longer wanted (the sign-up was withdrawn, the survey answered)."""

    reason: str


@dataclass
class Rendered:
    """A renderer's answer: what to send. ``discard`` undoes what rendering wrote (a single-use link it minted) when
    the message is not sent after all."""

    template_prefix: str
    context: dict
    headers: dict = field(default_factory=dict)
    attachments: tuple = ()
    discard: Callable[[], None] | None = None


Renderer = Callable[[OutgoingMail], "Rendered | Skip"]
BatchRenderer = Callable[[list[OutgoingMail]], "dict[int, Rendered | Skip]"]
_renderers: dict[str, BatchRenderer] = {}
_registered: dict[str, Callable] = {}
_labels: dict[str, str] = {}
_recipient_labels: dict[str, str] = {}
_scope_labellers: dict[str, Callable[[list[int]], dict[int, str]]] = {}


def _one_by_one(renderer: Renderer) -> BatchRenderer:
    def render(mails):
        rendered = {}
        for mail in mails:
            try:
                rendered[mail.pk] = renderer(mail)
            except Exception as error:  # a bug in one message must not hold up the rest of the batch
                rendered[mail.pk] = error
        return rendered

    return render


def register_renderer(
    kind: str, renderer: Callable, *, label: str = "", batch: bool = False, recipient_label: str = ""
) -> None:
    """Called by each app when it loads (its AppConfig.ready): how messages of ``kind`` are written, and what the
    sent-mail page calls them.

    ``renderer`` takes one message and answers ``Rendered`` or ``Skip``; with ``batch=True`` it takes the claimed
    messages of its kind in a batch and answers {pk: Rendered or Skip} for each, so it can read what they need in a
    few queries. ``recipient_label`` is shown on the sent-mail page instead of the address, for messages whose
    list by person would say more than the coordinator may know (who was reminded to answer a survey)."""
    if _registered.get(kind, renderer) is not renderer:
        raise ImproperlyConfigured(f"Two renderers for the outgoing mail kind {kind!r}.")
    _registered[kind] = renderer
    _renderers[kind] = renderer if batch else _one_by_one(renderer)
    _labels[kind] = label or kind
    if recipient_label:
        _recipient_labels[kind] = recipient_label


def registered_kinds() -> list[tuple[str, str]]:
    """(kind, label) pairs, by label."""
    return sorted(_labels.items(), key=lambda item: item[1])


def kind_label(kind: str) -> str:
    return _labels.get(kind, kind)


def shown_recipient(mail: OutgoingMail) -> str:
    """The address, or what the sent-mail page says instead for a kind that keeps its recipients out of sight."""
    return _recipient_labels.get(mail.kind, mail.recipient)


def register_scope(prefix: str, labeller: Callable[[list[int]], dict[int, str]]) -> None:
    """What "summit:12" is called on the sent-mail page: ``labeller`` names many ids in one query."""
    _scope_labellers[prefix] = labeller


def scope_labels(scopes) -> dict[str, str]:
    by_prefix: dict[str, list[int]] = {}
    for scope in scopes:
        prefix, _, ident = scope.partition(":")
        if ident.isdigit():
            by_prefix.setdefault(prefix, []).append(int(ident))
    labels = {}
    for prefix, ids in by_prefix.items():
        labeller = _scope_labellers.get(prefix)
        names = labeller(ids) if labeller else {}
        labels.update({f"{prefix}:{ident}": names.get(ident, f"{prefix} {ident}") for ident in ids})
    return labels


def _check_kind(kind: str) -> None:
    if kind not in _renderers:
        raise ImproperlyConfigured(f"No renderer is registered for the outgoing mail kind {kind!r}.")


def send_batch_size() -> int:
    return settings.OUTBOX_SEND_BATCH


def max_attempts() -> int:
    return settings.OUTBOX_MAX_ATTEMPTS


def sending_timeout() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT_SECONDS)


def requeue_after() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS)


def retry_countdown(attempts: int) -> int:
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.CELERY_MAX_COUNTDOWN)


def outbox_enqueue(
    *, kind: str, about: models.Model, recipient: str, dedupe_key: str = "", scope: str = ""
) -> OutgoingMail | None:
    """Queue one message; call it inside the transaction that makes it due. Returns the row, or None when the same
    message (kind, about, dedupe key) is already owed or was sent: it is queued once."""
    _check_kind(kind)
    if not recipient:
        raise ValueError("An outgoing mail needs a recipient.")
    with transaction.atomic():
        mail, created = OutgoingMail.objects.get_or_create(
            kind=kind,
            about_type=ContentType.objects.get_for_model(about),
            about_id=about.pk,
            dedupe_key=dedupe_key,
            defaults={"recipient": recipient, "scope": scope, "queued_at": timezone.now()},
        )
        if not created:
            # One skipped because it no longer applied, now due again (offered a place again, say), goes after all.
            revived = OutgoingMail.objects.filter(pk=mail.pk, status=MailStatus.SKIPPED).update(
                status=MailStatus.QUEUED, recipient=recipient, attempts=0, claimed_at=None, last_error=""
            )
            if not revived:
                return None
        _queue([mail.pk], stamp=not created)
    return mail


def outbox_enqueue_many(*, kind: str, messages: Iterable[tuple], dedupe_key: str = "", scope: str = "") -> int:
    """``outbox_enqueue`` for many messages of one kind, in a few statements: (about, recipient) pairs, or (about,
    recipient, dedupe key) triples. Returns how many were queued now (those already owed are not queued again)."""
    _check_kind(kind)
    rows = [(m[0], m[1], m[2] if len(m) > 2 else dedupe_key) for m in messages if m[1]]
    if not rows:
        return 0
    about_type = ContentType.objects.get_for_model(rows[0][0])
    now = timezone.now()
    with transaction.atomic():
        OutgoingMail.objects.bulk_create(
            [
                OutgoingMail(
                    kind=kind,
                    about_type=about_type,
                    about_id=about.pk,
                    dedupe_key=key,
                    recipient=recipient,
                    scope=scope,
                    queued_at=now,
                )
                for about, recipient, key in rows
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        wanted = {(about.pk, key) for about, _, key in rows}
        ids = sorted({about_id for about_id, _ in wanted})
        pks = []
        for start in range(0, len(ids), 500):  # SQLite's limit on parameters
            found = OutgoingMail.objects.filter(
                kind=kind,
                about_type=about_type,
                about_id__in=ids[start : start + 500],
                status=MailStatus.QUEUED,
                queued_at=now,
                attempts=0,
            ).values_list("pk", "about_id", "dedupe_key")
            pks += [pk for pk, about_id, key in found if (about_id, key) in wanted]
        _queue(pks, stamp=False)
    return len(pks)


def _queue(pks: list[int], countdown: int | None = None, stamp: bool = True) -> None:
    """One delivery task per batch of rows, queued when the current transaction commits."""
    if not pks:
        return
    if stamp:
        OutgoingMail.objects.filter(pk__in=pks).update(queued_at=timezone.now())
    pks, size = sorted(pks), send_batch_size()
    for start in range(0, len(pks), size):
        background_after_commit("outbox.deliver", pks=pks[start : start + size], countdown=countdown)


def outbox_retry(*, mail: OutgoingMail) -> bool:
    """A coordinator asks for a failed message to be tried again (after the address was corrected, say). Whether it
    was queued: only failed ones are."""
    with transaction.atomic():
        if not OutgoingMail.objects.filter(pk=mail.pk, status=MailStatus.FAILED).update(
            status=MailStatus.QUEUED, attempts=0, claimed_at=None, handed_over_at=None, last_error=""
        ):
            return False
        _queue([mail.pk])
    return True


def _claim(pks: list[int], now) -> list[OutgoingMail]:
    """Move each row still QUEUED to CLAIMED (or to FAILED once it has used its attempts), in one transaction for
    the batch; rows another worker holds locked are left to it."""
    with transaction.atomic():
        rows = list(
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(pk__in=pks, status=MailStatus.QUEUED)
            .order_by("pk")  # rows are locked in one order, so two batches that overlap cannot deadlock
        )
        spent = [row.pk for row in rows if row.attempts >= max_attempts()]
        claimed = [row for row in rows if row.attempts < max_attempts()]
        OutgoingMail.objects.filter(pk__in=spent).update(
            status=MailStatus.FAILED, last_error=GAVE_UP.format(attempts=max_attempts())
        )
        OutgoingMail.objects.filter(pk__in=[row.pk for row in claimed]).update(
            status=MailStatus.CLAIMED, attempts=F("attempts") + 1, claimed_at=now, handed_over_at=None
        )
    for row in claimed:
        row.status, row.attempts, row.claimed_at, row.handed_over_at = MailStatus.CLAIMED, row.attempts + 1, now, None
    return claimed


def _update_while(mail: OutgoingMail, current: str, /, **values) -> bool:
    """Update the row only while it is still in the ``current`` status under this attempt's claim; whether it was.
    One UPDATE whose WHERE clause is the claim: a recovery that took the row over in between makes it match none."""
    return OutgoingMail.objects.filter(pk=mail.pk, status=current, claimed_at=mail.claimed_at).update(**values) == 1


def _smtp_code(error: Exception) -> int | None:
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return next(iter(error.recipients.values()))[0]
    return None


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        pass  # a connection already broken: nothing more to close


def outbox_deliver(*, pks: list[int], now=None) -> dict[str, list[int]]:
    """Send these rows, each once, over one SMTP connection. Returns the keys by outcome ("sent", "failed",
    "skipped", "retry" (queued again for later), "taken over", "nothing to send")."""
    now = now or timezone.now()
    claimed = _claim(pks, now)
    outcomes = {"nothing to send": sorted(set(pks) - {mail.pk for mail in claimed})}
    rendered = _render(claimed)
    connection = get_connection()
    try:
        for mail in claimed:
            outcomes.setdefault(_deliver(mail, rendered[mail.pk], connection, now), []).append(mail.pk)
    finally:
        _close_quietly(connection)
        aggregates_invalidate()  # an update sends no signal; tracking counts move on
    retry = outcomes.get("retry", [])
    if retry:
        _queue(retry, countdown=retry_countdown(min(mail.attempts for mail in claimed if mail.pk in retry)))
    return {outcome: done for outcome, done in outcomes.items() if done}


def _render(claimed: list[OutgoingMail]) -> dict:
    """Each claimed row's renderer answer, by primary key: Rendered, Skip, or the exception that stopped it."""
    by_kind: dict[str, list[OutgoingMail]] = {}
    for mail in claimed:
        by_kind.setdefault(mail.kind, []).append(mail)
    rendered = {}
    for kind, mails in by_kind.items():
        renderer = _renderers.get(kind)
        try:
            if renderer is None:
                raise ImproperlyConfigured(f"no renderer for {kind!r}")
            answers = renderer(mails)
        except Exception as error:  # a bug in one kind's renderer must not hold up the other kinds
            answers = {}
            failure = error
        else:
            failure = LookupError("the renderer gave no answer for this message")
        rendered.update({mail.pk: answers.get(mail.pk, failure) for mail in mails})
    return rendered


def _deliver(mail: OutgoingMail, rendered, connection, now) -> str:
    try:
        if isinstance(rendered, Exception):
            raise rendered
        if isinstance(rendered, Skip):
            _update_while(mail, MailStatus.CLAIMED, status=MailStatus.SKIPPED, last_error=rendered.reason[:200])
            return "skipped"
        message = templated_mail(
            to=[mail.recipient],
            template_prefix=rendered.template_prefix,
            context=rendered.context,
            headers=rendered.headers,
            attachments=rendered.attachments,
            connection=connection,
        )
    except Exception:  # a bug in one renderer must not hold up the rest of the batch
        logger.exception("outgoing mail %s (%s) could not be composed", mail.pk, mail.kind)
        _update_while(
            mail, MailStatus.CLAIMED, status=MailStatus.FAILED, last_error="could not be composed: a fault on our side"
        )
        if isinstance(rendered, Rendered) and rendered.discard:
            rendered.discard()
        return "failed"
    discard = rendered.discard or (lambda: None)
    if not _update_while(mail, MailStatus.CLAIMED, status=MailStatus.HANDED_OVER, handed_over_at=timezone.now()):
        discard()
        return "taken over"
    try:
        connection.open()  # held open for the next messages (send_messages closes only what it opened)
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        _close_quietly(connection)  # whatever state it is in, the next message starts on a fresh one
        discard()
        code = _smtp_code(error)
        if code is not None and code >= 500:
            _update_while(
                mail,
                MailStatus.HANDED_OVER,
                status=MailStatus.FAILED,
                last_error=f"{code} permanent refusal: the mail server will not accept mail for this address",
            )
            logger.warning("outgoing mail %s (%s) refused permanently (%s)", mail.pk, mail.kind, code)
            return "failed"
        if mail.attempts >= max_attempts():
            _update_while(
                mail,
                MailStatus.HANDED_OVER,
                status=MailStatus.FAILED,
                last_error=GAVE_UP.format(attempts=mail.attempts),
            )
            return "failed"
        _update_while(
            mail,
            MailStatus.HANDED_OVER,
            status=MailStatus.QUEUED,
            last_error=f"{code or 'connection'} temporary failure",
        )
        return "retry"
    _update_while(mail, MailStatus.HANDED_OVER, status=MailStatus.SENT, sent_at=now, last_error="")
    return "sent"


@transaction.atomic
def outbox_recover(*, now=None) -> dict:
    """The beat task's repair after faults (see the module docstring): queue again what lost its task, send again
    what a dead worker claimed but never handed to the mail server, and record as failed what it may have sent."""
    now = now or timezone.now()
    stale = now - sending_timeout()
    unknown = list(
        OutgoingMail.objects.select_for_update(skip_locked=True)
        .filter(status=MailStatus.HANDED_OVER, claimed_at__lt=stale)
        .values_list("pk", flat=True)
    )
    OutgoingMail.objects.filter(pk__in=unknown, status=MailStatus.HANDED_OVER).update(
        status=MailStatus.FAILED, last_error=OUTCOME_UNKNOWN
    )
    resend = list(
        OutgoingMail.objects.select_for_update(skip_locked=True)
        .filter(status=MailStatus.CLAIMED, claimed_at__lt=stale)
        .values_list("pk", flat=True)
    )
    OutgoingMail.objects.filter(pk__in=resend, status=MailStatus.CLAIMED).update(status=MailStatus.QUEUED)
    lost = list(
        OutgoingMail.objects.select_for_update(skip_locked=True)
        .filter(status=MailStatus.QUEUED, queued_at__lt=now - requeue_after())
        .exclude(pk__in=resend)
        .values_list("pk", flat=True)
    )
    _queue(resend + lost)
    outcome = {"requeued": len(lost), "resent": len(resend), "unknown": len(unknown)}
    if any(outcome.values()):
        aggregates_invalidate()
        logger.warning(
            "outbox recovery: %(requeued)d queued again, %(resent)d sent again, %(unknown)d outcome unknown", outcome
        )
    return outcome


def outbox_forget_recipients(*, now=None) -> int:
    """Addresses are kept only as long as the programme keeps the people's details (OUTBOX_RETENTION_DAYS after
    a message is finished); the row stays, so the counts on the sent-mail page do not change."""
    now = now or timezone.now()
    days = settings.OUTBOX_RETENTION_DAYS
    return (
        OutgoingMail.objects.exclude(status__in=OPEN_STATUSES)
        .filter(created_at__lt=now - timedelta(days=days))
        .exclude(recipient=FORGOTTEN)
        .update(recipient=FORGOTTEN)
    )
