"""The outbox's two tasks: delivery (queued by ``outbox_enqueue``) and recovery (beat)."""

from celery import shared_task

from btb.background import background_job

from . import services


@background_job("outbox.deliver")
@shared_task
def task_deliver_mail(*, pks: list[int]) -> dict:
    return {outcome: len(done) for outcome, done in services.outbox_deliver(pks=pks).items()}


@shared_task
def task_recover_mail() -> dict:
    return services.outbox_recover()


@shared_task
def task_forget_recipients() -> int:
    return services.outbox_forget_recipients()
