from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from btb.accounts.enums import Role
        from btb.navigation import register_nav_item
        from influencers.engagements import register_engagement_source

        from . import home_panels  # noqa: F401  (registers the home page panels)
        from .engagements import summit_engagements
        from .volunteering.setup import connect as connect_volunteering

        connect_volunteering()

        register_nav_item(
            label="Summits",
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
            },
        )
        register_nav_item(
            label="Calendar",
            url_name="events:calendar",
            roles={Role.COORDINATOR, Role.OVERSIGHT},
            order=25,
            active_when={"events:calendar*"},
        )
        register_nav_item(
            label="Venues",
            url_name="events:venue_list",
            roles={Role.COORDINATOR},
            order=28,
            active_when={"events:venue_*"},
        )
        register_engagement_source(label="Summits", build=summit_engagements, order=10)

        # Ticket holders (issue 7): the import task for workers, and the summit page's "tickets" section.
        from . import ticket_tasks  # noqa: F401
        from .views import tickets as ticket_views  # noqa: F401
