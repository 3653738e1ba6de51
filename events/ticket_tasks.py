"""The Celery task that imports a large attendee export (imported by EventsConfig.ready so workers know it)."""

from celery import shared_task

from .services.tickets import ticket_import_run


@shared_task
def task_import_tickets(*, pk: int) -> None:
    ticket_import_run(ticket_import_pk=pk)
