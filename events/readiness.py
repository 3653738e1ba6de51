"""Is a summit ready? One line per thing to check, each with a link to fix it, read by the summit page and by the
confirm page; ``summit_confirm`` asks the same lines, so what blocks on the page blocks in the service too.

A blocking line stops the summit being confirmed (no venue, a venue too small for those expected, the risk
assessment not approved); a warning may be passed with a tick (tasks overdue, places or stalls not confirmed, panel
clashes, no budget plan).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from .enums import RiskAssessmentStatus
from .models import Summit
from .volunteering.commitments import clashes_by_volunteer
from .volunteering.selectors import roster

BLOCKING, WARNING, OK = "blocking", "warning", "ok"


@dataclass(frozen=True)
class Check:
    level: str
    text: str
    fix_url: str = ""
    fix_label: str = ""
    needs: str = ""  # for a blocking line: what the summit needs, as the refusal says it ("a venue")

    @property
    def is_blocking(self) -> bool:
        return self.level == BLOCKING

    @property
    def is_warning(self) -> bool:
        return self.level == WARNING


@dataclass
class Readiness:
    checks: list = field(default_factory=list)

    @property
    def blocking(self) -> list[Check]:
        return [c for c in self.checks if c.is_blocking]

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if c.is_warning]

    @property
    def ready(self) -> bool:
        return not self.blocking and not self.warnings

    def add(self, level, text, fix_url="", fix_label="", needs=""):
        self.checks.append(Check(level, text, fix_url, fix_label, needs))


def _rows(summit: Summit, name: str, *related: str) -> list:
    """The summit's related rows: those the page prefetched, else fetched here with what they show."""
    if name in getattr(summit, "_prefetched_objects_cache", {}):
        return list(getattr(summit, name).all())
    return list(getattr(summit, name).select_related(*related))


def _n(count: int, noun: str, plural: str = "") -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def summit_readiness(summit: Summit, *, now=None) -> Readiness:
    """The lines for ``summit``, blocking first, in a fixed number of queries."""
    now = now or timezone.now()
    slug = summit.slug
    page = summit.get_absolute_url()
    edit = reverse("events:summit_edit", args=[slug])
    result = Readiness()
    _when_and_where(result, summit, edit)
    _risk(result, summit, slug)
    _capacity(result, summit, edit)
    today = timezone.localdate(now)
    overdue = sum(1 for task in _rows(summit, "tasks") if not task.is_done and task.due_on and task.due_on < today)
    if overdue:
        result.add(WARNING, f"{_n(overdue, 'planning task')} overdue.", page + "#checklist", "See the checklist")
    else:
        result.add(OK, "No planning task is overdue.")
    _roles(result, summit)
    _stalls(result, summit, page)
    _panel(result, summit, page)
    _budget(result, summit, page)
    result.checks.sort(key=lambda c: (BLOCKING, WARNING, OK).index(c.level))
    return result


def _when_and_where(result, summit, edit):
    if summit.venue_id is None:
        result.add(BLOCKING, "No venue is chosen.", edit, "Choose a venue", needs="a venue")
    if summit.starts_at is None or summit.ends_at is None:
        result.add(BLOCKING, "The start and end are not set.", edit, "Set the date", needs="its start and end")


def _risk(result, summit, slug):
    risk = summit.risk_assessment
    if risk.status == RiskAssessmentStatus.APPROVED:
        result.add(OK, "The risk assessment is approved.")
        return
    needs = "an approved risk assessment"
    if risk.status == RiskAssessmentStatus.SUBMITTED:
        result.add(
            BLOCKING,
            "The risk assessment is waiting for an approver.",
            reverse("events:risk_decide", args=[slug]),
            "Approve or return it",
            needs=needs,
        )
    else:
        text = (
            f"The risk assessment was returned: {risk.decision_note}"
            if risk.status == RiskAssessmentStatus.RETURNED
            else "The risk assessment has not been submitted."
        )
        result.add(BLOCKING, text, reverse("events:risk_submit", args=[slug]), "Upload and submit it", needs=needs)


def _capacity(result, summit, edit):
    venue, expected, catering = summit.venue, summit.expected_attendees, summit.catering_headcount
    if venue is None:
        return
    if venue.capacity is None:
        result.add(
            WARNING,
            f"{venue.name}'s capacity is not recorded.",
            reverse("events:venue_edit", args=[venue.pk]),
            "Record the venue's capacity",
        )
    elif expected and expected > venue.capacity:
        result.add(
            BLOCKING,
            f"{venue.name} holds {venue.capacity}, and {expected} are expected.",
            edit,
            "Choose a bigger venue or change the numbers",
            needs=f"a venue that holds the {expected} expected ({venue.name} holds {venue.capacity})",
        )
    elif catering and catering > venue.capacity:
        result.add(
            WARNING, f"Catering is for {catering}, more than {venue.name} holds ({venue.capacity}).", edit, "Check"
        )
    if expected and catering and catering < expected:
        result.add(WARNING, f"Catering is for {catering}, and {expected} are expected.", edit, "Change the numbers")
    if not expected:
        result.add(WARNING, "The expected attendance is not recorded.", edit, "Record it")
    elif venue.capacity and expected <= venue.capacity and (not catering or catering >= expected):
        result.add(OK, f"{venue.name} holds {venue.capacity}, for {expected} expected.")


def _roles(result, summit):
    roles = [role for role in roster(summit.volunteer_roles.all()) if not role.is_panel]
    url = reverse("events:summit_roster", args=[summit.slug])
    if not roles:
        result.add(WARNING, "No volunteer roles yet (set-up, welcome desk, stalls).", url, "Add roles")
        return
    places = sum(role.places for role in roles)
    confirmed = sum(min(role.confirmed, role.places) for role in roles)
    pending = sum(role.pending for role in roles)
    if confirmed < places:
        text = f"{confirmed} of {places} volunteer places confirmed"
        text += f", {pending} waiting for your decision." if pending else "."
        result.add(WARNING, text, url, "Open the roster")
    else:
        result.add(OK, f"All {places} volunteer places are confirmed.")


def _stalls(result, summit, page):
    stalls = _rows(summit, "stalls", "unit")
    unconfirmed = [stall for stall in stalls if not stall.confirmed]
    if unconfirmed:
        names = ", ".join(str(stall.unit) for stall in unconfirmed)
        result.add(
            WARNING, f"{_n(len(unconfirmed), 'stall')} not confirmed: {names}.", page + "#stalls", "See the stalls"
        )
    elif stalls:
        result.add(OK, f"All {_n(len(stalls), 'stall')} confirmed.")


def _panel(result, summit, page):
    seats = _rows(summit, "panel_seats", "volunteer")
    url = page + "#panel"
    if not seats:
        result.add(WARNING, "No one is on the panel yet.", url, "Add panellists")
        return
    unconfirmed = [seat for seat in seats if not seat.confirmed]
    if unconfirmed:
        result.add(WARNING, f"{_n(len(unconfirmed), 'panellist')} not confirmed.", url, "See the panel")
    if summit.starts_at and summit.ends_at:
        clashes = clashes_by_volunteer(
            volunteers=[seat.volunteer_id for seat in seats],
            starts_at=summit.starts_at,
            ends_at=summit.ends_at,
            ignore=("panel", summit.pk),
        )
        for seat in seats:
            for clash in clashes.get(seat.volunteer_id, []):
                result.add(
                    WARNING,
                    f"{seat.volunteer} is on the panel and also down for {clash}.",
                    url,
                    "See the panel",
                )
        if not clashes and not unconfirmed:
            result.add(OK, f"{_n(len(seats), 'panellist')} confirmed, none with a clash.")


def _budget(result, summit, page):
    planned = sum((line.planned for line in _rows(summit, "budget_lines")), Decimal("0.00"))
    if not planned:
        result.add(WARNING, "No budget is planned (food, music, influencer fees).", page + "#budget", "Plan the budget")
        return
    heads = summit.catering_headcount or summit.expected_attendees
    line = f"£{planned:,} planned"
    if heads:
        line += f", £{(planned / heads).quantize(Decimal('0.01'))} per head"
    result.add(OK, line + ".")
