"""Background work for volunteering: messages about sign-ups, reminders and lapsed offers."""

from celery import shared_task

from . import services
from .notifications import notification_send

MAIL_RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(**MAIL_RETRY)
def task_send_signup_notification(*, pk: int, kind: str, key: str = "") -> bool:
    return notification_send(signup_pk=pk, kind=kind, key=key)


@shared_task
def task_queue_volunteer_reminders() -> int:
    """Beat: every confirmed volunteer hears two days before."""
    return services.reminders_queue()


@shared_task
def task_lapse_expired_offers() -> int:
    """Beat: offers from the waiting list not taken up in time pass to the next person."""
    return services.offers_lapse()
