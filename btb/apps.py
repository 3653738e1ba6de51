from django.apps import AppConfig


class BtbConfig(AppConfig):
    name = "btb"
    verbose_name = "Behind the Badge"
