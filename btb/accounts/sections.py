"""Sections of a volunteer's profile page that other parts of the programme fill in (this module imports none of
them): volunteering adds what the volunteer can offer roles (first aid, a language).

A part registers a builder in its ``AppConfig.ready()``; ``build(request, profile, own_profile)`` returns
``{"template": ..., "context": {...}}``, or None to show nothing. Builders must not query per row.
"""

from collections.abc import Callable

_builders: list[Callable] = []


def register_profile_section(build: Callable) -> Callable:
    if build not in _builders:
        _builders.append(build)
    return build


def profile_sections_for(request, profile, *, own_profile: bool) -> list[dict]:
    built = (build(request, profile, own_profile) for build in _builders)
    return [section for section in built if section is not None]
