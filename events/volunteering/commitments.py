"""One notion of a volunteer's time: every way a volunteer is committed to be somewhere, read the same way for
clashes (the opportunities board, signing up, the summit's readiness), for the fair limits on their time (hours in
any 24 hours, rest between stretches of duty) and for hours.

A volunteer is committed by a sign-up holding a place (a role or an interview slot), by a seat on a summit's panel
(for the summit's whole time) and by taking part in a media appearance. The same commitment reached two ways (a
“Panel seat” sign-up and the panel seat it led to; an interview-slot sign-up and the appearance's participant list)
has one ``key`` and is counted once.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
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


# --- Fair limits --------------------------------------------------------------------------------------------------

# Duties less than this apart are one stretch (a set-up shift and the welcome desk after it): the rest is between
# stretches.
ONE_STRETCH_GAP = timedelta(hours=1)
DAY = timedelta(hours=24)


def max_hours_in_24() -> int:
    return settings.BTB_VOLUNTEER_MAX_HOURS_IN_24


def min_rest_hours() -> int:
    return settings.BTB_VOLUNTEER_MIN_REST_HOURS


def limits_reach() -> timedelta:
    """How far either side of a window the commitments that can break a limit with it lie."""
    return DAY + timedelta(hours=min_rest_hours()) + ONE_STRETCH_GAP


@dataclass(frozen=True)
class LimitBreach:
    """A duty at a window would break a fair limit: too many hours in 24 (``near`` is None), or too little rest
    after (``after``) or before the stretch of duty ``near`` belongs to."""

    hours: int
    near: Commitment | None = None
    after: bool = False

    def describe(self, whom: str = "you") -> str:
        if self.near is None:
            return f"would take {whom} over {self.hours} hours in 24 hours"
        return f"leaves {whom} less than {self.hours} hours' rest {'after' if self.after else 'before'} {self.near}"

    def __str__(self):
        return self.describe()


def _union(intervals: list[tuple]) -> list[list]:
    merged: list[list] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _hours_breach(others: list[Commitment], starts_at, ends_at) -> LimitBreach | None:
    """The most committed 24 hours that include the window starts at a duty's start or ends at a duty's end."""
    limit = max_hours_in_24()
    busy = _union([(c.starts_at, c.ends_at) for c in others] + [(starts_at, ends_at)])
    windows = [start for start, _ in busy] + [end - DAY for _, end in busy]
    for window_start in windows:
        window_end = window_start + DAY
        if window_start >= ends_at or window_end <= starts_at:
            continue
        seconds = sum(
            max(0.0, (min(end, window_end) - max(start, window_start)).total_seconds()) for start, end in busy
        )
        if seconds > limit * 3600:
            return LimitBreach(limit)
    return None


def _rest_breach(others: list[Commitment], starts_at, ends_at) -> LimitBreach | None:
    rest = timedelta(hours=min_rest_hours())
    # Stretches of duty, each [start, end, first commitment, last-ending commitment, holds the window].
    stretches: list[list] = []
    for start, end, commitment in sorted(
        [(c.starts_at, c.ends_at, c) for c in others] + [(starts_at, ends_at, None)], key=lambda item: item[:2]
    ):
        if stretches and start - stretches[-1][1] < ONE_STRETCH_GAP:
            stretch = stretches[-1]
            if end >= stretch[1]:
                stretch[1], stretch[3] = end, commitment or stretch[3]
            stretch[4] = stretch[4] or commitment is None
        else:
            stretches.append([start, end, commitment, commitment, commitment is None])
    index = next(i for i, stretch in enumerate(stretches) if stretch[4])
    if index > 0 and stretches[index][0] - stretches[index - 1][1] < rest:
        return LimitBreach(min_rest_hours(), near=stretches[index - 1][3], after=True)
    if index + 1 < len(stretches) and stretches[index + 1][0] - stretches[index][1] < rest:
        return LimitBreach(min_rest_hours(), near=stretches[index + 1][2], after=False)
    return None


def limit_breach(others: list[Commitment], *, starts_at, ends_at) -> LimitBreach | None:
    """Whether a duty at the window, beside the volunteer's ``others`` commitments (not the duty itself), breaks a
    fair limit: more than ``BTB_VOLUNTEER_MAX_HOURS_IN_24`` hours in any 24 hours, or less than
    ``BTB_VOLUNTEER_MIN_REST_HOURS`` between its stretch of duty and the one before or after. Pure: the board asks it
    for each role of a page from one read of the volunteer's commitments."""
    return _hours_breach(others, starts_at, ends_at) or _rest_breach(others, starts_at, ends_at)


def limit_breaches_by_volunteer(*, volunteers, starts_at, ends_at, ignore: set) -> dict[int, LimitBreach]:
    """Each volunteer whose commitments (leaving out those keyed in ``ignore``: the duty itself) would break a fair
    limit with a duty at the window, in the three queries of ``commitments``."""
    reach = limits_reach()
    found = defaultdict(list)
    for commitment in commitments(volunteers=volunteers, starts_at=starts_at - reach, ends_at=ends_at + reach):
        if commitment.key not in ignore:
            found[commitment.volunteer_id].append(commitment)
    breaches = {}
    for volunteer in volunteers:
        breach = limit_breach(found.get(volunteer, []), starts_at=starts_at, ends_at=ends_at)
        if breach is not None:
            breaches[volunteer] = breach
    return breaches
