"""Scheduled account housekeeping (its e-mails go through the outbox: btb.accounts.mail)."""

from celery import shared_task

from . import services


@shared_task
def task_purge_unverified_registrations() -> int:
    return services.purge_unverified_registrations()
