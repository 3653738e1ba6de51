import time

from django.conf import settings
from django.core.management.base import BaseCommand

from btb.celery import app
from btb.schedule import InProcessSchedule


class Command(BaseCommand):
    help = (
        "Run the periodic work of the beat schedule (survey sends, reminders, recovery, retention) in this process, "
        "for the embedded default, which has no Redis and so no beat or worker. `make run` starts it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every scheduled task once, then stop.")

    def handle(self, *args, once=False, **options):
        schedule = InProcessSchedule(app, settings.CELERY_BEAT_SCHEDULE)
        while True:
            ran, wait = schedule.run_due()
            if ran:
                self.stdout.write("Ran " + ", ".join(ran))
            if once:
                return
            time.sleep(wait)
