from django.db import models

from btb.transitions import Transitions


class RoleKind(models.TextChoices):
    PANEL = "panel", "Panel seat"
    STALL = "stall", "Stall"
    WELCOME = "welcome", "Welcome"
    SETUP = "setup", "Set-up"
    OTHER = "other", "Other"
    INTERVIEW = "interview", "Interview"


SUMMIT_ROLE_KINDS = [choice for choice in RoleKind.choices if choice[0] != RoleKind.INTERVIEW]


class SignUpStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the coordinator"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    WAITING = "waiting", "On the waiting list"
    OFFERED = "offered", "Offered a place"
    WITHDRAWN = "withdrawn", "Withdrawn"
    LAPSED = "lapsed", "Offer passed on"
    CANCELLED = "cancelled", "Event cancelled"


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
    ATTENDED = "attended", "Attended"
    NO_SHOW = "no_show", "Did not attend"


class NotificationKind(models.TextChoices):
    RECEIVED = "received", "Sign-up received"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    OFFERED = "offered", "Offered a place"
    CHANGED = "changed", "Event changed"
    CANCELLED = "cancelled", "Event cancelled"
    REMINDER = "reminder", "Reminder"
    REOPENED = "reopened", "Decision undone"
    HANDED_OVER = "handed_over", "Place handed to you"
