from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfluencersConfig(AppConfig):
    name = "influencers"
    verbose_name = "Influencers"

    def ready(self):
        from btb.accounts.enums import Role
        from btb.navigation import register_nav_item

        register_nav_item(
            label=_("Influencers"),
            url_name="influencers:influencer_list",
            roles={Role.COORDINATOR, Role.OVERSIGHT},
            order=30,
            active_when={"influencers:*"},
        )
