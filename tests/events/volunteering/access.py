from django.utils import timezone

from events.models import CoverInvitation, Requirement, VolunteerCalendarToken, VolunteerCredential
from events.volunteering.enums import SignUpStatus
from tests.access import ANON, COORD, OTHER, OVER, VOL, Row, everyone
from tests.events.volunteering.factories import InterviewSlotFactory, SignUpFactory, VolunteerRoleFactory

# Volunteers sign up and see their own; coordinators manage; oversight reads rosters and changes nothing.
BOARD = {ANON: "login", VOL: 200, OTHER: 200, COORD: 200, OVER: 200}
VOLUNTEERS = {ANON: "login", VOL: 200, OTHER: 200, COORD: 403, OVER: 403}
OWN_SIGNUP = {ANON: "login", VOL: 200, OTHER: 404, COORD: 403, OVER: 403}
ROSTER = {ANON: "login", VOL: 403, OTHER: 403, COORD: 200, OVER: 200}
MANAGE = {ANON: "login", VOL: 403, OTHER: 403, COORD: 200, OVER: 403}
MANAGE_POST_ONLY = {ANON: "login", VOL: 403, OTHER: 403, COORD: 405, OVER: 403}
OWN_POST_ONLY = {ANON: "login", VOL: 405, OTHER: 405, COORD: 403, OVER: 403}


def build_context(users):
    profile = users[VOL].volunteer
    role = VolunteerRoleFactory(places=3)
    other_role = VolunteerRoleFactory(places=1, starts_at=role.ends_at, ends_at=role.ends_at.replace(hour=23))
    slot = InterviewSlotFactory()
    return {
        "role": role,
        "slot": slot,
        "signup": SignUpFactory(role=role, volunteer=profile),
        "offered": SignUpFactory(role=other_role, volunteer=profile, status=SignUpStatus.OFFERED),
        "volunteer_feed": VolunteerCalendarToken.objects.create(volunteer=profile),
        "cover_invitation": CoverInvitation.objects.create(role=other_role, volunteer=profile, sent_at=timezone.now()),
        "credential": VolunteerCredential.objects.create(
            volunteer=profile, requirement=Requirement.objects.get(name="First aid")
        ),
    }


def _pk(name):
    return lambda ctx: {"pk": ctx[name].pk}


ROWS = {
    "events:opportunity_list": Row(BOARD),
    "events:opportunity_signup": Row(VOLUNTEERS, kwargs=_pk("slot")),
    "events:my_schedule": Row(VOLUNTEERS),
    "events:my_calendar": Row(VOLUNTEERS),
    "events:my_credentials": Row(VOLUNTEERS),
    "events:cover_invitation": Row(OWN_SIGNUP, kwargs=_pk("cover_invitation")),
    "events:my_credential_remove": Row(OWN_POST_ONLY, kwargs=_pk("credential")),
    # The secret address is the credential (calendar apps cannot sign in).
    "events:my_calendar_feed": Row(everyone(200), kwargs=lambda ctx: {"token": ctx["volunteer_feed"].token}),
    "events:signup_withdraw": Row(OWN_SIGNUP, kwargs=_pk("signup")),
    "events:signup_offer": Row(OWN_SIGNUP, kwargs=_pk("offered")),
    # Handing over or giving back one's own place; another's is 404 (the page is its confirmation step).
    "events:signup_hand_over": Row(OWN_SIGNUP, kwargs=_pk("signup")),
    "events:signup_give_back": Row(OWN_SIGNUP, kwargs=_pk("signup")),
    "events:summit_roster": Row(ROSTER, kwargs=lambda ctx: {"slug": ctx["role"].summit.slug}),
    "events:summit_check_in": Row(VOLUNTEERS, kwargs=lambda ctx: {"slug": ctx["role"].summit.slug}),
    "events:summit_check_in_poster": Row(MANAGE, kwargs=lambda ctx: {"slug": ctx["role"].summit.slug}),
    "events:role_create": Row(MANAGE, kwargs=lambda ctx: {"slug": ctx["role"].summit.slug}),
    "events:appearance_roster": Row(ROSTER, kwargs=lambda ctx: {"pk": ctx["slot"].appearance_id}),
    "events:slot_create": Row(MANAGE, kwargs=lambda ctx: {"pk": ctx["slot"].appearance_id}),
    "events:role_edit": Row(MANAGE, kwargs=_pk("role")),
    "events:role_delete": Row(MANAGE, kwargs=_pk("role")),
    "events:role_book": Row(MANAGE, kwargs=_pk("slot")),
    "events:signup_decide": Row(MANAGE_POST_ONLY, kwargs=_pk("signup")),
    "events:signup_attendance": Row(MANAGE_POST_ONLY, kwargs=_pk("signup")),
    "events:signup_decline": Row(MANAGE, kwargs=_pk("signup")),
    # Confirming beyond the fair limits, with a reason (the GET is its confirmation page).
    "events:signup_confirm": Row(MANAGE, kwargs=_pk("signup")),
    "events:signup_undo": Row(MANAGE, kwargs=_pk("signup")),
    "events:summit_confirm_many": Row(MANAGE_POST_ONLY, kwargs=lambda ctx: {"slug": ctx["role"].summit.slug}),
    "events:appearance_confirm_many": Row(MANAGE_POST_ONLY, kwargs=lambda ctx: {"pk": ctx["slot"].appearance_id}),
}
