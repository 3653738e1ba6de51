"""Attendance on the day: the coordinator's attended / did not come, and the volunteer's own check-in by QR code."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from btb.audit import audit_record
from btb.errors import ApplicationError

from .enums import (
    Attendance,
    SignUpStatus,
)
from .models import SignUp, VolunteerRole
from .rules import can_manage_volunteers
from .services import locked_signup

CHECK_IN_OPENS_BEFORE = timedelta(hours=2)


def signup_mark_attendance(*, signup: SignUp, attended: bool, by, now=None) -> SignUp:
    """From the role's start (the check-in on the day) a coordinator records whether a confirmed volunteer came."""
    if not can_manage_volunteers(by):
        raise ApplicationError(_("Only a coordinator can record attendance."))
    signup = locked_signup(signup)
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
    signup = locked_signup(signup)
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
