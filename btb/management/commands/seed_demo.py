from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Load demo data; safe to run again (it fills in what is missing and changes nothing else). "
        "Each app contributes through its own demo.py, in INSTALLED_APPS order. Demo logins are created only "
        "when DEBUG is on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply the amount of demo data (benchmarks).")

    def handle(self, *args, scale, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        for config in apps.get_app_configs():
            if not module_has_submodule(config.module, "demo"):
                continue
            demo = import_module(f"{config.name}.demo")
            with transaction.atomic():
                summary = demo.seed(scale=scale, stdout=self.stdout)
            self.stdout.write(f"{config.verbose_name}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
