from django.apps import AppConfig


class BtbConfig(AppConfig):
    name = "btb"
    verbose_name = "Behind the Badge"

    def ready(self):
        from . import aggregates

        aggregates.connect()
