"""Receivers of other apps' signals: when a summit is held, schedule its survey and ask the influencers engaged
for debriefs; when an appearance has been recorded, ask its presenting influencer for one. And the public form's
cached survey (``survey_form_parts``) is dropped when the survey or one of its questions changes."""

import logging

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from events.signals import summit_held
from media_appearances.signals import appearance_recorded

logger = logging.getLogger(__name__)


@receiver([post_save, post_delete], sender="feedback.Survey", dispatch_uid="feedback.survey_form.survey")
def forget_survey_form_of_survey(sender, instance, **kwargs):
    from .services.surveys import SURVEY_FORM_CACHE_KEY

    cache.delete(SURVEY_FORM_CACHE_KEY.format(pk=instance.pk))


@receiver([post_save, post_delete], sender="feedback.SurveyQuestion", dispatch_uid="feedback.survey_form.question")
def forget_survey_form_of_question(sender, instance, **kwargs):
    from .services.surveys import SURVEY_FORM_CACHE_KEY

    cache.delete(SURVEY_FORM_CACHE_KEY.format(pk=instance.survey_id))


@receiver(summit_held, dispatch_uid="feedback.schedule_survey")
def schedule_survey_when_held(sender, *, summit, **kwargs):
    from .services import debriefs_request_for_summit, survey_schedule

    try:
        survey_schedule(summit=summit)
        debriefs_request_for_summit(summit=summit)
    except Exception:  # the summit has been held whatever happens here; beat or a coordinator can send later
        logger.exception("could not schedule the survey of summit %s", summit.pk)


@receiver(appearance_recorded, dispatch_uid="feedback.appearance_debrief")
def request_debrief_when_recorded(sender, *, appearance, **kwargs):
    from .services import debrief_request_for_appearance

    try:
        debrief_request_for_appearance(appearance=appearance)
    except Exception:  # a coordinator can still ask for the debrief from the appearance's feedback page
        logger.exception("could not ask for the debrief of appearance %s", appearance.pk)
