"""The Celery tasks that import a large attendee export and recover imports whose worker died (found by the Celery
app's task discovery)."""

from celery import shared_task

from btb.background import background_job

from .services import ticket_import_run, ticket_imports_recover


@background_job("tickets.import")
@shared_task
def task_import_tickets(*, pk: int) -> None:
    ticket_import_run(ticket_import_pk=pk)


@shared_task
def task_recover_ticket_imports() -> dict:
    return ticket_imports_recover()
