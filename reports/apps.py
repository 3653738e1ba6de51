from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from btb.accounts.enums import Role
        from btb.navigation import register_nav_item

        from . import home_panels, rules  # noqa: F401

        register_nav_item(
            label="Reports",
            url_name="reports:dashboard",
            roles={Role.COORDINATOR, Role.OVERSIGHT},
            order=90,
            active_when={"reports:*"},
        )
