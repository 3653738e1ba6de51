"""A calendar day's entries as HTML, written in Python: a national month shows about 120 entries, and an include per
entry made the month view twice as slow as a nearly empty one (bench/RESULTS.md, calendar)."""

from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

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
