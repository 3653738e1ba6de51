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
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
        text = ngettext("%(count)d planning task overdue.", "%(count)d planning tasks overdue.", overdue)
        result.add(WARNING, text % {"count": overdue}, page + "#checklist", _("See the checklist"))
    else:
        result.add(OK, _("No planning task is overdue."))
    _roles(result, summit)
    _stalls(result, summit, page)
    _panel(result, summit, page)
    _budget(result, summit, page)
    result.checks.sort(key=lambda c: (BLOCKING, WARNING, OK).index(c.level))
    return result


def _when_and_where(result, summit, edit):
    if summit.venue_id is None:
        result.add(BLOCKING, _("No venue is chosen."), edit, _("Choose a venue"), needs=_("a venue"))
    if summit.starts_at is None or summit.ends_at is None:
        result.add(BLOCKING, _("The start and end are not set."), edit, _("Set the date"), needs=_("its start and end"))


def _risk(result, summit, slug):
    risk = summit.risk_assessment
    if risk.status == RiskAssessmentStatus.APPROVED:
        result.add(OK, _("The risk assessment is approved."))
        return
    needs = _("an approved risk assessment")
    if risk.status == RiskAssessmentStatus.SUBMITTED:
        result.add(
            BLOCKING,
            _("The risk assessment is waiting for an approver."),
            reverse("events:risk_decide", args=[slug]),
            _("Approve or return it"),
            needs=needs,
        )
    else:
        text = (
            _("The risk assessment was returned: %(note)s") % {"note": risk.decision_note}
            if risk.status == RiskAssessmentStatus.RETURNED
            else _("The risk assessment has not been submitted.")
        )
        submit = reverse("events:risk_submit", args=[slug])
        result.add(BLOCKING, text, submit, _("Upload and submit it"), needs=needs)


def _capacity(result, summit, edit):
    venue, expected, catering = summit.venue, summit.expected_attendees, summit.catering_headcount
    if venue is None:
        return
    numbers = {"venue": venue.name, "capacity": venue.capacity, "expected": expected, "catering": catering}
    if venue.capacity is None:
        result.add(
            WARNING,
            _("%(venue)s's capacity is not recorded.") % {"venue": venue.name},
            reverse("events:venue_edit", args=[venue.pk]),
            _("Record the venue's capacity"),
        )
    elif expected and expected > venue.capacity:
        result.add(
            BLOCKING,
            _("%(venue)s holds %(capacity)s, and %(expected)s are expected.") % numbers,
            edit,
            _("Choose a bigger venue or change the numbers"),
            needs=_("a venue that holds the %(expected)s expected (%(venue)s holds %(capacity)s)") % numbers,
        )
    elif catering and catering > venue.capacity:
        result.add(
            WARNING,
            _("Catering is for %(catering)s, more than %(venue)s holds (%(capacity)s).") % numbers,
            edit,
            _("Check"),
        )
    if expected and catering and catering < expected:
        text = _("Catering is for %(catering)s, and %(expected)s are expected.") % numbers
        result.add(WARNING, text, edit, _("Change the numbers"))
    if not expected:
        result.add(WARNING, _("The expected attendance is not recorded."), edit, _("Record it"))
    elif venue.capacity and expected <= venue.capacity and (not catering or catering >= expected):
        result.add(OK, _("%(venue)s holds %(capacity)s, for %(expected)s expected.") % numbers)


def _roles(result, summit):
    roles = [role for role in roster(summit.volunteer_roles.all()) if not role.is_panel]
    url = reverse("events:summit_roster", args=[summit.slug])
    if not roles:
        result.add(WARNING, _("No volunteer roles yet (set-up, welcome desk, stalls)."), url, _("Add roles"))
        return
    places = sum(role.places for role in roles)
    confirmed = sum(min(role.confirmed, role.places) for role in roles)
    pending = sum(role.pending for role in roles)
    if confirmed < places:
        numbers = {"confirmed": confirmed, "places": places, "pending": pending}
        text = (
            _("%(confirmed)s of %(places)s volunteer places confirmed, %(pending)s waiting for your decision.")
            if pending
            else _("%(confirmed)s of %(places)s volunteer places confirmed.")
        )
        result.add(WARNING, text % numbers, url, _("Open the roster"))
    else:
        result.add(OK, _("All %(places)s volunteer places are confirmed.") % {"places": places})


def _stalls(result, summit, page):
    stalls = _rows(summit, "stalls", "unit")
    unconfirmed = [stall for stall in stalls if not stall.confirmed]
    if unconfirmed:
        names = ", ".join(str(stall.unit) for stall in unconfirmed)
        text = ngettext(
            "%(count)d stall not confirmed: %(names)s.", "%(count)d stalls not confirmed: %(names)s.", len(unconfirmed)
        )
        result.add(WARNING, text % {"count": len(unconfirmed), "names": names}, page + "#stalls", _("See the stalls"))
    elif stalls:
        text = ngettext("All %(count)d stall confirmed.", "All %(count)d stalls confirmed.", len(stalls))
        result.add(OK, text % {"count": len(stalls)})


def _panel(result, summit, page):
    seats = _rows(summit, "panel_seats", "volunteer")
    url = page + "#panel"
    if not seats:
        result.add(WARNING, _("No one is on the panel yet."), url, _("Add panellists"))
        return
    unconfirmed = [seat for seat in seats if not seat.confirmed]
    if unconfirmed:
        text = ngettext("%(count)d panellist not confirmed.", "%(count)d panellists not confirmed.", len(unconfirmed))
        result.add(WARNING, text % {"count": len(unconfirmed)}, url, _("See the panel"))
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
                    _("%(volunteer)s is on the panel and also down for %(clash)s.")
                    % {"volunteer": seat.volunteer, "clash": clash},
                    url,
                    _("See the panel"),
                )
        if not clashes and not unconfirmed:
            text = ngettext(
                "%(count)d panellist confirmed, none with a clash.",
                "%(count)d panellists confirmed, none with a clash.",
                len(seats),
            )
            result.add(OK, text % {"count": len(seats)})


def _budget(result, summit, page):
    planned = sum((line.planned for line in _rows(summit, "budget_lines")), Decimal("0.00"))
    if not planned:
        text = _("No budget is planned (food, music, influencer fees).")
        result.add(WARNING, text, page + "#budget", _("Plan the budget"))
        return
    heads = summit.catering_headcount or summit.expected_attendees
    if heads:
        per_head = (planned / heads).quantize(Decimal("0.01"))
        line = _("£%(planned)s planned, £%(per_head)s per head.") % {"planned": f"{planned:,}", "per_head": per_head}
    else:
        line = _("£%(planned)s planned.") % {"planned": f"{planned:,}"}
    result.add(OK, line)
