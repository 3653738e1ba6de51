"""Celery tasks of the influencers app: a large spreadsheet's check and import."""

from celery import shared_task

from btb.background import background_job

from . import services


@background_job("influencers.import_check")
@shared_task
def task_check_influencer_import(*, pk: int) -> None:
    services.influencer_import_check(pk=pk)


@background_job("influencers.import_run")
@shared_task
def task_run_influencer_import(*, pk: int) -> None:
    services.influencer_import_run(pk=pk)
