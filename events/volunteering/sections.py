"""The volunteers section of the summit page, and the interview-slot block for the appearance page.

The appearance page belongs to media_appearances, which may not import events: that app needs a hook of its own
(e.g. ``media_appearances.sections.register_appearance_section``) for ``appearance_interview_section`` below to be
registered into.
"""

from django.urls import reverse
from django.utils import timezone

from .rules import can_manage_volunteers, can_read_rosters
from .selectors import roster, roster_totals


def summit_volunteers_section(request, summit):
    if not can_read_rosters(request.user):
        return None
    roles = roster(summit.volunteer_roles.all())
    return {
        "template": "events/volunteering/_summit_section.html",
        "context": {
            "summit": summit,
            "roles": roles,
            "totals": roster_totals(roles),
            "can_manage": can_manage_volunteers(request.user),
            "roster_url": reverse("events:summit_roster", kwargs={"slug": summit.slug}),
        },
    }


def appearance_interview_section(request, appearance):
    if not can_read_rosters(request.user):
        return None
    roles = roster(appearance.interview_slots.all())
    return {
        "template": "events/volunteering/_appearance_section.html",
        "context": {
            "appearance": appearance,
            "roles": roles,
            "totals": roster_totals(roles),
            "can_manage": can_manage_volunteers(request.user),
            "roster_url": reverse("events:appearance_roster", kwargs={"pk": appearance.pk}),
        },
    }


def profile_credentials_section(request, profile, own_profile):
    """What the volunteer can offer roles, on their profile page (to them, and to coordinators reading it)."""
    if not (own_profile or can_manage_volunteers(request.user)):
        return None
    today = timezone.localdate()
    credentials = list(profile.credentials.select_related("requirement"))
    for credential in credentials:
        credential.is_valid = credential.valid_on(today)
    return {
        "template": "events/volunteering/_profile_credentials.html",
        "context": {"credentials": credentials, "own_profile": own_profile},
    }
