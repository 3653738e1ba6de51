"""Signals other apps can listen to without events knowing about them.

``summit_cancelled``
    Sent once, after the transaction that cancelled a summit commits, with ``sender=Summit`` and the keyword
    arguments ``summit`` (the cancelled Summit), ``reason`` (str, what the coordinator wrote) and ``cancelled_by``
    (the User, or None). The people involved (volunteers signed up, ticket holders, influencers engaged) are
    already told by the cancellation itself (through the outbox, in its transaction). A receiver should queue its
    work (``task.delay_on_commit``) rather than send anything itself, and must not raise: the cancellation has
    already happened. Example::

        from events.signals import summit_cancelled

        @receiver(summit_cancelled)
        def tell_volunteers(sender, *, summit, reason, cancelled_by, **kwargs):
            task_notify_summit_cancelled.delay(summit_pk=summit.pk)
"""

from django.dispatch import Signal

summit_cancelled = Signal()

# ``summit_held``
#     Sent once, after the transaction that marked a summit held commits, with ``sender=Summit`` and ``summit``.
#     The feedback app listens to schedule the attendee survey and ask engaged influencers for their debriefs.
summit_held = Signal()
