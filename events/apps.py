from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from btb.accounts.enums import Role
from btb.home import register_panel
from btb.navigation import register_nav_item
from influencers.engagements import register_engagement_source

from .engagements import summit_engagements


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        # Imported here, not at the top: these read models, which Django loads only after importing this module.
        from btb.outbox.services import register_scope

        from . import home_panels
        from .services import cancellations, risk_notices
        from .tickets import setup as tickets_setup
        from .volunteering import setup as volunteering_setup

        register_panel(roles={Role.COORDINATOR}, order=20)(home_panels.overdue_tasks)
        register_panel(roles={Role.COORDINATOR}, order=15)(home_panels.risk_assessments_to_decide)
        volunteering_setup.connect()
        tickets_setup.connect()

        register_nav_item(
            label=_("Summits"),
            url_name="events:summit_list",
            roles={Role.COORDINATOR, Role.OVERSIGHT},
            order=20,
            active_when={
                "events:summit_*",
                "events:task_*",
                "events:budget_*",
                "events:engagement_*",
                "events:seat_*",
                "events:stall_*",
                "events:risk_*",
                "events:ticket_*",
            },
        )
        register_nav_item(
            label=_("Calendar"),
            url_name="events:calendar",
            roles={Role.COORDINATOR, Role.OVERSIGHT},
            order=25,
            active_when={"events:calendar*"},
        )
        register_nav_item(
            label=_("Venues"),
            url_name="events:venue_list",
            roles={Role.COORDINATOR},
            order=28,
            active_when={"events:venue_*"},
        )
        register_engagement_source(label=_("Summits"), build=summit_engagements, order=10)
        register_scope("summit", _summit_names)
        cancellations.register()
        risk_notices.register()


def _summit_names(ids: list[int]) -> dict[int, str]:
    from .models import Summit

    return {summit.pk: str(summit) for summit in Summit.objects.filter(pk__in=ids)}
