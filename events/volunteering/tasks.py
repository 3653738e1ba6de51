"""Background work for volunteering: reminders and lapsed offers (the messages go through the outbox)."""

from celery import shared_task

from . import services


@shared_task
def task_queue_volunteer_reminders() -> int:
    """Beat: every confirmed volunteer hears two days before."""
    return services.reminders_queue()


@shared_task
def task_lapse_expired_offers() -> int:
    """Beat: offers from the waiting list not taken up in time pass to the next person."""
    return services.offers_lapse()
