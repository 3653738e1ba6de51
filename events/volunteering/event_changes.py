"""When the event changes: roles follow a moved summit (volunteers and line managers told), sign-ups end with a
cancelled event, and the reminders before a duty are queued."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Summit
from .enums import (
    HOLDING_PLACE,
    SIGNUP_TRANSITIONS,
    NotificationKind,
    SignUpStatus,
)
from .models import SignUp, VolunteerRole
from .notifications import (
    line_manager_change_queue,
    line_manager_notice_queue,
    notification_queue,
    notifications_sent,
)
from .services import change_key, notify_volunteer, reminder_hours


def notify_changed(roles) -> int:
    signups = list(
        SignUp.objects.select_related("role__summit", "role__appearance").filter(
            role__in=roles, status__in=HOLDING_PLACE
        )
    )
    for signup in signups:
        notify_volunteer(signup, NotificationKind.CHANGED, key=change_key(signup.role))
    return len(signups)


def tell_line_managers_of_new_times(roles) -> int:
    """Line managers told of a confirmed duty hear of its new date and times (only those: the abstraction's
    planning needs nothing else)."""
    signups = SignUp.objects.select_related("role__summit", "role__appearance").filter(
        role__in=roles, status=SignUpStatus.CONFIRMED
    )
    return sum(line_manager_change_queue(signup=signup) for signup in signups)


@transaction.atomic
def roles_follow_summit(*, summit: Summit, previous_start, venue_changed: bool) -> int:
    """The summit moved or changed venue: its roles move by the same amount and everyone holding a place is
    told. Returns how many volunteers are told."""
    roles = VolunteerRole.objects.select_for_update().filter(summit=summit)
    if previous_start and summit.starts_at and summit.starts_at != previous_start:
        shift = summit.starts_at - previous_start
        moved, now = list(roles), timezone.now()
        for role in moved:
            role.starts_at += shift
            role.ends_at += shift
            role.updated_at = now  # bulk_update skips auto_now; calendar feeds read the change from it
        VolunteerRole.objects.bulk_update(moved, ["starts_at", "ends_at", "updated_at"])
        tell_line_managers_of_new_times(VolunteerRole.objects.filter(summit=summit))
    elif not venue_changed:
        return 0
    return notify_changed(VolunteerRole.objects.filter(summit=summit))


@transaction.atomic
def signups_cancel_for_summit(*, summit: Summit) -> int:
    """The summit is cancelled: every live sign-up ends and its volunteer is told."""
    return _cancel_signups(SignUp.objects.filter(role__summit=summit))


@transaction.atomic
def signups_cancel_for_appearance(*, appearance) -> int:
    """The media appearance is cancelled: every live interview sign-up ends and its volunteer is told."""
    return _cancel_signups(SignUp.objects.filter(role__appearance=appearance))


def _cancel_signups(signups) -> int:
    cancellable = SIGNUP_TRANSITIONS.sources(SignUpStatus.CANCELLED)
    signups = list(
        signups.select_for_update(of=("self",))
        .select_related("volunteer__user", "role")
        .filter(status__in=cancellable)
        .order_by("pk")
    )
    now = timezone.now()
    confirmed = [signup for signup in signups if signup.is_confirmed]
    for signup in signups:
        signup.status = SignUpStatus.CANCELLED
        signup.offer_expires_at = None
        signup.updated_at = now  # bulk_update skips auto_now; the calendar's SEQUENCE and DTSTAMP read it
    SignUp.objects.bulk_update(signups, ["status", "offer_expires_at", "updated_at"])
    for signup in signups:
        notify_volunteer(signup, NotificationKind.CANCELLED)
    for signup in confirmed:
        line_manager_notice_queue(signup=signup, confirmed=False, moment=now)
    return len(signups)


def reminder_windows() -> list[tuple[int, str]]:
    """(hours before the start, the reminder's key), furthest first: 48 hours and 2 hours by default. The first
    reminder keeps the empty key it always had, so one sent before the second was added is not sent again."""
    windows = [(reminder_hours(), ""), (settings.VOLUNTEER_LAST_REMINDER_HOURS, "last")]
    return sorted({hours: key for hours, key in windows if hours > 0}.items(), reverse=True)


def reminders_queue(*, now=None) -> int:
    """Queue the reminders for confirmed sign-ups: one when the start comes within each window (48 hours, then 2
    hours), each once; a sign-up already inside a nearer window gets only that one. Run by beat; the outbox makes
    sure each reminder goes once."""
    now = now or timezone.now()
    windows = reminder_windows()
    queued = 0
    for index, (hours, key) in enumerate(windows):
        nearer = windows[index + 1][0] if index + 1 < len(windows) else 0
        signups = (
            SignUp.objects.filter(
                status=SignUpStatus.CONFIRMED,
                role__starts_at__gt=now + timedelta(hours=nearer),
                role__starts_at__lte=now + timedelta(hours=hours),
            )
            # Any reminder row with this key, of any other status than skipped, is the reminder owed or sent.
            .exclude(pk__in=notifications_sent(kind=NotificationKind.REMINDER, key=key))
            .select_related("volunteer__user", "role")
        )
        for signup in signups:
            notification_queue(signup=signup, kind=NotificationKind.REMINDER, key=key)
            queued += 1
    return queued
