"""A month view's share of a calendar source: the earliest few items of each day and how many the day holds (the
contract is in events/calendar.py; here so that apps which must not import events can use it)."""

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone


def day_window(queryset, per_day: int | None, field: str = "starts_at"):
    """``queryset`` cut to the earliest ``per_day`` rows of each local day, each annotated with ``day_total``; the
    whole queryset when ``per_day`` is None. The database ranks and counts (window functions), so a month costs
    what it shows, not what it holds."""
    if per_day is None:
        return queryset
    day = TruncDate(field, tzinfo=timezone.get_current_timezone())
    return queryset.annotate(
        day_rank=Window(RowNumber(), partition_by=[day], order_by=[F(field).asc(), F("pk").asc()]),
        day_total=Window(Count("*"), partition_by=[day]),
    ).filter(day_rank__lte=per_day)
