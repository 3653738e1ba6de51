"""The main navigation, assembled from items each app registers, so base.html names no app's URLs.

An app registers items in its ``AppConfig.ready()``::

    register_nav_item(label="Summits", url_name="events:summit_list", roles={Role.COORDINATOR}, order=20,
                      active_when={"events:summit_*"})

An item is shown to users holding any of its roles (superusers see everything). It is marked as the current page
when the request's ``namespace:url_name`` matches one of the ``active_when`` patterns (shell-style wildcards;
by default just ``url_name``).
"""

from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.urls import reverse

from btb.accounts.enums import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset
    order: int
    active_when: frozenset


_items: list[NavItem] = []


def register_nav_item(*, label: str, url_name: str, roles: set[Role], order: int = 100, active_when=None) -> None:
    _items.append(NavItem(label, url_name, frozenset(roles), order, frozenset(active_when or {url_name})))
    _items.sort(key=lambda item: item.order)


def nav_items_for(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    match = request.resolver_match
    current = match.view_name if match else ""
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "active": any(fnmatchcase(current, pattern) for pattern in item.active_when),
        }
        for item in _items
        if any(user.has_role(role) for role in item.roles)
    ]
