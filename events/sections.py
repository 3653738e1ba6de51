"""Sections of the summit page that other parts of the programme fill in.

The summit page has sections for volunteers, tickets and feedback that later work provides. An app (or a later
part of this one) fills a section by registering a builder in its ``AppConfig.ready()``::

    from events.sections import register_summit_section

    @register_summit_section("feedback")
    def feedback_section(request, summit):
        return {"template": "feedback/_summit_section.html", "context": {...}}  # or None to show nothing

Until a section is registered the page shows a clearly marked placeholder. Builders must not query per row.
"""

from collections.abc import Callable

PLACEHOLDER_SECTIONS = {
    "volunteers": ("Volunteers", "Volunteer roles and sign-ups will appear here."),
    "tickets": ("Tickets", "Ticket holders imported from Eventbrite or Shoobs will appear here."),
    "feedback": ("Feedback", "Attendee surveys and influencer debriefs will appear here."),
}

_builders: dict[str, Callable] = {}


def register_summit_section(key: str):
    if key not in PLACEHOLDER_SECTIONS:
        raise ValueError(f"unknown summit section {key!r}; known: {sorted(PLACEHOLDER_SECTIONS)}")

    def decorator(build):
        _builders[key] = build
        return build

    return decorator


def sections_for(request, summit) -> list[dict]:
    sections = []
    for key, (title, placeholder) in PLACEHOLDER_SECTIONS.items():
        built = _builders[key](request, summit) if key in _builders else None
        sections.append({"key": key, "title": title, "placeholder": placeholder, "built": built})
    return sections
