from btb.home import HomePanel

from . import selectors

SHOWN = 6


def overdue_tasks(request):
    """Planning tasks past their due date that the coordinator owns or whose summit they lead."""
    tasks = list(selectors.overdue_tasks(user=request.user, limit=SHOWN + 1))
    if not tasks:
        return None  # nothing overdue: the home page stays quiet
    return HomePanel(
        title="Overdue planning tasks",
        template="events/_panel_overdue_tasks.html",
        context={"tasks": tasks[:SHOWN], "more": len(tasks) > SHOWN},
    )
