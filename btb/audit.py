"""Recording the audit trail. Services call ``audit_record`` inside their transaction, so an action and its
record are written together or not at all."""

from django.contrib.contenttypes.models import ContentType


def audit_record(*, actor, action: str, obj=None, **detail):
    from btb.accounts.models import AuditEvent

    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        detail=detail,
    )


def changed_fields(before: dict, instance, fields) -> dict:
    """The fields whose value differs from ``before`` (a dict of field name to old value), old and new as text."""
    changes = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            changes[name] = [str(old) if old is not None else None, str(new) if new is not None else None]
    return changes
