"""Business actions on volunteer roles, interview slots and sign-ups.

Places are counted with the role's row locked (``select_for_update``), so two people taking the last place at the
same moment are served one after the other: the first gets it, the second joins the waiting list. Locks are always
taken in the same order (role, then volunteer, then sign-up) so two actions never wait on each other.
Messages to volunteers are queued in the outbox inside the same transaction: they go only if the change is
committed, and never from the request.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from btb.accounts.models import VolunteerProfile
from btb.audit import audit_record
from btb.errors import ApplicationError

from .commitments import LimitBreach, clashes_by_volunteer, limit_breaches_by_volunteer
from .enums import (
    ACTIVE,
    DECIDED,
    HOLDING_PLACE,
    SIGNUP_TRANSITIONS,
    NotificationKind,
    RoleKind,
    SignUpStatus,
)
from .models import SignUp, VolunteerCalendarToken, VolunteerRole
from .notifications import (
    line_manager_notice_queue,
    notification_queue,
)
from .presentation import coordinator_contact, withdrawal_cutoff_hours
from .requirements import requirements_refusal, unmet_requirements
from .rules import can_manage_volunteers, withdrawal_open

ROLE_FIELDS = ["kind", "title", "stall", "description", "starts_at", "ends_at", "places", "what_to_bring"]


def offer_hours() -> int:
    return settings.VOLUNTEER_OFFER_HOURS


def reminder_hours() -> int:
    return settings.VOLUNTEER_REMINDER_HOURS


def notify_volunteer(signup: SignUp, kind: NotificationKind, key: str = "") -> None:
    notification_queue(signup=signup, kind=kind, key=key)


def change_key(role: VolunteerRole) -> str:
    """What a change notification is about: the role's times and place. The same change is announced once."""
    place = role.summit.venue_id if role.summit_id else role.appearance.location[:20]
    return f"{role.starts_at:%Y%m%d%H%M}-{role.ends_at:%Y%m%d%H%M}-{place}"


def _assert_can_become(signup: SignUp, status: SignUpStatus, refusal: str) -> None:
    if not SIGNUP_TRANSITIONS.allows(signup.status, status):
        raise ApplicationError(refusal)


# --- Signing up ---------------------------------------------------------------------------------------------------


def own_commitment_key(role: VolunteerRole) -> tuple:
    """The commitment this role is: a “Panel seat” role is its summit's panel, an interview slot its appearance."""
    if role.kind == RoleKind.PANEL:
        return ("panel", role.summit_id)
    if role.appearance_id:
        return ("appearance", role.appearance_id)
    return ("role", role.pk)


def role_clash(volunteer: VolunteerProfile, role: VolunteerRole):
    """The volunteer's first other commitment at the role's time (a place held, a panel seat, an appearance), or
    None. The board, signing up and taking an offer all ask this."""
    clashes = clashes_by_volunteer(
        volunteers=[volunteer.pk], starts_at=role.starts_at, ends_at=role.ends_at, ignore=own_commitment_key(role)
    ).get(volunteer.pk, [])
    own_signups = set(role.signups.filter(volunteer=volunteer).values_list("pk", flat=True)) if role.pk else set()
    return next((c for c in clashes if c.key not in {("signup", pk) for pk in own_signups}), None)


def role_limit_breach(volunteer: VolunteerProfile, role: VolunteerRole) -> LimitBreach | None:
    """Whether the role, beside the volunteer's other commitments, breaks a fair limit on their time (hours in 24,
    rest between stretches). Signing up, taking an offer, confirming and handing over all ask this."""
    own_signups = set(role.signups.filter(volunteer=volunteer).values_list("pk", flat=True)) if role.pk else set()
    ignore = {own_commitment_key(role), *(("signup", pk) for pk in own_signups)}
    return limit_breaches_by_volunteer(
        volunteers=[volunteer.pk], starts_at=role.starts_at, ends_at=role.ends_at, ignore=ignore
    ).get(volunteer.pk)


LIMITS_NOTE = gettext_lazy("the programme's fair limits on volunteers' time")


@transaction.atomic
def signup_create(
    *, role: VolunteerRole, volunteer: VolunteerProfile, by, note: str = "", override_reason: str = ""
) -> SignUp:
    """Sign a volunteer up. A free place makes a pending sign-up (confirmed straight away when a coordinator books
    it); a full role puts them on the waiting list. Overlapping commitments are refused unless a coordinator
    overrides with a reason."""
    role = (
        VolunteerRole.objects.select_for_update(of=("self",))
        .select_related("summit__venue", "appearance")
        .get(pk=role.pk)
    )
    volunteer = VolunteerProfile.objects.select_for_update().get(pk=volunteer.pk)
    booked_by_coordinator = can_manage_volunteers(by) and by.pk != volunteer.user_id
    if not role.event_is_open or role.starts_at <= timezone.now():
        raise ApplicationError(_("Sign-up for this has closed: it has started or is no longer going ahead."))
    if role.signups.filter(volunteer=volunteer, status__in=ACTIVE).exists():
        raise ApplicationError(
            _("%(volunteer)s is already signed up for “%(role)s”.") % {"volunteer": volunteer, "role": role.title}
        )
    override_reason = (override_reason or "").strip()
    clash = role_clash(volunteer, role)
    if clash is not None:
        if not booked_by_coordinator:
            raise ApplicationError(
                _(
                    "This overlaps with %(clash)s, which you are already down for. Withdraw from that first, "
                    "or ask a coordinator to book you for both."
                )
                % {"clash": clash}
            )
        if not override_reason:
            raise ApplicationError(
                _("%(volunteer)s is already down for %(clash)s. To book them for both, give a reason for the override.")
                % {"volunteer": volunteer, "clash": clash},
                field="override_reason",
            )
    unmet = unmet_requirements(volunteer=volunteer, role=role)
    if unmet:
        raise ApplicationError(requirements_refusal(unmet, volunteer=volunteer, own=not booked_by_coordinator))
    breach = role_limit_breach(volunteer, role) if clash is None else None
    if breach is not None:
        if not booked_by_coordinator:
            raise ApplicationError(
                _(
                    "Signing up for this %(breach)s, beyond %(limits)s. Withdraw from another duty first, or ask "
                    "a coordinator."
                )
                % {"breach": breach.describe("you"), "limits": LIMITS_NOTE}
            )
        if not override_reason:
            raise ApplicationError(
                _(
                    "Booking %(volunteer)s for this %(breach)s, beyond %(limits)s. To book them all the same, "
                    "give a reason for the override."
                )
                % {"volunteer": volunteer, "breach": breach.describe("them"), "limits": LIMITS_NOTE},
                field="override_reason",
            )
    taken = role.signups.filter(status__in=HOLDING_PLACE).count()
    if taken < role.places:
        status = SignUpStatus.CONFIRMED if booked_by_coordinator else SignUpStatus.PENDING
    else:
        status = SignUpStatus.WAITING
    signup = SignUp(
        role=role,
        volunteer=volunteer,
        status=status,
        note=(note or "").strip()[:500],
        overlap_override_reason=override_reason if clash is not None or breach is not None else "",
    )
    if status == SignUpStatus.CONFIRMED:
        signup.decided_by, signup.decided_at = by, timezone.now()
    try:
        with transaction.atomic():
            signup.save()
    except IntegrityError:
        raise ApplicationError(
            _("%(volunteer)s is already signed up for “%(role)s”.") % {"volunteer": volunteer, "role": role.title}
        ) from None
    detail = {"status": str(status), "role": role.pk}
    if clash is not None:
        detail.update(override_reason=override_reason, overlaps="/".join(str(part) for part in clash.key))
    if breach is not None:
        detail.update(override_reason=override_reason, limit=breach.describe("them"))
    audit_record(actor=by, action="signup.create", obj=signup, **detail)
    notify_volunteer(
        signup, NotificationKind.CONFIRMED if status == SignUpStatus.CONFIRMED else NotificationKind.RECEIVED
    )
    if status == SignUpStatus.CONFIRMED:
        line_manager_notice_queue(signup=signup, confirmed=True, moment=signup.decided_at)
    return signup


def locked_signup(signup: SignUp) -> SignUp:
    VolunteerRole.objects.select_for_update().filter(pk=signup.role_id).first()
    return (
        SignUp.objects.select_for_update(of=("self",))
        .select_related("role__summit__venue", "role__summit__lead_coordinator", "role__appearance", "volunteer")
        .get(pk=signup.pk)
    )


@transaction.atomic
def signup_decide(*, signup: SignUp, confirm: bool, by, note: str = "", override_reason: str = "") -> SignUp:
    """A coordinator confirms or declines a pending sign-up; declining frees the place for the waiting list. A
    confirmation beyond the fair limits on the volunteer's time needs a reason for the override."""
    if not can_manage_volunteers(by):
        raise ApplicationError(_("Only a coordinator can confirm or decline sign-ups."))
    signup = locked_signup(signup)
    decision = SignUpStatus.CONFIRMED if confirm else SignUpStatus.DECLINED
    _assert_can_become(
        signup,
        decision,
        f"This sign-up is “{signup.get_status_display().lower()}”: only one waiting for the coordinator can be "
        "confirmed or declined.",
    )
    note = (note or "").strip()
    if not confirm and not note:
        raise ApplicationError(
            _("Say why you are declining: the volunteer sees it, e.g. “we have enough people on the welcome desk”."),
            field="note",
        )
    if confirm:
        # A credential may have lapsed since they signed up: what the role needs is not a limit to override.
        unmet = unmet_requirements(volunteer=signup.volunteer, role=signup.role)
        if unmet:
            raise ApplicationError(
                requirements_refusal(unmet, volunteer=signup.volunteer, own=False)
                + " "
                + _("They can renew it under My qualifications; until then the sign-up cannot be confirmed.")
            )
    breach = role_limit_breach(signup.volunteer, signup.role) if confirm else None
    override_reason = (override_reason or "").strip()
    if breach is not None:
        if not override_reason:
            raise ApplicationError(
                _(
                    "Confirming %(volunteer)s %(breach)s, beyond %(limits)s. To confirm them all the same, give "
                    "a reason for the override."
                )
                % {"volunteer": signup.volunteer, "breach": breach.describe("them"), "limits": LIMITS_NOTE},
                field="override_reason",
            )
        signup.overlap_override_reason = override_reason[:300]
    signup.status = decision
    signup.decided_by, signup.decided_at = by, timezone.now()
    signup.decision_note = note[:500]
    signup.save()
    detail = {"override_reason": override_reason, "limit": breach.describe("them")} if breach is not None else {}
    audit_record(actor=by, action="signup.confirm" if confirm else "signup.decline", obj=signup, **detail)
    # Keyed by the moment of the decision: after an undo, a fresh decision is a fresh message.
    notify_volunteer(
        signup, NotificationKind.CONFIRMED if confirm else NotificationKind.DECLINED, key=_decision_key(signup)
    )
    if confirm:
        line_manager_notice_queue(signup=signup, confirmed=True, moment=signup.decided_at)
    else:
        promote_from_waiting_list(signup.role)
    return signup


def _decision_key(signup: SignUp) -> str:
    return f"{signup.decided_at:%Y%m%d%H%M%S%f}"


@transaction.atomic
def signups_confirm_many(*, signups, by) -> list[SignUp]:
    """Confirm several pending sign-ups at once (the roster's tick boxes): all of them or, if one cannot be
    confirmed, none."""
    signups = sorted(signups, key=lambda s: (s.role_id, s.pk))  # the services' lock order: role, then sign-up
    # Everyone who no longer meets what their role needs, named at once, so one fix-up covers them all.
    failed = []
    for signup in signups:
        unmet = unmet_requirements(volunteer=signup.volunteer, role=signup.role)
        if unmet:
            failed.append(
                _("%(volunteer)s for “%(role)s”: %(needs)s.")
                % {
                    "volunteer": signup.volunteer,
                    "role": signup.role.title,
                    "needs": "; ".join(f"{check.requirement} ({check.roster_note})" for check in unmet),
                }
            )
    if failed:
        raise ApplicationError(
            _("Nothing was confirmed: not everyone ticked meets what their role needs on its day. %(failed)s")
            % {"failed": " ".join(failed)}
        )
    confirmed = []
    for signup in signups:
        try:
            confirmed.append(signup_decide(signup=signup, confirm=True, by=by))
        except ApplicationError as error:
            raise ApplicationError(
                _("%(volunteer)s: %(message)s Nothing was confirmed.")
                % {"volunteer": signup.volunteer, "message": error.message}
            ) from None
    return confirmed


@transaction.atomic
def signup_undo_decision(*, signup: SignUp, by, note: str = "", now=None) -> SignUp:
    """A coordinator takes back a confirmation or a decline until the role starts: the sign-up waits for a decision
    again and the volunteer is told. A declined one comes back only while a place is free for it."""
    if not can_manage_volunteers(by):
        raise ApplicationError(_("Only a coordinator can undo a decision."))
    now = now or timezone.now()
    signup = locked_signup(signup)
    if signup.status not in DECIDED or not SIGNUP_TRANSITIONS.allows(signup.status, SignUpStatus.PENDING):
        raise ApplicationError(
            _("This sign-up is “%(status)s”: only a confirmed or declined one can be undone.")
            % {"status": signup.get_status_display().lower()}
        )
    role = signup.role
    if role.starts_at <= now:
        raise ApplicationError(
            _("“%(role)s” has started: a decision can no longer be undone. Record attendance instead.")
            % {"role": role.title}
        )
    if signup.status == SignUpStatus.DECLINED:
        taken = role.signups.filter(status__in=HOLDING_PLACE).count()
        if taken >= role.places:
            raise ApplicationError(
                ngettext(
                    "All %(count)d place on “%(role)s” are held now (the freed place went to someone else): add a "
                    "place to the role first, then undo the decline.",
                    "All %(count)d places on “%(role)s” are held now (the freed place went to someone else): add a "
                    "place to the role first, then undo the decline.",
                    role.places,
                )
                % {"count": role.places, "role": role.title}
            )
    previous = signup.status
    signup.status = SignUpStatus.PENDING
    signup.decided_by, signup.decided_at = None, None
    signup.decision_note = (note or "").strip()[:500]
    signup.save()
    audit_record(actor=by, action="signup.undo_decision", obj=signup, previous=str(previous))
    notify_volunteer(signup, NotificationKind.REOPENED, key=f"{now:%Y%m%d%H%M%S%f}")
    if previous == SignUpStatus.CONFIRMED:
        line_manager_notice_queue(signup=signup, confirmed=False, moment=now)
    return signup


@transaction.atomic
def signup_withdraw(*, signup: SignUp, reason: str, by, now=None) -> SignUp:
    """The volunteer pulls out, saying why, until the cut-off before the start; after it they are asked to contact
    the coordinator (who may still withdraw them). A freed place is offered to the first on the waiting list."""
    now = now or timezone.now()
    signup = locked_signup(signup)
    _assert_can_become(
        signup, SignUpStatus.WITHDRAWN, f"This sign-up is already “{signup.get_status_display().lower()}”."
    )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say briefly why you are pulling out, so the coordinator can plan."), field="reason")
    if not can_manage_volunteers(by) and not withdrawal_open(signup, now=now):
        hours = withdrawal_cutoff_hours()
        raise ApplicationError(
            _(
                "It is less than %(hours)s hours before “%(role)s” starts, so you can no longer withdraw here. "
                "Please contact %(contact)s straight away."
            )
            % {"hours": hours, "role": signup.role.title, "contact": coordinator_contact(signup.role)}
        )
    held_place, was_confirmed = signup.status in HOLDING_PLACE, signup.is_confirmed
    signup.status = SignUpStatus.WITHDRAWN
    signup.withdrawn_at, signup.withdrawal_reason = now, reason[:500]
    signup.offer_expires_at = None
    signup.save()
    audit_record(actor=by, action="signup.withdraw", obj=signup)
    if was_confirmed:
        line_manager_notice_queue(signup=signup, confirmed=False, moment=now)
    if held_place:
        promote_from_waiting_list(signup.role, now=now)
    return signup


def promote_from_waiting_list(role: VolunteerRole, *, now=None) -> list[SignUp]:
    """Offer each free place to the next on the waiting list (caller holds the role's lock)."""
    now = now or timezone.now()
    if role.starts_at <= now:
        return []
    free = role.places - role.signups.filter(status__in=HOLDING_PLACE).count()
    if free <= 0:
        return []
    offered = list(role.signups.filter(status=SignUpStatus.WAITING).order_by("created_at", "pk")[:free])
    expires = min(now + timedelta(hours=offer_hours()), role.starts_at)
    for signup in offered:
        signup.status = SignUpStatus.OFFERED
        signup.offer_expires_at = expires
        signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
        notify_volunteer(signup, NotificationKind.OFFERED, key=f"{expires:%Y%m%d%H%M}")
    return offered


@transaction.atomic
def signup_accept_offer(*, signup: SignUp, by, now=None) -> SignUp:
    """The volunteer takes the place offered from the waiting list; it then waits for the coordinator like any
    sign-up."""
    now = now or timezone.now()
    signup = locked_signup(signup)
    refusal = "This offer is no longer open: the place has passed to someone else."
    _assert_can_become(signup, SignUpStatus.PENDING, refusal)
    if signup.offer_expires_at and signup.offer_expires_at <= now:
        raise ApplicationError(refusal)
    clash = role_clash(signup.volunteer, signup.role)
    if clash is not None:
        raise ApplicationError(
            _(
                "This overlaps with %(clash)s, which you are already down for. Withdraw from that first, or "
                "decline this offer."
            )
            % {"clash": clash}
        )
    unmet = unmet_requirements(volunteer=signup.volunteer, role=signup.role)
    if unmet:
        raise ApplicationError(requirements_refusal(unmet, volunteer=signup.volunteer, own=True))
    breach = role_limit_breach(signup.volunteer, signup.role)
    if breach is not None:
        raise ApplicationError(
            _(
                "Taking this place %(breach)s, beyond %(limits)s. Withdraw from another duty first, or let the "
                "place pass on."
            )
            % {"breach": breach.describe("you"), "limits": LIMITS_NOTE}
        )
    signup.status = SignUpStatus.PENDING
    signup.offer_expires_at = None
    signup.save()
    audit_record(actor=by, action="signup.accept_offer", obj=signup)
    return signup


def offers_lapse(*, now=None) -> int:
    """Offers not taken up in time pass to the next on the waiting list. Run by beat; safe to run twice."""
    now = now or timezone.now()
    lapsed = 0
    for pk in SignUp.objects.filter(status=SignUpStatus.OFFERED, offer_expires_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            signup = locked_signup(SignUp(pk=pk))
            if signup.status != SignUpStatus.OFFERED or signup.offer_expires_at > now:
                continue
            signup.status = SignUpStatus.LAPSED
            signup.save(update_fields=["status", "updated_at"])
            audit_record(actor=None, action="signup.offer_lapsed", obj=signup)
            promote_from_waiting_list(signup.role, now=now)
            lapsed += 1
    return lapsed


@transaction.atomic
# --- Calendar feed ------------------------------------------------------------------------------------------------


@transaction.atomic
def calendar_token_regenerate(*, volunteer: VolunteerProfile) -> VolunteerCalendarToken:
    """A new secret feed address; any earlier address stops working."""
    VolunteerCalendarToken.objects.filter(volunteer=volunteer).delete()
    return VolunteerCalendarToken.objects.create(volunteer=volunteer)


@transaction.atomic
def calendar_token_revoke(*, volunteer: VolunteerProfile) -> None:
    """The feed address stops working and no new one is made."""
    VolunteerCalendarToken.objects.filter(volunteer=volunteer).delete()
