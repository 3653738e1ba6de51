from django.db import models
from django.utils.translation import gettext_lazy as _

from btb.transitions import Transitions


class RoleKind(models.TextChoices):
    PANEL = "panel", _("Panel seat")
    STALL = "stall", _("Stall")
    WELCOME = "welcome", _("Welcome")
    SETUP = "setup", _("Set-up")
    OTHER = "other", _("Other")
    INTERVIEW = "interview", _("Interview")


SUMMIT_ROLE_KINDS = [choice for choice in RoleKind.choices if choice[0] != RoleKind.INTERVIEW]


class SignUpStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the coordinator")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Offered a place")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Offer passed on")
    CANCELLED = "cancelled", _("Event cancelled")


# Decisions a coordinator may undo (back to pending) until the role starts.
DECIDED = (SignUpStatus.CONFIRMED, SignUpStatus.DECLINED)

# A new sign-up starts pending (confirmed when a coordinator books it, waiting when the role is full).
SIGNUP_TRANSITIONS = Transitions(
    {
        SignUpStatus.PENDING: (
            SignUpStatus.CONFIRMED,
            SignUpStatus.DECLINED,
            SignUpStatus.WITHDRAWN,
            SignUpStatus.CANCELLED,
        ),
        # Back to pending: the coordinator undoes a decision (the volunteer is told).
        SignUpStatus.CONFIRMED: (SignUpStatus.PENDING, SignUpStatus.WITHDRAWN, SignUpStatus.CANCELLED),
        SignUpStatus.WAITING: (SignUpStatus.OFFERED, SignUpStatus.WITHDRAWN, SignUpStatus.CANCELLED),
        SignUpStatus.OFFERED: (
            SignUpStatus.PENDING,
            SignUpStatus.LAPSED,
            SignUpStatus.WITHDRAWN,
            SignUpStatus.CANCELLED,
        ),
        SignUpStatus.DECLINED: (SignUpStatus.PENDING,),
        SignUpStatus.WITHDRAWN: (),
        SignUpStatus.LAPSED: (),
        SignUpStatus.CANCELLED: (),
    }
)

# A sign-up in one of these holds one of the role's places.
HOLDING_PLACE = (SignUpStatus.PENDING, SignUpStatus.CONFIRMED, SignUpStatus.OFFERED)
# Still live: the volunteer is (or may yet be) expected.
ACTIVE = (*HOLDING_PLACE, SignUpStatus.WAITING)


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not attend")


class NotificationKind(models.TextChoices):
    RECEIVED = "received", _("Sign-up received")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    OFFERED = "offered", _("Offered a place")
    CHANGED = "changed", _("Event changed")
    CANCELLED = "cancelled", _("Event cancelled")
    REMINDER = "reminder", _("Reminder")
    REOPENED = "reopened", _("Decision undone")
    HANDED_OVER = "handed_over", _("Place handed to you")


class CoverOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Took the place")
    FILLED = "filled", _("Already filled when they answered")
