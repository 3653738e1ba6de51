"""Summits on the programme calendar (see events/calendar.py for the contract)."""

from django.utils.translation import gettext as _

from btb.calendar_window import day_window

from .enums import SummitStatus
from .selectors import summits_visible_to


def calendar_entries(*, user, start, end, borough=None, per_day=None, include_cancelled=False):
    summits = summits_visible_to(user).filter(starts_at__gte=start, starts_at__lt=end)
    if not include_cancelled:
        summits = summits.exclude(status=SummitStatus.CANCELLED)
    if borough is not None:
        summits = summits.filter(borough=borough)
    for summit in day_window(summits, per_day).order_by("starts_at", "pk"):
        yield {
            "uid": f"summit-{summit.pk}",
            "title": f"{summit.title} ({summit.get_status_display().lower()})",
            "kind": _("Summit"),
            "icon": "people-fill",
            "starts_at": summit.starts_at,
            "ends_at": summit.ends_at,
            "url": summit.get_absolute_url(),
            "location": str(summit.venue) if summit.venue else "",
            "day_total": getattr(summit, "day_total", 1),
            "created_at": summit.created_at,
            "changed_at": summit.updated_at,
            "cancelled": summit.status == SummitStatus.CANCELLED,
        }
