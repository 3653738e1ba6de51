"""Signals for the apps that build on this one (this app imports none of them). Each is sent once with
``sender=Appearance`` and the keyword argument ``appearance``.

``appearance_recorded``
    The appearance has taken place (feedback asks the presenting influencer for a debrief). Sent after the
    transaction that made the change commits; receivers queue their work and must not raise, since the change has
    already happened.
``appearance_cancelled``
    The appearance will not happen (events cancels the interview sign-ups and tells their volunteers). Sent inside
    the cancelling transaction, so a receiver's writes commit or roll back with the cancellation: a receiver that
    raises stops the appearance from being cancelled. Messages are queued on commit, never sent from the receiver.
"""

from django.dispatch import Signal

appearance_recorded = Signal()
appearance_cancelled = Signal()
