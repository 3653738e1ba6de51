"""Keeping sign-ups in step with their summit.

``summit_details_changed``
    Sent after the transaction that changed a summit's start, end or venue commits, with ``sender=Summit`` and the
    keyword arguments ``summit``, ``previous_start`` (the start before the change, or None) and ``venue_changed``
    (bool). The events services have no such signal yet, so this module notices the change itself (a ``pre_save``
    that reads the stored row and a ``post_save`` that compares); once ``summit_update`` sends it, the two model
    receivers below can go.

The receivers here only queue work: the summit's change has already happened.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import Signal, receiver

from ..models import Summit
from ..signals import summit_cancelled

logger = logging.getLogger(__name__)

summit_details_changed = Signal()

WATCHED = ("starts_at", "ends_at", "venue_id")


@receiver(pre_save, sender=Summit, dispatch_uid="volunteering_summit_before")
def _remember_stored_summit(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._volunteering_before = Summit.objects.filter(pk=instance.pk).values(*WATCHED).first()


@receiver(post_save, sender=Summit, dispatch_uid="volunteering_summit_after")
def _announce_summit_change(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_volunteering_before", None)
    instance._volunteering_before = None
    if raw or created or not before:
        return
    moved = before["starts_at"] != instance.starts_at or before["ends_at"] != instance.ends_at
    venue_changed = before["venue_id"] != instance.venue_id
    if moved or venue_changed:
        summit, previous_start = instance, before["starts_at"]
        transaction.on_commit(
            lambda: summit_details_changed.send(
                sender=Summit, summit=summit, previous_start=previous_start, venue_changed=venue_changed
            )
        )


@receiver(summit_details_changed, dispatch_uid="volunteering_roles_follow_summit")
def _roles_follow_summit(sender, *, summit, previous_start, venue_changed, **kwargs):
    from ..services.volunteering import roles_follow_summit

    try:
        roles_follow_summit(summit=summit, previous_start=previous_start, venue_changed=venue_changed)
    except Exception:  # the summit has changed already; a failure here must not break the coordinator's page
        logger.exception("Could not move the volunteer roles of summit %s", summit.pk)


@receiver(summit_cancelled, dispatch_uid="volunteering_summit_cancelled")
def _tell_volunteers_summit_cancelled(sender, *, summit, reason, cancelled_by, **kwargs):
    from ..services.volunteering import signups_cancel_for_summit

    try:
        signups_cancel_for_summit(summit=summit)
    except Exception:
        logger.exception("Could not cancel the sign-ups of summit %s", summit.pk)
