"""Handing a place over: to a named colleague (who takes it as it is) or back to the waiting list, atomically and
audited, with the colleague, the coordinator and any line manager told."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from btb.accounts.models import VolunteerProfile
from btb.audit import audit_record
from btb.errors import ApplicationError

from .enums import (
    ACTIVE,
    NotificationKind,
    SignUpStatus,
)
from .models import SignUp, VolunteerRole
from .notifications import (
    COORDINATOR_GIVEN_BACK,
    COORDINATOR_HANDED_OVER,
    coordinator_notice_queue,
    line_manager_notice_queue,
)
from .presentation import coordinator_contact, withdrawal_cutoff_hours
from .requirements import requirements_refusal, unmet_requirements
from .rules import HANDED_OVER_FROM, hand_over_open, withdrawal_open
from .services import (
    LIMITS_NOTE,
    locked_signup,
    notify_volunteer,
    promote_from_waiting_list,
    role_clash,
    role_limit_breach,
)


def hand_over_colleagues(*, signup: SignUp):
    """Whom a place may be handed to: active volunteers (not departed) other than its holder, by name."""
    return (
        VolunteerProfile.objects.filter(user__is_active=True, left_on__isnull=True)
        .exclude(pk=signup.volunteer_id)
        .order_by("display_name", "pk")
    )


def _assert_hand_over_open(signup: SignUp, now) -> None:
    if not hand_over_open(signup, now=now):
        if signup.status not in HANDED_OVER_FROM:
            raise ApplicationError(
                _(
                    "This sign-up is “%(status)s”: only a place you hold (waiting for the coordinator or "
                    "confirmed) can be handed over."
                )
                % {"status": signup.get_status_display().lower()}
            )
        raise ApplicationError(
            _(
                "“%(role)s” has started or is no longer going ahead: the place can no longer be handed over. "
                "Please contact %(contact)s."
            )
            % {"role": signup.role.title, "contact": coordinator_contact(signup.role)}
        )


def colleague_refusal(*, role: VolunteerRole, colleague: VolunteerProfile, giver_id: int) -> str:
    """Why the place cannot go to this colleague (empty when it can): not an active volunteer, already on the role,
    already down for something at the time, beyond the fair limits, or lacking what the role needs. The hand-over
    form shows it next to the field."""
    if colleague.pk == giver_id:
        return "Choose a colleague: the place is already yours."
    if not colleague.user.is_active or colleague.left_on is not None:
        return f"{colleague} is no longer an active volunteer: choose another colleague."
    if role.signups.filter(volunteer=colleague, status__in=ACTIVE).exists():
        return f"{colleague} is already signed up for “{role.title}”: choose another colleague."
    clash = role_clash(colleague, role)
    if clash is not None:
        return f"{colleague} is already down for {clash} at that time: choose another colleague."
    breach = role_limit_breach(colleague, role)
    if breach is not None:
        return _("Taking it %(breach)s, beyond %(limits)s: choose another colleague.") % {
            "breach": breach.describe("them"),
            "limits": LIMITS_NOTE,
        }
    unmet = unmet_requirements(volunteer=colleague, role=role)
    if unmet:
        return _("%(refusal)s Choose another colleague.") % {
            "refusal": requirements_refusal(unmet, volunteer=colleague, own=False)
        }
    return ""


@transaction.atomic
def signup_hand_over(*, signup: SignUp, colleague: VolunteerProfile, by, now=None) -> SignUp:
    """The volunteer hands their place to a named colleague until the role starts: the colleague's sign-up keeps
    the place's status (a confirmed place stays confirmed), the volunteer's is withdrawn, and the colleague and the
    coordinator are told. Returns the colleague's sign-up."""
    now = now or timezone.now()
    # The services' lock order: role, then volunteer, then sign-up.
    role = (
        VolunteerRole.objects.select_for_update(of=("self",))
        .select_related("summit__venue", "summit__lead_coordinator", "appearance")
        .get(pk=signup.role_id)
    )
    colleague = VolunteerProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=colleague.pk)
    signup = SignUp.objects.select_for_update(of=("self",)).select_related("volunteer").get(pk=signup.pk)
    signup.role = role
    _assert_hand_over_open(signup, now)
    refusal = colleague_refusal(role=role, colleague=colleague, giver_id=signup.volunteer_id)
    if refusal:
        raise ApplicationError(refusal, field="colleague")
    held = signup.status
    signup.status = SignUpStatus.WITHDRAWN
    signup.withdrawn_at, signup.withdrawal_reason = now, f"Handed over to {colleague}"[:500]
    signup.save()
    taken = SignUp(
        role=role,
        volunteer=colleague,
        status=held,
        note=f"Handed over by {signup.volunteer}."[:500],
        decided_by=signup.decided_by if held == SignUpStatus.CONFIRMED else None,
        decided_at=signup.decided_at if held == SignUpStatus.CONFIRMED else None,
    )
    try:
        with transaction.atomic():
            taken.save()
    except IntegrityError:
        raise ApplicationError(
            _("%(colleague)s is already signed up for “%(role)s”: choose another colleague.")
            % {"colleague": colleague, "role": role.title},
            field="colleague",
        ) from None
    audit_record(
        actor=by,
        action="signup.hand_over",
        obj=taken,
        status=str(held),
        role=role.pk,
        from_signup=signup.pk,
        from_volunteer=signup.volunteer_id,
        from_name=str(signup.volunteer),
        to_volunteer=colleague.pk,
        to_name=str(colleague),
    )
    notify_volunteer(taken, NotificationKind.HANDED_OVER)
    coordinator_notice_queue(signup=taken, kind=COORDINATOR_HANDED_OVER, by=by)
    if held == SignUpStatus.CONFIRMED:
        line_manager_notice_queue(signup=signup, confirmed=False, moment=now)
        line_manager_notice_queue(signup=taken, confirmed=True, moment=now)
    return taken


@transaction.atomic
def signup_give_back(*, signup: SignUp, by, reason: str = "", now=None) -> SignUp:
    """The volunteer gives their place back: it is offered to the first on the waiting list (as when they withdraw)
    and the coordinator is told. Until the withdrawal cut-off always; after it, until the start, only while someone
    is waiting to take the place."""
    now = now or timezone.now()
    signup = locked_signup(signup)
    _assert_hand_over_open(signup, now)
    role = signup.role
    someone_waiting = role.signups.filter(status=SignUpStatus.WAITING).exists()
    if not someone_waiting and not withdrawal_open(signup, now=now):
        raise ApplicationError(
            _(
                "Nobody is on the waiting list for “%(role)s” and it is less than %(hours)s hours before the "
                "start: hand the place to a named colleague, or contact %(contact)s."
            )
            % {"role": role.title, "hours": withdrawal_cutoff_hours(), "contact": coordinator_contact(role)}
        )
    reason = (reason or "").strip()
    was_confirmed = signup.is_confirmed
    signup.status = SignUpStatus.WITHDRAWN
    signup.withdrawn_at = now
    signup.withdrawal_reason = ("Given back to the waiting list" + (f": {reason}" if reason else "."))[:500]
    signup.save()
    offered = promote_from_waiting_list(role, now=now)
    audit_record(
        actor=by, action="signup.give_back", obj=signup, role=role.pk, offered_to=[o.volunteer_id for o in offered]
    )
    coordinator_notice_queue(signup=signup, kind=COORDINATOR_GIVEN_BACK, by=by)
    if was_confirmed:
        line_manager_notice_queue(signup=signup, confirmed=False, moment=now)
    return signup
