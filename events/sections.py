"""Sections of the summit page that other parts of the programme fill in (this module imports none of them).

A part fills a section by registering a builder in its ``AppConfig.ready()``::

    from events.sections import register_summit_section

    @register_summit_section("feedback")
    def feedback_section(request, summit):
        return {"template": "feedback/_summit_section.html", "context": {...}}  # or None to show nothing

A section shows only when its builder returns something (a user who may not see the roster gets no volunteers
section). Builders must not query per row.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

# The page's sections in the order they appear, with their headings.
SUMMIT_SECTIONS = {"volunteers": _("Volunteers"), "tickets": _("Tickets"), "feedback": _("Feedback")}

_builders: dict[str, Callable] = {}


def register_summit_section(key: str):
    if key not in SUMMIT_SECTIONS:
        raise ValueError(f"unknown summit section {key!r}; known: {sorted(SUMMIT_SECTIONS)}")

    def decorator(build):
        _builders[key] = build
        return build

    return decorator


def sections_for(request, summit) -> list[dict]:
    sections = []
    for key, title in SUMMIT_SECTIONS.items():
        built = _builders[key](request, summit) if key in _builders else None
        if built is not None:
            sections.append({"key": key, "title": title, "built": built})
    return sections


# The summit's outcome figures (attendance and its basis, spend, costs per head, survey, interest) are computed by the
# reports, which know the surveys and the interest this app cannot import; the page shows what they register here,
# so its figures are the ones the evaluation, the dashboard and the board report show.
_outcome_builder: Callable | None = None


def register_summit_outcome(build: Callable) -> None:
    """``build(summit)`` returns the summit's outcome (``reports.outcomes.SummitOutcome``)."""
    global _outcome_builder
    _outcome_builder = build


def outcome_for(summit):
    """The summit's outcome, built once per summit object: the page's sections (tickets, feedback) read the same
    figures as its outcome card rather than counting again."""
    if _outcome_builder is None:
        return None
    if "_outcome" not in summit.__dict__:
        summit.__dict__["_outcome"] = _outcome_builder(summit)
    return summit.__dict__["_outcome"]
