"""What a volunteer is told about a role: when it is, whom to contact, and until when they may withdraw.

The services (in their messages), the notifications and the pages all say these the same way; keeping them here
rather than in the services lets the notifications use them without importing the services that queue them.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import VolunteerRole


def withdrawal_cutoff_hours() -> int:
    return settings.VOLUNTEER_WITHDRAWAL_CUTOFF_HOURS


def when(role: VolunteerRole) -> str:
    start, end = timezone.localtime(role.starts_at), timezone.localtime(role.ends_at)
    day = date_format(start, "l j F Y")
    if start.date() == end.date():
        return f"{day}, {start:%H:%M}–{end:%H:%M}"
    return f"{day} {start:%H:%M} to {date_format(end, 'l j F Y')} {end:%H:%M}"


def withdrawal_closes_at(role: VolunteerRole):
    return role.starts_at - timedelta(hours=withdrawal_cutoff_hours())


def coordinator_contact(role: VolunteerRole) -> str:
    lead = role.summit.lead_coordinator if role.summit_id else None
    if lead is None:
        return _("the coordinator")
    if lead.email:
        return _("the coordinator, %(lead)s (%(email)s)") % {"lead": lead, "email": lead.email}
    return _("the coordinator, %(lead)s") % {"lead": lead}
