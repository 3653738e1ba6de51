"""Media appearances on the programme calendar (the contract is in events/calendar.py; events finds this module
itself, so this app never imports events)."""

from django.db.models import Exists, OuterRef

from btb.calendar_window import day_window

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
    appearances = appearances.select_related(None).select_related("outlet")  # a national month holds hundreds
    fields = (
        "title",
        "starts_at",
        "duration_minutes",
        "location",
        "outlet__name",
        "status",
        "created_at",
        "updated_at",
    )
    appearances = day_window(appearances.only(*fields), per_day)
    for appearance in appearances.order_by("starts_at", "pk"):
        yield {
            "uid": f"appearance-{appearance.pk}",
            "title": f"{appearance.title} ({appearance.outlet.name})",
            "kind": "Media appearance",
            "starts_at": appearance.starts_at,
            "ends_at": appearance.ends_at,
            "url": appearance.get_absolute_url(),
            "location": appearance.location,
            "day_total": getattr(appearance, "day_total", 1),
            "created_at": appearance.created_at,
            "changed_at": appearance.updated_at,
            "cancelled": appearance.status == AppearanceStatus.CANCELLED,
        }
