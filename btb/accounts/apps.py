from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "btb.accounts"
    label = "accounts"
    verbose_name = "Accounts and volunteers"

    def ready(self):
        from btb.navigation import register_nav_item

        from . import home_panels, mail  # noqa: F401  (home_panels registers the home page panels)
        from .enums import Role

        mail.register()

        register_nav_item(
            label=_("Volunteers"),
            url_name="accounts:volunteer_list",
            roles={Role.COORDINATOR},
            order=80,
            active_when={"accounts:volunteer_list", "accounts:volunteer_detail"},
        )
        register_nav_item(
            label=_("My profile"),
            url_name="accounts:profile",
            roles={Role.VOLUNTEER},
            order=90,
            active_when={"accounts:profile", "accounts:profile_edit"},
        )
