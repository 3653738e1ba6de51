"""Receivers of media appearances' signals (media_appearances cannot import events, so it announces instead)."""

import logging

from django.dispatch import receiver

from media_appearances.signals import appearance_cancelled

logger = logging.getLogger(__name__)


@receiver(appearance_cancelled, dispatch_uid="volunteering.appearance_cancelled")
def cancel_interview_signups(sender, *, appearance, **kwargs):
    from ..services.volunteering import signups_cancel_for_appearance

    try:
        signups_cancel_for_appearance(appearance=appearance)
    except Exception:  # the appearance is cancelled whatever happens here; the roster still shows who was booked
        logger.exception("could not cancel the interview sign-ups of appearance %s", appearance.pk)
