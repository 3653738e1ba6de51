"""Survey e-mail and retention, run by the Celery worker (beat queues the periodic ones: CELERY_BEAT_SCHEDULE in
btb/settings.py)."""

from celery import shared_task
from django.conf import settings

from . import services


@shared_task
def task_dispatch_surveys() -> dict:
    return services.surveys_dispatch_due()


@shared_task
def task_shuffle_responses() -> dict:
    return services.responses_shuffle()


@shared_task
def task_recover_invitations() -> dict:
    return services.invitations_recover()


@shared_task(bind=True, max_retries=6)
def task_send_invitations(self, *, pks: list[int], kind: str = "invitation") -> dict:
    """A batch over one SMTP connection; those refused for now are retried together, as a smaller batch."""
    outcomes = services.invitations_deliver(invitation_pks=pks, kind=kind)
    retry = outcomes.pop("retry", [])
    if retry and self.request.retries < self.max_retries:
        base = settings.SURVEY_RETRY_BASE_SECONDS
        countdown = min(base * 2**self.request.retries, settings.CELERY_MAX_COUNTDOWN)
        raise self.retry(kwargs={"pks": retry, "kind": kind}, countdown=countdown)
    for pk in retry:
        services.invitation_give_up(invitation_pk=pk, kind=kind)
    if retry:
        outcomes["gave up"] = retry
    return {outcome: len(done) for outcome, done in outcomes.items()}


@shared_task
def task_purge_personal_data() -> dict:
    return services.personal_data_purge()
