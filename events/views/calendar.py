from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from btb.accounts.models import Borough
from btb.ical import IcalItem, ical_calendar

from ..calendar import DAY_SHOWN, entries_between, month_bounds, month_grid
from ..models import CalendarFeedToken
from ..rules import can_plan

FEED_MONTHS_BACK = 3
FEED_MONTHS_AHEAD = 18


def _parse_month(value: str) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in value.split("-"))
        date(year, month, 1)
    except (ValueError, TypeError):
        return today.year, today.month
    if not 2000 <= year <= 2100:
        return today.year, today.month
    return year, month


def _parse_day(value: str, year: int, month: int) -> date | None:
    """A day of the month shown (``?day=YYYY-MM-DD``), whose every entry is listed below the month; else None."""
    try:
        day = date.fromisoformat(value)
    except (ValueError, TypeError):
        return None
    return day if (day.year, day.month) == (year, month) else None


def _day_entries(user, day: date, borough):
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, zone)
    return entries_between(user=user, start=start, end=start + timedelta(days=1), borough=borough)


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


class CalendarView(PermissionRequiredMixin, TemplateView):
    """A month of summits and other dated items, optionally for one borough."""

    permission_required = "events.list_summit"
    template_name = "events/calendar.html"

    def get_context_data(self, **kwargs):
        year, month = _parse_month(self.request.GET.get("month", ""))
        boroughs = list(Borough.objects.filter(active=True))
        borough = next((b for b in boroughs if str(b.pk) == self.request.GET.get("borough")), None)
        start, end = month_bounds(year, month)
        entries = entries_between(user=self.request.user, start=start, end=end, borough=borough, per_day=DAY_SHOWN)
        borough_query = f"&borough={borough.pk}" if borough else ""
        day = _parse_day(self.request.GET.get("day", ""), year, month)
        return super().get_context_data(
            month_start=start.date(),
            weeks=month_grid(year, month, entries),
            day=day,
            day_entries=_day_entries(self.request.user, day, borough) if day else [],
            entries=entries,
            boroughs=boroughs,
            borough=borough,
            previous_month="{}-{:02d}".format(*_shift(year, month, -1)),
            next_month="{}-{:02d}".format(*_shift(year, month, 1)),
            borough_query=borough_query,
            can_subscribe=can_plan(self.request.user),
            **kwargs,
        )


class CalendarSubscribeView(PermissionRequiredMixin, TemplateView):
    """The coordinator's private feed address. Only a hash is kept, so the address is shown once, on the page that
    makes it; POST makes a new one (the old one stops working), or with ``revoke`` removes it."""

    permission_required = "events.subscribe_calendar"
    template_name = "events/calendar_subscribe.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("feed", CalendarFeedToken.objects.filter(user=self.request.user).first())
        return super().get_context_data(idle_days=settings.CALENDAR_FEED_IDLE_DAYS, **kwargs)

    def post(self, request, *args, **kwargs):
        CalendarFeedToken.objects.filter(user=request.user).delete()
        if "revoke" in request.POST:
            messages.success(request, "Your calendar feed address no longer works.")
            return redirect("events:calendar_subscribe")
        feed = CalendarFeedToken.objects.create(user=request.user)
        feed_url = request.build_absolute_uri(reverse("events:calendar_feed", kwargs={"token": feed.token}))
        messages.success(request, "Your calendar feed address is ready. Any earlier address no longer works.")
        return self.render_to_response(self.get_context_data(feed=feed, feed_url=feed_url))


class CalendarFeedView(View):
    """The ICS feed for calendar apps, authenticated by the secret token in its address (btb/ical.py says how it
    is written). A cancelled summit or appearance stays in it, marked cancelled, until it is over."""

    def get(self, request, token):
        feed = CalendarFeedToken.active(token, related=["user"])
        if feed is None or not can_plan(feed.user):
            raise Http404("No such calendar feed.")
        now, today = timezone.now(), timezone.localdate()
        start, _ = month_bounds(*_shift(today.year, today.month, -FEED_MONTHS_BACK))
        end, _ = month_bounds(*_shift(today.year, today.month, FEED_MONTHS_AHEAD))
        entries = entries_between(user=feed.user, start=start, end=end, include_cancelled=True)
        items = [
            IcalItem(
                key=entry.uid,
                summary=entry.title,
                starts_at=entry.starts_at,
                ends_at=entry.ends_at,
                created_at=entry.created_at or entry.starts_at,
                changed_at=entry.changed_at or entry.created_at or entry.starts_at,
                cancelled=entry.cancelled,
                location=entry.location,
                url=settings.SITE_URL + entry.url,
                categories=(entry.kind,),
            )
            for entry in entries
            if not (entry.cancelled and (entry.ends_at or entry.starts_at) <= now)
        ]
        response = HttpResponse(
            ical_calendar(items, name="Behind the Badge"), content_type="text/calendar; charset=utf-8"
        )
        response["Cache-Control"] = "private, no-store"
        return response
