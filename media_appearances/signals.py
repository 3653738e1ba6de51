"""Signals for the apps that build on this one (this app imports none of them). Each is sent once, after the
transaction that made the change commits, with ``sender=Appearance`` and the keyword argument ``appearance``.

``appearance_recorded``
    The appearance has taken place (feedback asks the presenting influencer for a debrief).
``appearance_cancelled``
    The appearance will not happen (events tells the volunteers who had interview slots).

Receivers queue their work and must not raise: the change has already happened.
"""

from django.dispatch import Signal

appearance_recorded = Signal()
appearance_cancelled = Signal()
