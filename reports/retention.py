"""The retention page: for each summit and each kind of personal data, how many records, when they go, and how
many are overdue (the nightly purge should keep that at 0). A fixed number of queries, however many summits."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Min, Q
from django.utils import timezone

from btb.accounts.models import VolunteerProfile
from events.models import Summit, TicketHolder
from feedback.enums import CLOSED_INTEREST
from feedback.models import ExpressionOfInterest
from media_appearances.models import LivestreamComment


@dataclass(frozen=True)
class RetentionRow:
    kind: str
    records: int
    goes: str  # when they go, in words or as a date
    next_date: date | None
    overdue: int


def _summit_rows(today: date) -> list[dict]:
    holder_days = settings.TICKET_HOLDER_RETENTION_DAYS
    interest_days = settings.INTEREST_RETENTION_DAYS
    holders = {
        row["summit"]: row
        for row in TicketHolder.objects.filter(anonymised_at__isnull=True)
        .values("summit")
        .annotate(records=Count("pk"))
    }
    interest_cutoff = today - timedelta(days=interest_days)
    interests = {
        row["summit"]: row
        for row in ExpressionOfInterest.objects.filter(anonymised_at__isnull=True)
        .values("summit")
        .annotate(
            records=Count("pk"),
            open=Count("pk", filter=~Q(status__in=CLOSED_INTEREST)),
            first_closed=Min("closed_on", filter=Q(status__in=CLOSED_INTEREST)),
            overdue=Count("pk", filter=Q(status__in=CLOSED_INTEREST, closed_on__lt=interest_cutoff)),
        )
    }
    summits = {s.pk: s for s in Summit.objects.filter(pk__in=set(holders) | set(interests)).order_by("starts_at")}
    rows = []
    for summit in summits.values():
        kinds = []
        if summit.pk in holders:
            goes_on = timezone.localdate(summit.ends_at) + timedelta(days=holder_days)
            count = holders[summit.pk]["records"]
            kinds.append(
                RetentionRow(
                    "Ticket holders",
                    count,
                    f"{holder_days} days after the summit",
                    goes_on,
                    count if goes_on < today else 0,
                )
            )
        if summit.pk in interests:
            row = interests[summit.pk]
            first = row["first_closed"] + timedelta(days=interest_days) if row["first_closed"] else None
            kinds.append(
                RetentionRow(
                    "Interest records",
                    row["records"],
                    f"{interest_days} days after the person's application closes"
                    + (f" ({row['open']} still open)" if row["open"] else ""),
                    first,
                    row["overdue"],
                )
            )
        rows.append({"summit": summit, "kinds": kinds})
    # Interest raised away from any summit (an appearance, the website) is listed on its own.
    if None in interests:
        row = interests[None]
        first = row["first_closed"] + timedelta(days=interest_days) if row["first_closed"] else None
        rows.append(
            {
                "summit": None,
                "kinds": [
                    RetentionRow(
                        "Interest records",
                        row["records"],
                        f"{interest_days} days after the application closes",
                        first,
                        row["overdue"],
                    )
                ],
            }
        )
    return rows


def _other_rows(now) -> list[RetentionRow]:
    comment_days = settings.LIVESTREAM_COMMENT_RETENTION_DAYS
    comments = LivestreamComment.objects.aggregate(
        records=Count("pk"),
        oldest=Min("created_at"),
        overdue=Count("pk", filter=Q(created_at__lt=now - timedelta(days=comment_days))),
    )
    unverified_days = settings.UNVERIFIED_REGISTRATION_DAYS
    unverified = (
        get_user_model()
        .objects.filter(
            is_active=False, email_verified_at__isnull=True, last_login__isnull=True, is_staff=False, is_superuser=False
        )
        .aggregate(
            records=Count("pk"),
            oldest=Min("date_joined"),
            overdue=Count("pk", filter=Q(date_joined__lt=now - timedelta(days=unverified_days))),
        )
    )

    def first(oldest, days):
        return timezone.localdate(oldest + timedelta(days=days)) if oldest else None

    photo_days = settings.VOLUNTEER_PHOTO_RETENTION_DAYS
    photo_cutoff = timezone.localdate(now) - timedelta(days=photo_days)
    photos = (
        VolunteerProfile.objects.filter(left_on__isnull=False)
        .exclude(photo="", photo_thumbnail="")
        .aggregate(
            records=Count("pk"),
            first_left=Min("left_on"),
            overdue=Count("pk", filter=Q(left_on__lt=photo_cutoff)),
        )
    )

    return [
        RetentionRow(
            "Livestream comments",
            comments["records"],
            f"{comment_days} days after they were gathered",
            first(comments["oldest"], comment_days),
            comments["overdue"],
        ),
        RetentionRow(
            "Unverified registrations",
            unverified["records"],
            f"{unverified_days} days after registering",
            first(unverified["oldest"], unverified_days),
            unverified["overdue"],
        ),
        RetentionRow(
            "Photos of departed volunteers",
            photos["records"],
            f"{photo_days} days after the volunteer left",
            photos["first_left"] + timedelta(days=photo_days) if photos["first_left"] else None,
            photos["overdue"],
        ),
    ]


def retention_overview(*, now=None) -> dict:
    now = now or timezone.now()
    summits = _summit_rows(timezone.localdate(now))
    other = _other_rows(now)
    overdue = sum(kind.overdue for row in summits for kind in row["kinds"]) + sum(row.overdue for row in other)
    return {"summits": summits, "other": other, "overdue": overdue, "today": timezone.localdate(now)}
