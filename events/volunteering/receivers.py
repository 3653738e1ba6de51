"""Receivers of media appearances' signals (media_appearances cannot import events, so it announces instead).

The appearance is cancelled in the same transaction as its interview sign-ups: an error here is not swallowed, it
stops the cancellation."""

from .event_changes import signups_cancel_for_appearance


def cancel_interview_signups(sender, *, appearance, **kwargs):
    """Connected to ``appearance_cancelled`` by ``setup.connect``."""
    signups_cancel_for_appearance(appearance=appearance)
