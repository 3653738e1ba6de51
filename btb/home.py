"""The home page is assembled from panels that each app contributes, so the page needs to import no app.

An app registers a panel in its ``AppConfig.ready()``; each panel returns a ``HomePanel`` or None (nothing to
show). Panels are shown in ``order`` to the users whose role they name.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from btb.accounts.enums import Role


@dataclass
class HomePanel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class _Registration:
    roles: frozenset
    build: Callable
    order: int


_panels: list[_Registration] = []


def register_panel(*, roles: set[Role], order: int = 100):
    def decorator(build):
        _panels.append(_Registration(frozenset(roles), build, order))
        return build

    return decorator


def panels_for(request) -> list[HomePanel]:
    user = request.user
    shown = []
    for registration in sorted(_panels, key=lambda r: r.order):
        if any(user.has_role(role) for role in registration.roles):
            panel = registration.build(request)
            if panel is not None:
                panel.order = registration.order
                shown.append(panel)
    return shown
