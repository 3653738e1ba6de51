"""Building blocks of the access matrix (tests/test_access_matrix.py).

Each app's tests keep their rows in ``tests/<app>/access.py``: a ``ROWS`` dict from URL name to ``Row``, and,
when rows need objects, a ``build_context(users) -> dict`` that creates them (``users`` maps role names to users;
the volunteer's own objects belong to "volunteer", never to "other_volunteer").
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLE_NAMES = ["anonymous", "volunteer", "other_volunteer", "coordinator", "oversight"]
ANON, VOL, OTHER, COORD, OVER = ROLE_NAMES


@dataclass(frozen=True)
class Row:
    """Expected outcome per role: an HTTP status, or "login" for a redirect to the sign-in page."""

    expect: dict
    kwargs: Callable[[dict], dict] = field(default=lambda ctx: {})
    query: str = ""


def everyone(outcome) -> dict:
    return dict.fromkeys(ROLE_NAMES, outcome)


def signed_in(outcome, anonymous="login") -> dict:
    return {ANON: anonymous, VOL: outcome, OTHER: outcome, COORD: outcome, OVER: outcome}


def staff_only(coordinator=200, oversight=403, volunteer=403) -> dict:
    """A page for staff: coordinators (and oversight when readable) only."""
    return {ANON: "login", VOL: volunteer, OTHER: volunteer, COORD: coordinator, OVER: oversight}
