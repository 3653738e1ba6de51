"""One notion of a volunteer's time: every way a volunteer is committed to be somewhere, read the same way for
clashes (the opportunities board, signing up, the summit's readiness) and for hours.

A volunteer is committed by a sign-up holding a place (a role or an interview slot), by a seat on a summit's panel
(for the summit's whole time) and by taking part in a media appearance. The same commitment reached two ways (a
“Panel seat” sign-up and the panel seat it led to; an interview-slot sign-up and the appearance's participant list)
has one ``key`` and is counted once.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from media_appearances.enums import UPCOMING_STATUSES, AppearanceStatus
from media_appearances.models import AppearanceParticipant

from ..enums import ACTIVE_STATUSES, RECORDING_STATUSES
from ..models import PanelSeat
from .enums import HOLDING_PLACE, Attendance, RoleKind
from .models import SignUp

# The longest appearance looked for when finding those that overlap a window (their end is worked out in Python).
LONGEST_APPEARANCE = timedelta(hours=12)
DONE_APPEARANCE_STATUSES = (AppearanceStatus.RECORDED, AppearanceStatus.PUBLISHED)


@dataclass(frozen=True)
class Commitment:
    volunteer_id: int
    what: str
    event: str
    starts_at: datetime
    ends_at: datetime
    key: tuple
    kind: str = ""

    @property
    def hours(self) -> Decimal:
        return (Decimal((self.ends_at - self.starts_at).total_seconds()) / Decimal(3600)).quantize(Decimal("0.1"))

    def overlaps(self, starts_at, ends_at) -> bool:
        return self.starts_at < ends_at and self.ends_at > starts_at

    def __str__(self):
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return f"“{self.what}” at {self.event} ({start:%a %-d %b, %H:%M}–{end:%H:%M})"


def _signup_key(signup: SignUp) -> tuple:
    role = signup.role
    if role.kind == RoleKind.PANEL:
        return ("panel", role.summit_id)
    if role.appearance_id:
        return ("appearance", role.appearance_id)
    return ("signup", signup.pk)


def _deduplicated(found: list[Commitment]) -> list[Commitment]:
    seen, kept = set(), []
    for commitment in found:
        if (commitment.volunteer_id, commitment.key) not in seen:
            seen.add((commitment.volunteer_id, commitment.key))
            kept.append(commitment)
    return kept


def commitments(*, volunteers=None, starts_at=None, ends_at=None) -> list[Commitment]:
    """Live commitments (places held, seats on panels still going ahead, appearances still to come) of ``volunteers``
    (profile pks; None for everyone) overlapping the window, in three queries, soonest first."""
    signups = SignUp.objects.select_related("role__summit", "role__appearance").filter(status__in=HOLDING_PLACE)
    seats = PanelSeat.objects.select_related("summit").filter(
        summit__status__in=ACTIVE_STATUSES, summit__starts_at__isnull=False
    )
    taking_part = AppearanceParticipant.objects.select_related("appearance").filter(
        appearance__status__in=UPCOMING_STATUSES
    )
    if volunteers is not None:
        volunteers = list(volunteers)
        signups = signups.filter(volunteer__in=volunteers)
        seats = seats.filter(volunteer__in=volunteers)
        taking_part = taking_part.filter(volunteer__in=volunteers)
    if starts_at is not None and ends_at is not None:
        signups = signups.filter(role__starts_at__lt=ends_at, role__ends_at__gt=starts_at)
        seats = seats.filter(summit__starts_at__lt=ends_at, summit__ends_at__gt=starts_at)
        taking_part = taking_part.filter(
            appearance__starts_at__lt=ends_at, appearance__starts_at__gt=starts_at - LONGEST_APPEARANCE
        )
    found = _from_seats(seats) + _from_signups(signups) + _from_appearances(taking_part)
    if starts_at is not None and ends_at is not None:
        found = [c for c in found if c.overlaps(starts_at, ends_at)]
    return sorted(_deduplicated(found), key=lambda c: (c.starts_at, c.what))


def _from_seats(seats) -> list[Commitment]:
    return [
        Commitment(
            seat.volunteer_id,
            _("Moderator of the panel") if seat.is_moderator else _("Panel"),
            str(seat.summit),
            seat.summit.starts_at,
            seat.summit.ends_at,
            ("panel", seat.summit_id),
            RoleKind.PANEL,
        )
        for seat in seats
    ]


def _from_signups(signups) -> list[Commitment]:
    return [
        Commitment(
            signup.volunteer_id,
            signup.role.title,
            str(signup.role.event),
            signup.role.starts_at,
            signup.role.ends_at,
            _signup_key(signup),
            signup.role.kind,
        )
        for signup in signups
    ]


def _from_appearances(taking_part) -> list[Commitment]:
    return [
        Commitment(
            p.volunteer_id,
            p.get_role_display(),
            str(p.appearance),
            p.appearance.starts_at,
            p.appearance.ends_at,
            ("appearance", p.appearance_id),
            RoleKind.INTERVIEW,
        )
        for p in taking_part
    ]


def clashes_by_volunteer(*, volunteers, starts_at, ends_at, ignore: tuple | None = None) -> dict[int, list]:
    """Each volunteer's commitments overlapping the window, leaving out the one the window is for (``ignore``, a
    commitment key such as ("panel", summit pk))."""
    found = defaultdict(list)
    for commitment in commitments(volunteers=volunteers, starts_at=starts_at, ends_at=ends_at):
        if commitment.key != ignore:
            found[commitment.volunteer_id].append(commitment)
    return dict(found)


def hours_given(*, start=None, end=None, summits=None, appearances=None) -> list[Commitment]:
    """What volunteers gave, for hours: sign-ups marked attended, seats on the confirmed panels of held summits, and
    taking part in appearances that were recorded or published; each commitment once. ``start``/``end`` limit by
    when it started; ``summits``/``appearances`` (pks or a values queryset) to those events."""
    signups = SignUp.objects.select_related("role__summit", "role__appearance").filter(attendance=Attendance.ATTENDED)
    seats = PanelSeat.objects.select_related("summit").filter(
        confirmed=True, summit__status__in=RECORDING_STATUSES, summit__starts_at__isnull=False
    )
    taking_part = AppearanceParticipant.objects.select_related("appearance").filter(
        appearance__status__in=DONE_APPEARANCE_STATUSES
    )
    if start:
        signups, seats = signups.filter(role__starts_at__gte=start), seats.filter(summit__starts_at__gte=start)
        taking_part = taking_part.filter(appearance__starts_at__gte=start)
    if end:
        signups, seats = signups.filter(role__starts_at__lt=end), seats.filter(summit__starts_at__lt=end)
        taking_part = taking_part.filter(appearance__starts_at__lt=end)
    if summits is not None or appearances is not None:
        summits = summits if summits is not None else []
        appearances = appearances if appearances is not None else []
        signups = signups.filter(Q(role__summit__in=summits) | Q(role__appearance__in=appearances))
        seats = seats.filter(summit__in=summits)
        taking_part = taking_part.filter(appearance__in=appearances)
    # Seats first: an attended “Panel seat” sign-up is the same afternoon as the seat it led to.
    return _deduplicated(_from_seats(seats) + _from_signups(signups) + _from_appearances(taking_part))


def total_hours(given: list[Commitment]) -> Decimal:
    return sum((commitment.hours for commitment in given), Decimal("0.0"))
