"""Receivers of events' signals: when a summit is held, schedule its survey and ask for influencers' debriefs."""

import logging

from django.dispatch import receiver

from events.signals import summit_held

logger = logging.getLogger(__name__)


@receiver(summit_held, dispatch_uid="feedback.schedule_survey")
def schedule_survey_when_held(sender, *, summit, **kwargs):
    from .services import debriefs_request_for_summit, survey_schedule

    try:
        survey_schedule(summit=summit)
        debriefs_request_for_summit(summit=summit)
    except Exception:  # the summit has been held whatever happens here; beat or a coordinator can send later
        logger.exception("could not schedule the survey of summit %s", summit.pk)
