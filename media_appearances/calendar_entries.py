"""Media appearances on the programme calendar (the contract is in events/calendar.py; events finds this module
itself, so this app never imports events)."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from btb.calendar_window import day_window
from btb.pk_urls import pk_url

from .enums import AppearanceStatus
from .models import AppearanceParticipant
from .selectors import appearances_visible_to


def calendar_entries(*, user, start, end, borough=None, per_day=None, include_cancelled=False):
    appearances = appearances_visible_to(user).filter(starts_at__gte=start, starts_at__lt=end)
    if not include_cancelled:
        appearances = appearances.exclude(status=AppearanceStatus.CANCELLED)
    if borough is not None:
        # An appearance belongs to a borough through the officers and staff taking part.
        taking_part = AppearanceParticipant.objects.filter(appearance=OuterRef("pk"), volunteer__borough=borough)
        appearances = appearances.filter(Exists(taking_part))
    # A national month holds hundreds: only the columns shown, as plain rows rather than model objects.
    fields = ("pk", "title", "starts_at", "duration_minutes", "location", "outlet__name", "status")
    fields += ("created_at", "updated_at")
    rows = day_window(appearances.select_related(None), per_day).order_by("starts_at", "pk")
    rows = rows.values(*fields, *(("day_total",) if per_day is not None else ()))
    kind, url = _("Media appearance"), pk_url("media_appearances:appearance_detail")
    for row in rows:
        yield {
            "uid": f"appearance-{row['pk']}",
            "title": f"{row['title']} ({row['outlet__name']})",
            "kind": kind,
            "icon": "mic-fill",
            "starts_at": row["starts_at"],
            "ends_at": row["starts_at"] + timedelta(minutes=row["duration_minutes"]),
            "url": url(row["pk"]),
            "location": row["location"],
            "day_total": row.get("day_total", 1),
            "created_at": row["created_at"],
            "changed_at": row["updated_at"],
            "cancelled": row["status"] == AppearanceStatus.CANCELLED,
        }
