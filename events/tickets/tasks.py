"""The Celery task that imports a large attendee export (found by the Celery app's task discovery)."""

from celery import shared_task

from .services import ticket_import_run


@shared_task
def task_import_tickets(*, pk: int) -> None:
    ticket_import_run(ticket_import_pk=pk)
