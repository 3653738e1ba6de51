from django.utils.translation import gettext as _

from btb.home import HomePanel

from . import selectors
from .rules import can_decide_risk

SHOWN = 6


def overdue_tasks(request):
    """Planning tasks past their due date that the coordinator owns or whose summit they lead."""
    tasks = list(selectors.overdue_tasks(user=request.user, limit=SHOWN + 1))
    if not tasks:
        return None  # nothing overdue: the home page stays quiet
    return HomePanel(
        title=_("Overdue planning tasks"),
        template="events/_panel_overdue_tasks.html",
        context={"tasks": tasks[:SHOWN], "more": len(tasks) > SHOWN},
    )


def risk_assessments_to_decide(request):
    """For those who may decide them: submitted risk assessments waiting for a decision."""
    if not can_decide_risk(request.user):
        return None
    waiting = list(selectors.risk_assessments_awaiting_decision()[: SHOWN + 1])
    if not waiting:
        return None
    return HomePanel(
        title=_("Risk assessments to decide"),
        template="events/_panel_risk_to_decide.html",
        context={"assessments": waiting[:SHOWN], "more": len(waiting) > SHOWN},
    )
