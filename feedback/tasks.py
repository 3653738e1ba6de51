"""Survey scheduling, the response shuffle and retention, run by the Celery worker (beat queues them:
CELERY_BEAT_SCHEDULE in btb/settings.py). The survey's e-mails are delivered and recovered by the outbox's tasks
(btb.outbox.tasks)."""

from celery import shared_task

from . import services


@shared_task
def task_dispatch_surveys() -> dict:
    return services.surveys_dispatch_due()


@shared_task
def task_shuffle_responses() -> dict:
    return services.responses_shuffle()


@shared_task
def task_purge_personal_data() -> dict:
    return services.personal_data_purge()
