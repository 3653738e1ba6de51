from django.apps import AppConfig


class MediaAppearancesConfig(AppConfig):
    name = "media_appearances"
    verbose_name = "Media Appearances"

    def ready(self):
        from btb.accounts.enums import Role
        from btb.navigation import register_nav_item

        register_nav_item(
            label="Media",
            url_name="media_appearances:appearance_list",
            roles={Role.COORDINATOR, Role.OVERSIGHT},
            order=30,
            active_when={"media_appearances:*"},
        )
        register_nav_item(
            label="My appearances",
            url_name="media_appearances:my_appearances",
            roles={Role.VOLUNTEER},
            order=40,
        )
