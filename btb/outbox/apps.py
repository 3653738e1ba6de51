from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "btb.outbox"
    label = "outbox"
    verbose_name = "Outgoing mail"
