"""Reports change one thing: which free-text survey answers appear in them. And every export of personal data is
written to the audit trail."""

from django.db import transaction

from btb.audit import audit_record

from .models import HiddenComment


@transaction.atomic
def comment_hide(*, answer, actor) -> HiddenComment:
    hidden, created = HiddenComment.objects.get_or_create(answer=answer, defaults={"hidden_by": actor})
    if created:
        audit_record(
            actor=actor, action="report.comment_hidden", obj=answer.response.survey.summit, answer=str(answer.pk)
        )
    return hidden


@transaction.atomic
def comment_show(*, answer, actor) -> None:
    deleted, _ = HiddenComment.objects.filter(answer=answer).delete()
    if deleted:
        audit_record(
            actor=actor, action="report.comment_shown", obj=answer.response.survey.summit, answer=str(answer.pk)
        )


def personal_export_record(*, actor, what: str, rows: int, **detail) -> None:
    """Who exported which personal data, when (the audit event's time) and how many records; never the data."""
    audit_record(actor=actor, action="export.personal", what=what, rows=rows, **detail)
