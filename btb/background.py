"""Background work a service asks for by name, so that no service imports a task module.

Each app's ``tasks.py`` registers its Celery tasks under a name (``@background_job("outbox.deliver")`` above
``@shared_task``); a service calls ``background_after_commit("outbox.deliver", pks=[...])`` inside its transaction
and the task is queued when that transaction commits (at once outside one), so nothing runs for writes that were
rolled back. Services stay the layer below tasks: tasks call services, services name the work they need done.

The Celery app's task discovery imports every ``tasks.py`` (a worker does it when it starts, ``run_scheduled_work``
too); a web process does it here, the first time a name it has not seen is asked for.
"""

from django.core.exceptions import ImproperlyConfigured

_jobs: dict = {}


def background_job(name: str):
    """Register the decorated Celery task as the one that runs ``name``."""

    def register(task):
        if _jobs.get(name, task) is not task:
            raise ImproperlyConfigured(f"Two tasks for the background job {name!r}.")
        _jobs[name] = task
        return task

    return register


def _job(name: str):
    if name not in _jobs:
        from btb.celery import app

        app.loader.import_default_modules()  # the discovery a worker runs at start: every app's tasks.py
    try:
        return _jobs[name]
    except KeyError:
        raise ImproperlyConfigured(f"No task is registered for the background job {name!r}.") from None


def background_after_commit(name: str, *, countdown: int | None = None, **kwargs) -> None:
    """Queue the job's task with these keyword arguments once the current transaction commits."""
    _job(name).apply_async_on_commit(kwargs=kwargs, countdown=countdown)
