from django.apps import AppConfig


class MediaAppearancesConfig(AppConfig):
    name = "media_appearances"
    verbose_name = "Media Appearances"
