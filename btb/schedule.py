"""The beat schedule run in one process, for the embedded default: no Redis, so no broker, no worker and no beat.

Production runs ``celery beat`` and workers (docker-compose.yml). ``make run`` has neither, yet its survey sends,
reminders, recovery and retention must still happen, or "Invitations go out Wed 2 Dec, 10:00" never comes. So
``manage.py run_scheduled_work`` reads the same ``CELERY_BEAT_SCHEDULE`` and, in a loop, runs each task that is
due, in its own process, through ``Task.apply`` (the task's own code, as a worker would run it, with the retries
it asks for run at once). Every task is built to be run again safely, so the first pass at start-up runs them all.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from celery import Celery
from celery.schedules import BaseSchedule, maybe_schedule

logger = logging.getLogger(__name__)

LONGEST_WAIT_SECONDS = 60


@dataclass
class ScheduledTask:
    name: str
    task: str
    schedule: BaseSchedule
    kwargs: dict
    last_run_at: datetime | None = None


class InProcessSchedule:
    def __init__(self, app: Celery, beat_schedule: dict):
        app.loader.import_default_modules()  # registers every app's tasks, as a worker's start does
        self.app = app
        self.entries = [
            ScheduledTask(name, conf["task"], maybe_schedule(conf["schedule"], app=app), conf.get("kwargs", {}))
            for name, conf in beat_schedule.items()
        ]
        unknown = [entry.task for entry in self.entries if entry.task not in app.tasks]
        if unknown:
            raise LookupError("The beat schedule names tasks that do not exist: " + ", ".join(unknown))

    def run_due(self) -> tuple[list[str], float]:
        """Run every entry that is due (each one is due on the first pass); the names of those that ran, and how
        many seconds until the next one may be due."""
        ran, wait = [], float(LONGEST_WAIT_SECONDS)
        for entry in self.entries:
            if entry.last_run_at is None:
                due, next_in = True, LONGEST_WAIT_SECONDS
            else:
                due, next_in = entry.schedule.is_due(entry.last_run_at)
            if due:
                entry.last_run_at = self.app.now()
                # One failing task must not stop the others; the next pass tries it again. Only the error's type
                # is logged: a mail server's refusal can quote a recipient's address. (Eager tasks may re-raise.)
                try:
                    result = self.app.tasks[entry.task].apply(kwargs=entry.kwargs)
                    error = result.result if result.failed() else None
                except Exception as raised:
                    error = raised
                if error is None:
                    ran.append(entry.name)
                else:
                    logger.error("Scheduled task %s failed: %s", entry.name, type(error).__name__)
                next_in = entry.schedule.is_due(entry.last_run_at)[1]
            wait = min(wait, next_in)
        return ran, max(wait, 1.0)
