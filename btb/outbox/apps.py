from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "btb.outbox"
    label = "outbox"
    verbose_name = "Outgoing mail"

    def ready(self):
        from btb.accounts.enums import Role
        from btb.navigation import register_nav_item

        register_nav_item(
            label=_("Mail"), url_name="outbox:mail_list", roles={Role.COORDINATOR}, order=85, active_when={"outbox:*"}
        )
