"""The nightly purge of personal data, logged with counts only."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from btb.accounts.services import departed_volunteer_photos_delete
from btb.audit import audit_record
from events.tickets.services import ticket_holders_anonymise

from ..enums import CLOSED_INTEREST
from ..models import ExpressionOfInterest, SurveyLink

logger = logging.getLogger(__name__)


def interest_retention_days() -> int:
    return settings.INTEREST_RETENTION_DAYS


@transaction.atomic
def personal_data_purge(*, now=None) -> dict:
    """Anonymise ticket holders N days after their summit (TICKET_HOLDER_RETENTION_DAYS, default 90), and
    expressions of interest INTEREST_RETENTION_DAYS (default 365) after their pipeline closed; drop expired links;
    delete departed volunteers' photos VOLUNTEER_PHOTO_RETENTION_DAYS (default 30) after they left."""
    now = now or timezone.now()
    tickets = ticket_holders_anonymise(now=now)
    cutoff = timezone.localdate(now) - timedelta(days=interest_retention_days())
    interests = ExpressionOfInterest.objects.filter(
        anonymised_at__isnull=True, status__in=CLOSED_INTEREST, closed_on__lt=cutoff
    ).update(name="", email="", phone="", notes="", anonymised_at=now)
    links = SurveyLink.objects.filter(expires_at__lt=now).delete()[0]
    photos = departed_volunteer_photos_delete(now=now)
    counts = {"ticket_holders": tickets, "interests": interests, "expired_links": links, "departed_photos": photos}
    # Each purge leaves a trace with its counts (never whose data), so the retention page's "overdue" can be
    # checked against what was removed and when.
    audit_record(actor=None, action="retention.purged", **counts)
    logger.info(
        "personal data purge: %d ticket holders anonymised, %d interest records anonymised, %d expired links deleted, "
        "%d departed volunteers' photos deleted",
        tickets,
        interests,
        links,
        photos,
    )
    return counts
