"""Cover for roles still short close to their day: eligible volunteers are asked by e-mail, a few at a time, and the
first to accept gets the place.

Beat runs ``cover_invitations_send`` every quarter of an hour. A role starting within BTB_COVER_WINDOW_HOURS with
fewer places held than it has asks the BTB_COVER_BATCH_SIZE eligible volunteers who have done fewest confirmed
duties in the last 90 days; if no one has taken it BTB_COVER_BATCH_HOURS after the last batch, the next few. A
``CoverInvitation`` per volunteer and role records who was asked, so running it twice asks no one twice (the role's
row is locked while a batch is chosen, so two runs at once are served one after the other). Inviting stops once
the role is full or has started.

Eligible: an active profile, willing for that kind of role, meeting what the role needs on its day, free at its
time and within the fair limits on their time beside it (``commitments``: one notion of a volunteer's time), never
declined, withdrawn or lapsed on it (nor signed up to it at all), and not asked before.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from btb.accounts.models import VolunteerProfile
from btb.audit import audit_record
from btb.errors import ApplicationError

from ..enums import ACTIVE_STATUSES
from .commitments import commitments, limit_breach, limits_reach
from .enums import ACTIVE, HOLDING_PLACE, CoverOutcome, NotificationKind, RoleKind, SignUpStatus
from .models import CoverInvitation, SignUp, VolunteerCredential, VolunteerRole
from .notifications import cover_filled_queue, cover_invitation_queue, notification_queue
from .requirements import requirements_refusal, unmet_requirements
from .services import LIMITS_NOTE, own_commitment_key, role_clash, role_limit_breach

RECENT_DUTIES_DAYS = 90

# Which of the profile's “willing to” answers a kind of role asks for.
WILLING_FOR = {
    RoleKind.STALL: "willing_stalls",
    RoleKind.WELCOME: "willing_other",
    RoleKind.SETUP: "willing_other",
    RoleKind.OTHER: "willing_other",
}


def window_hours() -> int:
    return settings.BTB_COVER_WINDOW_HOURS


def batch_size() -> int:
    return settings.BTB_COVER_BATCH_SIZE


def batch_hours() -> int:
    return settings.BTB_COVER_BATCH_HOURS


def _taken(role_ref):
    held = (
        SignUp.objects.filter(role=role_ref, status__in=HOLDING_PLACE)
        .order_by()
        .values("role")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), 0)


def short_roles(*, now=None):
    """Summit roles starting within the window, on a summit still going ahead, with fewer places held than they
    have. The panel is staffed through its seats, so a “Panel seat” role asks no one."""
    now = now or timezone.now()
    return (
        VolunteerRole.objects.filter(
            summit__status__in=ACTIVE_STATUSES,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(hours=window_hours()),
        )
        .exclude(kind__in=[RoleKind.PANEL, RoleKind.INTERVIEW])
        .annotate(taken_places=_taken(OuterRef("pk")))
        .filter(taken_places__lt=F("places"))
        .order_by("starts_at", "pk")
    )


def cover_candidates(*, role: VolunteerRole, now=None, limit: int | None = None) -> list[VolunteerProfile]:
    """Eligible volunteers for the role, fewest confirmed duties in the last 90 days first (then the longest
    registered). A fixed number of queries, whatever the number of volunteers."""
    now = now or timezone.now()
    profiles = VolunteerProfile.objects.filter(user__is_active=True, left_on__isnull=True).exclude(user__email="")
    willing = WILLING_FOR.get(role.kind)
    if willing:
        profiles = profiles.filter(**{willing: True})
    # Anyone signed up to the role at all is out: on it already, or declined, withdrawn or lapsed on it.
    profiles = profiles.exclude(Exists(SignUp.objects.filter(role=role, volunteer=OuterRef("pk"))))
    profiles = profiles.exclude(Exists(CoverInvitation.objects.filter(role=role, volunteer=OuterRef("pk"))))
    day = role.day
    for requirement in role.requirements.all():
        valid = VolunteerCredential.objects.filter(volunteer=OuterRef("pk"), requirement=requirement).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=day)
        )
        profiles = profiles.filter(Exists(valid))
    duties = (
        SignUp.objects.filter(
            volunteer=OuterRef("pk"),
            status=SignUpStatus.CONFIRMED,
            role__starts_at__gte=now - timedelta(days=RECENT_DUTIES_DAYS),
            role__starts_at__lt=now,
        )
        .order_by()
        .values("volunteer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    profiles = profiles.annotate(recent_duties=Coalesce(Subquery(duties, output_field=IntegerField()), 0))
    profiles = profiles.select_related("user").order_by("recent_duties", "pk")
    # Everyone's commitments near the role's time, in one read (three queries): a clash, or a fair limit on their
    # time (hours in 24, rest between stretches) that the role would break, rules a volunteer out.
    own, reach = own_commitment_key(role), limits_reach()
    around = defaultdict(list)
    for commitment in commitments(starts_at=role.starts_at - reach, ends_at=role.ends_at + reach):
        if commitment.key != own:
            around[commitment.volunteer_id].append(commitment)

    def free(pk: int) -> bool:
        theirs = around.get(pk, [])
        if any(commitment.overlaps(role.starts_at, role.ends_at) for commitment in theirs):
            return False
        return limit_breach(theirs, starts_at=role.starts_at, ends_at=role.ends_at) is None

    chosen = []
    # Read in slices so that a large pool with many busy people is not loaded at once.
    offset, step = 0, max((limit or 50) * 4, 50)
    while limit is None or len(chosen) < limit:
        page = list(profiles[offset : offset + step])
        for profile in page:
            if free(profile.pk):
                chosen.append(profile)
                if limit is not None and len(chosen) >= limit:
                    break
        if len(page) < step:
            break
        offset += step
    return chosen


def cover_invitations_send(*, now=None) -> int:
    """Ask the next batch of eligible volunteers to cover each short role whose last batch found no taker in time.
    Run by beat; safe to run again at once (it asks no one twice). Returns how many were asked."""
    now = now or timezone.now()
    asked = 0
    for pk in list(short_roles(now=now).values_list("pk", flat=True)):
        asked += _invite_batch(pk=pk, now=now)
    return asked


@transaction.atomic
def _invite_batch(*, pk: int, now) -> int:
    role = (
        VolunteerRole.objects.select_for_update(of=("self",))
        .select_related("summit")
        .filter(pk=pk, summit__status__in=ACTIVE_STATUSES)
        .first()
    )
    if role is None or role.starts_at <= now:
        return 0
    free = role.places - role.signups.filter(status__in=HOLDING_PLACE).count()
    if free <= 0:
        return 0
    last = role.cover_invitations.aggregate(last=Max("sent_at"))["last"]
    if last is not None and last > now - timedelta(hours=batch_hours()):
        return 0  # the last batch still has time to answer
    chosen = cover_candidates(role=role, now=now, limit=batch_size())
    for volunteer in chosen:
        try:
            with transaction.atomic():
                invitation = CoverInvitation.objects.create(role=role, volunteer=volunteer, sent_at=now)
        except IntegrityError:
            continue
        cover_invitation_queue(invitation=invitation)
    if chosen:
        audit_record(actor=None, action="cover.invite", obj=role, volunteers=[v.pk for v in chosen], free=free)
    return len(chosen)


def open_requests(*, volunteer: VolunteerProfile, now=None) -> list[CoverInvitation]:
    """The volunteer's unanswered requests for cover on roles still short and ahead, soonest first (one query)."""
    now = now or timezone.now()
    return list(
        volunteer.cover_invitations.filter(
            outcome="", role__starts_at__gt=now, role__summit__status__in=ACTIVE_STATUSES
        )
        .annotate(taken_places=_taken(OuterRef("role")))
        .filter(taken_places__lt=F("role__places"))
        # Signed up to it meanwhile from the board: nothing left to answer.
        .exclude(Exists(SignUp.objects.filter(role=OuterRef("role"), volunteer=volunteer, status__in=ACTIVE)))
        .select_related("role__summit")
        .order_by("role__starts_at", "pk")
    )


def invitation_state(invitation: CoverInvitation, *, now=None) -> str:
    """What the invitation's page says: "accepted" (the place is theirs), "filled" (someone else took it),
    "signed_up" (they signed up from the board meanwhile), "closed" (started or no longer going ahead) or "open"."""
    now = now or timezone.now()
    role = invitation.role
    if invitation.outcome == CoverOutcome.ACCEPTED:
        return "accepted"
    if invitation.outcome == CoverOutcome.FILLED:
        return "filled"
    if role.signups.filter(volunteer=invitation.volunteer_id, status__in=ACTIVE).exists():
        return "signed_up"
    if not role.event_is_open or role.starts_at <= now:
        return "closed"
    if role.signups.filter(status__in=HOLDING_PLACE).count() >= role.places:
        return "filled"
    return "open"


@transaction.atomic
def cover_invitation_accept(*, invitation: CoverInvitation, by, now=None) -> CoverInvitation:
    """The invitee takes the place: the first to accept gets it, confirmed at once (the coordinator asked for
    cover). Places and clashes are checked again under the role's lock; one who comes after the role is full is
    recorded as "filled" and thanked. The coordinator is told when the role is covered."""
    now = now or timezone.now()
    # The services' lock order: role, then volunteer, then the rest.
    role = (
        VolunteerRole.objects.select_for_update(of=("self",))
        .select_related("summit__venue", "summit__lead_coordinator")
        .get(pk=invitation.role_id)
    )
    volunteer = VolunteerProfile.objects.select_for_update().select_related("user").get(pk=invitation.volunteer_id)
    invitation = CoverInvitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.role, invitation.volunteer = role, volunteer
    if invitation.outcome:
        return invitation  # answered already (a second tap): nothing changes
    if not role.event_is_open or role.starts_at <= now:
        raise ApplicationError(_("“%(role)s” has started or is no longer going ahead.") % {"role": role.title})
    taken = role.signups.filter(status__in=HOLDING_PLACE).count()
    if taken >= role.places:
        invitation.outcome, invitation.answered_at = CoverOutcome.FILLED, now
        invitation.save(update_fields=["outcome", "answered_at"])
        return invitation
    if role.signups.filter(volunteer=volunteer, status__in=ACTIVE).exists():
        raise ApplicationError(_("You are already signed up for “%(role)s”.") % {"role": role.title})
    clash = role_clash(volunteer, role)
    if clash is not None:
        raise ApplicationError(
            _("This overlaps with %(clash)s, which you are already down for. Withdraw from that first.")
            % {"clash": clash}
        )
    breach = role_limit_breach(volunteer, role)
    if breach is not None:
        raise ApplicationError(
            _("Taking this place %(breach)s, beyond %(limits)s. Withdraw from another duty first.")
            % {"breach": breach.describe("you"), "limits": LIMITS_NOTE}
        )
    unmet = unmet_requirements(volunteer=volunteer, role=role)
    if unmet:
        raise ApplicationError(requirements_refusal(unmet, volunteer=volunteer, own=True))
    signup = SignUp(
        role=role,
        volunteer=volunteer,
        status=SignUpStatus.CONFIRMED,
        decided_at=now,
        note=_("Took the place when asked to cover it."),
    )
    try:
        with transaction.atomic():
            signup.save()
    except IntegrityError:
        raise ApplicationError(_("You are already signed up for “%(role)s”.") % {"role": role.title}) from None
    invitation.outcome, invitation.answered_at, invitation.signup = CoverOutcome.ACCEPTED, now, signup
    invitation.save(update_fields=["outcome", "answered_at", "signup"])
    audit_record(actor=by, action="cover.accept", obj=signup, role=role.pk, invitation=invitation.pk)
    notification_queue(signup=signup, kind=NotificationKind.CONFIRMED, key=f"{now:%Y%m%d%H%M%S%f}")
    if taken + 1 >= role.places:
        cover_filled_queue(invitation=invitation)
    return invitation
