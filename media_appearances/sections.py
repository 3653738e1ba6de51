"""Blocks of the appearance page that apps building on this one provide (this app imports none of them).

An app registers a builder in its ``AppConfig.ready()``; the builder gets the request and the appearance and returns
``{"template": ..., "context": {...}}`` or None to show nothing. Builders must not query per row::

    register_appearance_section("interviews", build=appearance_interview_section, order=10)
"""

from collections.abc import Callable

_builders: dict[str, tuple[int, Callable]] = {}


def register_appearance_section(key: str, *, build: Callable, order: int = 100) -> None:
    _builders[key] = (order, build)


def sections_for(request, appearance) -> list[dict]:
    built = []
    for key, (_, build) in sorted(_builders.items(), key=lambda item: item[1][0]):
        section = build(request, appearance)
        if section is not None:
            built.append({"key": key, **section})
    return built
