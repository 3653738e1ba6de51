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
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from btb.accounts.models import VolunteerProfile
from btb.audit import audit_record
from btb.errors import ApplicationError, full_clean
from media_appearances.models import Appearance

from ..models import Summit
from .commitments import LimitBreach, clashes_by_volunteer, limit_breaches_by_volunteer
from .enums import (
    ACTIVE,
    DECIDED,
    HOLDING_PLACE,
    SIGNUP_TRANSITIONS,
    Attendance,
    NotificationKind,
    RoleKind,
    SignUpStatus,
)
from .models import SignUp, VolunteerCalendarToken, VolunteerRole
from .notifications import (
    COORDINATOR_GIVEN_BACK,
    COORDINATOR_HANDED_OVER,
    coordinator_notice_queue,
    line_manager_notice_queue,
    notification_queue,
    notifications_sent,
)
from .presentation import coordinator_contact, withdrawal_cutoff_hours
from .requirements import requirements_refusal, unmet_requirements
from .rules import HANDED_OVER_FROM, can_manage_volunteers, hand_over_open, withdrawal_open

CHECK_IN_OPENS_BEFORE = timedelta(hours=2)

ROLE_FIELDS = ["kind", "title", "stall", "description", "starts_at", "ends_at", "places", "what_to_bring"]


def offer_hours() -> int:
    return settings.VOLUNTEER_OFFER_HOURS


def reminder_hours() -> int:
    return settings.VOLUNTEER_REMINDER_HOURS


def _notify(signup: SignUp, kind: NotificationKind, key: str = "") -> None:
    notification_queue(signup=signup, kind=kind, key=key)


def change_key(role: VolunteerRole) -> str:
    """What a change notification is about: the role's times and place. The same change is announced once."""
    place = role.summit.venue_id if role.summit_id else role.appearance.location[:20]
    return f"{role.starts_at:%Y%m%d%H%M}-{role.ends_at:%Y%m%d%H%M}-{place}"


def _assert_can_become(signup: SignUp, status: SignUpStatus, refusal: str) -> None:
    if not SIGNUP_TRANSITIONS.allows(signup.status, status):
        raise ApplicationError(refusal)


# --- Roles and interview slots ------------------------------------------------------------------------------------


def _lock_event(role: VolunteerRole) -> None:
    """Lock the summit or appearance first (as cancelling it does), so a role is never added while it is
    cancelled."""
    if role.summit_id:
        role.summit = Summit.objects.select_for_update(of=("self",)).select_related("venue").get(pk=role.summit_id)
    else:
        role.appearance = Appearance.objects.select_for_update(of=("self",)).get(pk=role.appearance_id)


def _assert_event_open(role: VolunteerRole) -> None:
    if not role.event_is_open:
        event = role.event
        raise ApplicationError(
            _(
                "“%(event)s” is %(status)s: its volunteer roles and interview slots can no longer be added, "
                "changed or removed."
            )
            % {"event": event, "status": event.get_status_display().lower()}
        )


def _assert_on_summit_days(role: VolunteerRole) -> None:
    summit = role.summit
    if summit.starts_at is None or summit.ends_at is None:
        raise ApplicationError(
            _("Give “%(summit)s” its start and end first: a volunteer role must fall on the summit's day.")
            % {"summit": summit}
        )
    first, last = timezone.localdate(summit.starts_at), timezone.localdate(summit.ends_at)
    if role.starts_at and role.ends_at:
        if timezone.localdate(role.starts_at) < first or timezone.localdate(role.ends_at) > last:
            days = date_format(first, "l j F Y")
            if last != first:
                days += " to " + date_format(last, "l j F Y")
            raise ApplicationError(
                _("The role must fall on the summit's day (%(days)s).") % {"days": days}, field="starts_at"
            )


def role_check(*, role: VolunteerRole) -> None:
    """The rules a role or interview slot must meet to be saved (also asked by the admin's form, to show them next
    to its fields): its event still open, a summit's role on the summit's day, a stall of that summit."""
    _assert_event_open(role)
    if role.summit_id:
        _assert_on_summit_days(role)
    if role.stall_id and role.stall.summit_id != role.summit_id:
        raise ApplicationError(_("Choose a stall of this summit."), field="stall")


@transaction.atomic
def role_save(*, role: VolunteerRole, by, requirements=None) -> VolunteerRole:
    """Create or change a role or interview slot (with what it needs of volunteers, when ``requirements`` is
    given). Moving it tells everyone signed up; more places go to the waiting list first."""
    _lock_event(role)
    previous = None
    if role.pk:
        previous = VolunteerRole.objects.select_for_update().get(pk=role.pk)
    role_check(role=role)
    full_clean(role, exclude=["summit", "appearance"])
    role.save()
    if requirements is not None:
        role.requirements.set(requirements)
    audit_record(actor=by, action="volunteer_role.save", obj=role, created=previous is None)
    if previous is not None:
        if (previous.starts_at, previous.ends_at) != (role.starts_at, role.ends_at):
            _notify_changed(VolunteerRole.objects.filter(pk=role.pk))
        if role.places > previous.places:
            _promote(role)
    return role


@transaction.atomic
def role_delete(*, role: VolunteerRole, by) -> None:
    _lock_event(role)
    _assert_event_open(role)
    role = VolunteerRole.objects.select_for_update().get(pk=role.pk)
    active = role.signups.filter(status__in=ACTIVE).count()
    if active:
        raise ApplicationError(
            ngettext(
                "%(count)d volunteer is still signed up for “%(role)s”: decline or withdraw their sign-ups first, "
                "so that they are told.",
                "%(count)d volunteers are still signed up for “%(role)s”: decline or withdraw their sign-ups first, "
                "so that they are told.",
                active,
            )
            % {"count": active, "role": role.title}
        )
    audit_record(actor=by, action="volunteer_role.delete", obj=role)
    role.delete()


def roles_copy(*, source: Summit, target: Summit, shift, stalls: dict) -> list[VolunteerRole]:
    """A copied summit's roles: the same roles moved by ``shift``, at the copied stalls (``stalls`` maps the old
    stall's pk to the new one's; a role at a stall not copied helps at no stall), needing what it needed. No one
    is signed up."""
    originals = list(source.volunteer_roles.prefetch_related("requirements"))
    copies = VolunteerRole.objects.bulk_create(
        VolunteerRole(
            summit=target,
            kind=role.kind,
            title=role.title,
            stall_id=stalls.get(role.stall_id),
            description=role.description,
            starts_at=role.starts_at + shift,
            ends_at=role.ends_at + shift,
            places=role.places,
            what_to_bring=role.what_to_bring,
            uniform_approach=role.uniform_approach,
        )
        for role in originals
    )
    needs = VolunteerRole.requirements.through
    needs.objects.bulk_create(
        needs(volunteerrole_id=copy.pk, requirement_id=requirement.pk)
        for original, copy in zip(originals, copies, strict=True)
        for requirement in original.requirements.all()
    )
    return copies


def stall_roles_follow(*, stall) -> VolunteerRole | None:
    """A stall's “volunteers needed” is a role on the roster: made with the stall (for the summit's time) and kept
    at that many places; never below the places already held, and never made without the summit's times."""
    summit = stall.summit
    role = VolunteerRole.objects.select_for_update().filter(summit=summit, stall=stall, kind=RoleKind.STALL).first()
    if role is None:
        if not stall.volunteers_needed or summit.starts_at is None or summit.ends_at is None:
            return None
        role = VolunteerRole.objects.create(
            summit=summit,
            stall=stall,
            kind=RoleKind.STALL,
            title=f"{stall.unit} stall",
            description=stall.description[:2000],
            starts_at=summit.starts_at,
            ends_at=summit.ends_at,
            places=stall.volunteers_needed,
            uniform_approach=stall.uniform_approach,
        )
        return role
    held = role.signups.filter(status__in=HOLDING_PLACE).count()
    places = max(stall.volunteers_needed, held, 1)
    if places != role.places:
        grew = places > role.places
        role.places = places
        role.save(update_fields=["places", "updated_at"])
        if grew:
            _promote(role)
    return role


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
    _notify(signup, NotificationKind.CONFIRMED if status == SignUpStatus.CONFIRMED else NotificationKind.RECEIVED)
    if status == SignUpStatus.CONFIRMED:
        line_manager_notice_queue(signup=signup, confirmed=True, moment=signup.decided_at)
    return signup


def _locked_signup(signup: SignUp) -> SignUp:
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
    signup = _locked_signup(signup)
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
    _notify(signup, NotificationKind.CONFIRMED if confirm else NotificationKind.DECLINED, key=_decision_key(signup))
    if confirm:
        line_manager_notice_queue(signup=signup, confirmed=True, moment=signup.decided_at)
    else:
        _promote(signup.role)
    return signup


def _decision_key(signup: SignUp) -> str:
    return f"{signup.decided_at:%Y%m%d%H%M%S%f}"


@transaction.atomic
def signups_confirm_many(*, signups, by) -> list[SignUp]:
    """Confirm several pending sign-ups at once (the roster's tick boxes): all of them or, if one cannot be
    confirmed, none."""
    confirmed = []
    for signup in sorted(signups, key=lambda s: (s.role_id, s.pk)):  # the services' lock order: role, then sign-up
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
    signup = _locked_signup(signup)
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
    _notify(signup, NotificationKind.REOPENED, key=f"{now:%Y%m%d%H%M%S%f}")
    if previous == SignUpStatus.CONFIRMED:
        line_manager_notice_queue(signup=signup, confirmed=False, moment=now)
    return signup


@transaction.atomic
def signup_withdraw(*, signup: SignUp, reason: str, by, now=None) -> SignUp:
    """The volunteer pulls out, saying why, until the cut-off before the start; after it they are asked to contact
    the coordinator (who may still withdraw them). A freed place is offered to the first on the waiting list."""
    now = now or timezone.now()
    signup = _locked_signup(signup)
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
        _promote(signup.role, now=now)
    return signup


# --- Handing a place over -----------------------------------------------------------------------------------------


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
    _notify(taken, NotificationKind.HANDED_OVER)
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
    signup = _locked_signup(signup)
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
    offered = _promote(role, now=now)
    audit_record(
        actor=by, action="signup.give_back", obj=signup, role=role.pk, offered_to=[o.volunteer_id for o in offered]
    )
    coordinator_notice_queue(signup=signup, kind=COORDINATOR_GIVEN_BACK, by=by)
    if was_confirmed:
        line_manager_notice_queue(signup=signup, confirmed=False, moment=now)
    return signup


def _promote(role: VolunteerRole, *, now=None) -> list[SignUp]:
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
        _notify(signup, NotificationKind.OFFERED, key=f"{expires:%Y%m%d%H%M}")
    return offered


@transaction.atomic
def signup_accept_offer(*, signup: SignUp, by, now=None) -> SignUp:
    """The volunteer takes the place offered from the waiting list; it then waits for the coordinator like any
    sign-up."""
    now = now or timezone.now()
    signup = _locked_signup(signup)
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
            signup = _locked_signup(SignUp(pk=pk))
            if signup.status != SignUpStatus.OFFERED or signup.offer_expires_at > now:
                continue
            signup.status = SignUpStatus.LAPSED
            signup.save(update_fields=["status", "updated_at"])
            audit_record(actor=None, action="signup.offer_lapsed", obj=signup)
            _promote(signup.role, now=now)
            lapsed += 1
    return lapsed


@transaction.atomic
def signup_mark_attendance(*, signup: SignUp, attended: bool, by, now=None) -> SignUp:
    """From the role's start (the check-in on the day) a coordinator records whether a confirmed volunteer came."""
    if not can_manage_volunteers(by):
        raise ApplicationError(_("Only a coordinator can record attendance."))
    signup = _locked_signup(signup)
    if signup.status != SignUpStatus.CONFIRMED:
        raise ApplicationError(_("Attendance is recorded for confirmed volunteers only."))
    if signup.role.starts_at > (now or timezone.now()):
        raise ApplicationError(_("Attendance can be recorded once the role has started."))
    return _record_attendance(signup, Attendance.ATTENDED if attended else Attendance.NO_SHOW, by=by)


def _record_attendance(signup: SignUp, attendance: Attendance, *, by, **detail) -> SignUp:
    signup.attendance = attendance
    signup.save(update_fields=["attendance", "updated_at"])
    audit_record(actor=by, action="signup.attendance", obj=signup, attendance=signup.attendance, **detail)
    return signup


def check_in_window(role: VolunteerRole) -> tuple:
    """When a volunteer may check themselves in: from two hours before the role starts until it ends."""
    return role.starts_at - CHECK_IN_OPENS_BEFORE, role.ends_at


@transaction.atomic
def signup_check_in(*, signup: SignUp, by, now=None) -> SignUp:
    """The volunteer checks themselves in at the venue (the summit's QR code): the same attendance the coordinator's
    Attended button records, so the not-arrived list and volunteer hours read it. Only their own confirmed
    sign-up, and only from two hours before the start until the end; checking in twice changes nothing."""
    now = now or timezone.now()
    signup = _locked_signup(signup)
    if signup.volunteer.user_id != by.pk:
        raise ApplicationError(_("Only the volunteer can check themselves in."))
    if signup.status != SignUpStatus.CONFIRMED:
        raise ApplicationError(_("Only a confirmed place can be checked in."))
    opens, closes = check_in_window(signup.role)
    if now < opens:
        raise ApplicationError(
            _("Check-in for “%(role)s” opens at %(time)s, two hours before it starts.")
            % {"role": signup.role.title, "time": f"{timezone.localtime(opens):%H:%M}"}
        )
    if now >= closes:
        raise ApplicationError(
            _("“%(role)s” has ended, so check-in is closed: ask the coordinator to record that you came.")
            % {"role": signup.role.title}
        )
    if signup.attendance == Attendance.ATTENDED:
        return signup
    return _record_attendance(signup, Attendance.ATTENDED, by=by, self_check_in=True)


# --- When the event changes ---------------------------------------------------------------------------------------


def _notify_changed(roles) -> int:
    signups = list(
        SignUp.objects.select_related("role__summit", "role__appearance").filter(
            role__in=roles, status__in=HOLDING_PLACE
        )
    )
    for signup in signups:
        _notify(signup, NotificationKind.CHANGED, key=change_key(signup.role))
    return len(signups)


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
    elif not venue_changed:
        return 0
    return _notify_changed(VolunteerRole.objects.filter(summit=summit))


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
        _notify(signup, NotificationKind.CANCELLED)
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
