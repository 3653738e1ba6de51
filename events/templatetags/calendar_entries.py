"""A calendar day's entries as HTML, written in Python: a national month shows about 120 entries, and an include per
entry made the month view twice as slow as a nearly empty one (bench/RESULTS.md, calendar)."""

from html import escape

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def entry_link(entry) -> str:
    """One entry (``events.calendar.CalendarEntry``): its icon, local start time, title and kind, linking to it."""
    return (
        f'<a class="d-block small btb-calendar-entry" href="{escape(entry.url)}">'
        f'<i class="bi bi-{escape(entry.icon)}" aria-hidden="true"></i> '
        f"{timezone.localtime(entry.starts_at):%H:%M} {escape(entry.title)} "
        f'<span class="btb-calendar-kind">{escape(entry.kind)}</span></a>'
    )


@register.simple_tag
def calendar_entries(entries, item: str = "") -> str:
    """The entries' links, each in an ``item`` element (``li``, say) when one is named."""
    if item not in ("", "li"):
        raise template.TemplateSyntaxError(f"calendar_entries: no such item element {item!r}")
    links = (entry_link(entry) for entry in entries)
    if item:
        links = (f"<{item}>{link}</{item}>" for link in links)
    # Every text in an entry is escaped by entry_link (tests/events/test_calendar.py checks it).
    return mark_safe("".join(links))  # noqa: S308


@register.simple_tag
def calendar_more(day: dict, month_start, borough_query: str) -> str:
    """A month cell's link to the day's whole list ("3 more"), when the cell shows only the first entries."""
    if not day["more"]:
        return ""
    return format_html(
        '<a class="d-block small" href="?month={}&amp;day={}{}#day-list">{}'
        '<span class="visually-hidden"> {}</span></a>',
        f"{month_start:%Y-%m}",
        day["date"].isoformat(),
        borough_query,
        gettext("%(more)s more") % {"more": day["more"]},
        gettext("on %(date)s") % {"date": formats.date_format(day["date"], "j F")},
    )
