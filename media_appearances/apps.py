from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaAppearancesConfig(AppConfig):
    name = "media_appearances"
    verbose_name = "Media Appearances"

    def ready(self):
        from btb.accounts.enums import Role
        from btb.navigation import register_nav_item
        from btb.outbox.services import register_scope
        from influencers.engagements import register_engagement_source

        from . import notices
        from .engagements import presented_appearances

        register_nav_item(
            label=_("Media"),
            url_name="media_appearances:appearance_list",
            roles={Role.COORDINATOR, Role.OVERSIGHT},
            order=30,
            active_when={"media_appearances:*"},
        )
        register_nav_item(
            label=_("My appearances"),
            url_name="media_appearances:my_appearances",
            roles={Role.VOLUNTEER},
            order=40,
        )
        register_engagement_source(label="Media appearances", build=presented_appearances, order=20)
        register_scope("appearance", _appearance_names)
        notices.register()


def _appearance_names(ids: list[int]) -> dict[int, str]:
    from .models import Appearance

    return {appearance.pk: str(appearance) for appearance in Appearance.objects.filter(pk__in=ids)}
