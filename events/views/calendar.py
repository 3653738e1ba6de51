from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from btb.accounts.models import Borough
from btb.bounds import parse_key
from btb.feed_tokens import hash_feed_token
from btb.ical import IcalItem, ical_calendar

from ..calendar import DAY_SHOWN, WEEK_SHOWN, entries_between, entries_by_day, month_bounds, month_grid, week_days
from ..models import CalendarFeedToken
from ..rules import can_plan
from .mixins import FeedAddressMixin

VIEWS = {"month": gettext_lazy("Month"), "week": gettext_lazy("Week"), "list": gettext_lazy("List")}
LIST_PER_PAGE = 50
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
        borough_query = f"&borough={borough.pk}" if borough else ""
        view = self.request.GET.get("view") if self.request.GET.get("view") in VIEWS else "month"
        common = {
            "view": view,
            "views": VIEWS,
            "boroughs": boroughs,
            "borough": borough,
            "borough_query": borough_query,
        }
        common["can_subscribe"] = can_plan(self.request.user)
        common["today"] = timezone.localdate()
        if view == "week":
            return super().get_context_data(**common, **self._week(borough), **kwargs)
        start, end = month_bounds(year, month)
        if view == "list":
            entries = entries_between(user=self.request.user, start=start, end=end, borough=borough)
            page = Paginator(entries, LIST_PER_PAGE).get_page(self.request.GET.get("page"))
            return super().get_context_data(
                **common,
                month_start=start.date(),
                entries=entries,
                page_obj=page,
                list_days=sorted(entries_by_day(page.object_list).items()),
                previous_month="{}-{:02d}".format(*_shift(year, month, -1)),
                next_month="{}-{:02d}".format(*_shift(year, month, 1)),
                **kwargs,
            )
        entries = entries_between(user=self.request.user, start=start, end=end, borough=borough, per_day=DAY_SHOWN)
        day = _parse_day(self.request.GET.get("day", ""), year, month)
        return super().get_context_data(
            **common,
            month_start=start.date(),
            weeks=month_grid(year, month, entries),
            day=day,
            day_entries=_day_entries(self.request.user, day, borough) if day else [],
            entries=entries,
            previous_month="{}-{:02d}".format(*_shift(year, month, -1)),
            next_month="{}-{:02d}".format(*_shift(year, month, 1)),
            **kwargs,
        )

    def _week(self, borough) -> dict:
        try:
            anchor = date.fromisoformat(self.request.GET.get("week", ""))
        except ValueError:
            anchor = timezone.localdate()
        if not 2000 <= anchor.year <= 2100:
            anchor = timezone.localdate()
        monday = anchor - timedelta(days=anchor.weekday())
        start = datetime.combine(monday, time.min, timezone.get_current_timezone())
        end = datetime.combine(monday + timedelta(days=7), time.min, timezone.get_current_timezone())
        entries = entries_between(user=self.request.user, start=start, end=end, borough=borough, per_day=WEEK_SHOWN)
        return {
            "week_start": monday,
            "week_end": monday + timedelta(days=6),
            "days": week_days(monday, entries),
            "entries": entries,
            "previous_week": (monday - timedelta(days=7)).isoformat(),
            "next_week": (monday + timedelta(days=7)).isoformat(),
        }


class CalendarSubscribeView(PermissionRequiredMixin, FeedAddressMixin, TemplateView):
    """The coordinator's private feed address. Only a hash is kept, so the address is shown once, on the page that
    makes it. That page can also show the address for one borough (``?borough=`` on the feed): its form posts the
    address back, and the page shows it again only if it is this coordinator's current one."""

    permission_required = "events.subscribe_calendar"
    template_name = "events/calendar_subscribe.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("feed", self.current_feed())
        return super().get_context_data(
            idle_days=settings.CALENDAR_FEED_IDLE_DAYS, boroughs=Borough.objects.filter(active=True), **kwargs
        )

    def current_feed(self):
        return CalendarFeedToken.objects.filter(user=self.request.user).first()

    def make_feed(self):
        CalendarFeedToken.objects.filter(user=self.request.user).delete()
        return CalendarFeedToken.objects.create(user=self.request.user)

    def revoke_feed(self):
        CalendarFeedToken.objects.filter(user=self.request.user).delete()

    def feed_url(self, feed, token, borough=None):
        url = self.request.build_absolute_uri(reverse("events:calendar_feed", kwargs={"token": token}))
        return f"{url}?borough={borough.pk}" if borough else url

    def post(self, request, *args, **kwargs):
        if "show" not in request.POST:
            return super().post(request, *args, **kwargs)
        # The address for one borough, made from the address the page showed (never stored in the clear).
        token = request.POST.get("token", "")
        feed = self.current_feed()
        if feed is None or feed.token_hash != hash_feed_token(token):
            messages.error(request, _("That address is no longer yours: make a new one."))
            return redirect(request.path)
        choice = parse_key(request.POST.get("borough"))
        borough = Borough.objects.filter(active=True, pk=choice).first() if choice is not None else None
        context = self.get_context_data(
            feed=feed, feed_url=self.feed_url(feed, token, borough), token=token, borough=borough
        )
        return self.render_to_response(context)


class CalendarFeedView(View):
    """The ICS feed for calendar apps, authenticated by the secret token in its address (btb/ical.py says how it
    is written). A cancelled summit or appearance stays in it, marked cancelled, until it is over."""

    def get(self, request, token):
        feed = CalendarFeedToken.active(token, related=["user"])
        if feed is None or not can_plan(feed.user):
            raise Http404("No such calendar feed.")
        now, today = timezone.now(), timezone.localdate()
        start, _end = month_bounds(*_shift(today.year, today.month, -FEED_MONTHS_BACK))
        end, _next = month_bounds(*_shift(today.year, today.month, FEED_MONTHS_AHEAD))
        borough = None
        if "borough" in request.GET:
            borough = Borough.objects.filter(active=True, pk=parse_key(request.GET["borough"]) or 0).first()
            if borough is None:
                raise Http404("No such borough.")
        entries = entries_between(user=feed.user, start=start, end=end, borough=borough, include_cancelled=True)
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
        name = f"Behind the Badge: {borough.name}" if borough else "Behind the Badge"
        response = HttpResponse(ical_calendar(items, name=name), content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, no-store"
        return response
