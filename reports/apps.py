from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from btb.accounts.enums import Role
        from btb.navigation import register_nav_item
        from events.sections import register_summit_outcome

        from . import home_panels, rules  # noqa: F401
        from .rollup import summit_outcome

        register_summit_outcome(summit_outcome)

        register_nav_item(
            label=_("Reports"),
            url_name="reports:dashboard",
            roles={Role.COORDINATOR, Role.OVERSIGHT},
            order=90,
            active_when={"reports:*"},
        )
