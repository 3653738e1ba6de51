"""Expressions of interest and their follow-up pipeline."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from btb.audit import audit_record
from btb.errors import ApplicationError

from ..enums import CLOSED_INTEREST, INTEREST_NEXT, InterestArea, InterestSource, InterestStatus, RecruitmentMessage
from ..models import ExpressionOfInterest, MessageImpression


@transaction.atomic
def interest_submit(
    *,
    name: str,
    email: str,
    phone: str,
    interests: list[str],
    consent: bool,
    source: str,
    summit=None,
    appearance=None,
    message_variant: str = "",
) -> ExpressionOfInterest:
    if not consent:
        raise ApplicationError(gettext("Please tick the box so that we may contact you about this."), field="consent")
    if not (email or phone):
        raise ApplicationError(
            gettext("Give an e-mail address or a phone number so that we can reach you."), field="email"
        )
    interests = [value for value in interests if value in InterestArea.values]
    if not interests:
        raise ApplicationError(gettext("Choose at least one thing you are interested in."), field="interests")
    if source not in InterestSource.values:
        source = InterestSource.STALL
    return ExpressionOfInterest.objects.create(
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        interests=interests,
        source=source,
        summit=summit,
        appearance=appearance,
        consent_at=timezone.now(),
        message_variant=message_variant if message_variant in RecruitmentMessage.values else "",
    )


def message_shown(*, variant: str, place: str, today=None) -> None:
    """Count one showing of a recruitment message (a counter per variant, place and day; no visitor is recorded)."""
    today = today or timezone.localdate()
    counter = MessageImpression.objects.filter(variant=variant, place=place, shown_on=today)
    if counter.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            MessageImpression.objects.create(variant=variant, place=place, shown_on=today, count=1)
    except IntegrityError:  # created meanwhile by another request
        counter.update(count=F("count") + 1)


@transaction.atomic
def interest_move(*, interest: ExpressionOfInterest, to: str, note: str = "", actor=None, today=None):
    """Move along the pipeline: new → contacted → applied → joined, or not proceeding from any open step."""
    interest = ExpressionOfInterest.objects.select_for_update().get(pk=interest.pk)
    if interest.anonymised_at:
        raise ApplicationError(gettext("This record has been anonymised and can no longer change."))
    if to not in INTEREST_NEXT[InterestStatus(interest.status)]:
        raise ApplicationError(
            f"From “{interest.get_status_display()}” it can move to "
            + (
                " or ".join(f"“{InterestStatus(s).label}”" for s in INTEREST_NEXT[InterestStatus(interest.status)])
                or "nothing: it is closed"
            )
            + ".",
            field="status",
        )
    today = today or timezone.localdate()
    interest.status = to
    if to == InterestStatus.CONTACTED:
        interest.contacted_on = today
    elif to == InterestStatus.APPLIED:
        interest.applied_on = today
    if to in CLOSED_INTEREST:
        interest.closed_on = today
    if note.strip():
        interest.notes = (interest.notes + "\n" if interest.notes else "") + f"{today:%d %b %Y}: {note.strip()}"
        interest.notes = interest.notes[-2000:]
    interest.save()
    audit_record(actor=actor, action="interest.moved", obj=interest, to=to)
    return interest
