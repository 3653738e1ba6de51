"""Background work for volunteering: reminders and lapsed offers (the messages go through the outbox)."""

from celery import shared_task

from . import cover, services


@shared_task
def task_queue_volunteer_reminders() -> int:
    """Beat: every confirmed volunteer hears two days before."""
    return services.reminders_queue()


@shared_task
def task_lapse_expired_offers() -> int:
    """Beat: offers from the waiting list not taken up in time pass to the next person."""
    return services.offers_lapse()


@shared_task
def task_send_cover_invitations() -> int:
    """Beat: roles short close to their day ask the next few eligible volunteers to cover them."""
    return cover.cover_invitations_send()
