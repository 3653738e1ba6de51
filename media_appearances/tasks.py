from celery import shared_task

from . import services


@shared_task
def task_purge_livestream_comments() -> int:
    """Run daily by beat; deleting what is already gone does nothing, so a rerun is safe."""
    return services.livestream_comments_purge()
