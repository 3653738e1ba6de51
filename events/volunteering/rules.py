"""Who may do what with volunteering. Volunteers see and change only their own sign-ups (the views fetch them
through ``request.user.volunteer.signups``, so another's answers 404); coordinators manage roles and sign-ups;
oversight reads rosters and changes nothing."""

import rules
from django.utils import timezone

from btb.accounts.rules import is_administrator, is_coordinator, is_staff_reader, is_volunteer

from .enums import SIGNUP_TRANSITIONS, SignUpStatus
from .presentation import withdrawal_closes_at


@rules.predicate
def has_volunteer_profile(user):
    return bool(user and user.is_authenticated and hasattr(user, "volunteer"))


can_volunteer = is_volunteer & has_volunteer_profile
can_manage_volunteers = is_coordinator | is_administrator
can_read_rosters = is_staff_reader


def withdrawal_open(signup, *, now=None) -> bool:
    """A volunteer may pull out online until the cut-off before the start, and from the waiting list (which holds no
    place) at any time; after the cut-off they are asked to contact the coordinator."""
    return signup.status == SignUpStatus.WAITING or (now or timezone.now()) < withdrawal_closes_at(signup.role)


@rules.predicate
def can_withdraw(user, signup) -> bool:
    """The schedule's Withdraw button and ``signup_withdraw`` both ask this: a live sign-up, within the cut-off, or
    any time for a coordinator."""
    if signup is None or not SIGNUP_TRANSITIONS.allows(signup.status, SignUpStatus.WITHDRAWN):
        return False
    return bool(can_manage_volunteers(user)) or withdrawal_open(signup)


# A place a volunteer may hand to a colleague or give back: pending or confirmed (an offered place is answered on
# the offer page), until the role starts.
HANDED_OVER_FROM = (SignUpStatus.PENDING, SignUpStatus.CONFIRMED)


def hand_over_open(signup, *, now=None) -> bool:
    """The schedule's Hand over button and ``signup_hand_over`` / ``signup_give_back`` both ask this."""
    role = signup.role
    return signup.status in HANDED_OVER_FROM and role.event_is_open and (now or timezone.now()) < role.starts_at


rules.add_perm("events.browse_opportunities", can_volunteer | is_staff_reader)
rules.add_perm("events.sign_up", can_volunteer)
rules.add_perm("events.view_own_schedule", can_volunteer)
rules.add_perm("events.view_roster", can_read_rosters)
rules.add_perm("events.manage_volunteers", can_manage_volunteers)
