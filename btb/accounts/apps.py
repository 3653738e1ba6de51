from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "btb.accounts"
    label = "accounts"
    verbose_name = "Accounts and volunteers"

    def ready(self):
        from . import home_panels  # noqa: F401  (registers the home page panels)
