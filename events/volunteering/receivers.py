"""Receivers of media appearances' signals (media_appearances cannot import events, so it announces instead)."""

import logging

from .services import signups_cancel_for_appearance

logger = logging.getLogger(__name__)


def cancel_interview_signups(sender, *, appearance, **kwargs):
    """Connected to ``appearance_cancelled`` by ``setup.connect``."""
    try:
        signups_cancel_for_appearance(appearance=appearance)
    except Exception:  # the appearance is cancelled whatever happens here; the roster still shows who was booked
        logger.exception("could not cancel the interview sign-ups of appearance %s", appearance.pk)
