"""Media appearances on the programme calendar (the contract is in events/calendar.py; events finds this module
itself, so this app never imports events)."""

from .enums import AppearanceStatus
from .selectors import appearances_visible_to


def calendar_entries(*, user, start, end, borough=None):
    appearances = (
        appearances_visible_to(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=AppearanceStatus.CANCELLED)
    )
    if borough is not None:
        # An appearance belongs to a borough through the officers and staff taking part.
        appearances = appearances.filter(participants__volunteer__borough=borough).distinct()
    appearances = appearances.select_related(None).select_related("outlet")  # a national month holds hundreds
    fields = ("title", "starts_at", "duration_minutes", "location", "outlet__name")
    for appearance in appearances.only(*fields).order_by("starts_at"):
        yield {
            "uid": f"appearance-{appearance.pk}",
            "title": f"{appearance.title} ({appearance.outlet.name})",
            "kind": "Media appearance",
            "starts_at": appearance.starts_at,
            "ends_at": appearance.ends_at,
            "url": appearance.get_absolute_url(),
            "location": appearance.location,
        }
