from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile

from events.enums import SummitStatus
from events.models import CalendarFeedToken, PlanningTask
from tests.access import ANON, COORD, OTHER, OVER, VOL, Row, everyone
from tests.events.factories import BudgetLineFactory, EngagementFactory, PanelSeatFactory, StallFactory, SummitFactory

# Coordinators plan; oversight reads; volunteers never see summit planning.
READ = {ANON: "login", VOL: 403, OTHER: 403, COORD: 200, OVER: 200}
WRITE = {ANON: "login", VOL: 403, OTHER: 403, COORD: 200, OVER: 403}
POST_ONLY = {ANON: "login", VOL: 403, OTHER: 403, COORD: 405, OVER: 403}


def build_context(users):
    coordinator = users[COORD]
    coordinator.user_permissions.add(Permission.objects.get(codename="approve_riskassessment"))
    summit = SummitFactory(lead_coordinator=coordinator)
    risk = summit.risk_assessment
    risk.status = "submitted"
    risk.document.save("ra.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    risk.document_name = "ra.pdf"
    risk.save()
    task = PlanningTask.objects.create(summit=summit, title="Ticketing live", days_before=42)
    return {
        "summit": summit,
        "task": task,
        "line": BudgetLineFactory(summit=summit),
        "engagement": EngagementFactory(summit=summit),
        "seat": PanelSeatFactory(summit=summit),
        "stall": StallFactory(summit=summit),
        "feed": CalendarFeedToken.objects.create(user=coordinator),
        "held": SummitFactory(status=SummitStatus.HELD, lead_coordinator=coordinator),
    }


def _summit(ctx):
    return {"slug": ctx["summit"].slug}


def _child(name):
    return lambda ctx: {"slug": ctx["summit"].slug, "pk": ctx[name].pk}


ROWS = {
    "events:summit_list": Row(READ),
    "events:summit_create": Row(WRITE),
    "events:summit_detail": Row(READ, kwargs=_summit),
    "events:summit_edit": Row(WRITE, kwargs=_summit),
    "events:summit_copy": Row(WRITE, kwargs=_summit),
    "events:summit_outcome": Row(WRITE, kwargs=lambda ctx: {"slug": ctx["held"].slug}),
    "events:summit_transition": Row(WRITE, kwargs=lambda ctx: {"slug": ctx["summit"].slug, "action": "cancel"}),
    "events:task_create": Row(WRITE, kwargs=_summit),
    "events:task_edit": Row(WRITE, kwargs=_child("task")),
    "events:task_done": Row(POST_ONLY, kwargs=_child("task")),
    "events:budget_create": Row(WRITE, kwargs=_summit),
    "events:budget_edit": Row(WRITE, kwargs=_child("line")),
    "events:budget_delete": Row(WRITE, kwargs=_child("line")),
    "events:engagement_create": Row(WRITE, kwargs=_summit),
    "events:engagement_edit": Row(WRITE, kwargs=_child("engagement")),
    "events:engagement_delete": Row(WRITE, kwargs=_child("engagement")),
    "events:seat_create": Row(WRITE, kwargs=_summit),
    "events:seat_edit": Row(WRITE, kwargs=_child("seat")),
    "events:seat_delete": Row(WRITE, kwargs=_child("seat")),
    "events:stall_create": Row(WRITE, kwargs=_summit),
    "events:stall_edit": Row(WRITE, kwargs=_child("stall")),
    "events:stall_delete": Row(WRITE, kwargs=_child("stall")),
    "events:risk_submit": Row(WRITE, kwargs=_summit),
    "events:risk_decide": Row(WRITE, kwargs=_summit),
    "events:risk_document": Row(READ, kwargs=_summit),
    "events:venue_list": Row(READ),
    "events:venue_create": Row(WRITE),
    "events:venue_edit": Row(WRITE, kwargs=lambda ctx: {"pk": ctx["summit"].venue_id}),
    "events:calendar": Row(READ),
    "events:calendar_subscribe": Row(WRITE),
    # The secret address is the credential (calendar apps cannot sign in); a session adds nothing.
    "events:calendar_feed": Row(everyone(200), kwargs=lambda ctx: {"token": ctx["feed"].token}),
}
