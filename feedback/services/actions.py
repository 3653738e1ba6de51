""" "You said, we did": what changed because of a summit's feedback, kept with an audit trail."""

from django.db import transaction
from django.utils.translation import gettext

from btb.audit import audit_record, changed_fields
from btb.errors import ApplicationError

from ..models import FeedbackAction

FIELDS = ["you_said", "we_did"]


@transaction.atomic
def feedback_action_save(*, action: FeedbackAction, actor) -> FeedbackAction:
    for name in FIELDS:
        setattr(action, name, getattr(action, name).strip())
        if not getattr(action, name):
            raise ApplicationError(gettext("Write a sentence or two here."), field=name)
    creating = action.pk is None
    before = {} if creating else dict(FeedbackAction.objects.filter(pk=action.pk).values(*FIELDS).get())
    if creating:
        action.created_by = actor if actor is not None and actor.is_authenticated else None
    action.save()
    audit_record(
        actor=actor,
        action="feedback_action.created" if creating else "feedback_action.changed",
        obj=action,
        summit=action.summit_id,
        **({} if creating else {"changes": changed_fields(before, action, FIELDS)}),
    )
    return action


@transaction.atomic
def feedback_action_delete(*, action: FeedbackAction, actor) -> None:
    audit_record(actor=actor, action="feedback_action.deleted", obj=action, summit=action.summit_id)
    action.delete()
