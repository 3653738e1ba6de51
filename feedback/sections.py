"""The "feedback" section of the summit page: response tracking and links to the survey, poster and debriefs."""

from events.sections import register_summit_section

from .models import Survey
from .rules import can_manage
from .selectors import survey_tracking_cached


@register_summit_section("feedback")
def feedback_section(request, summit):
    survey = Survey.objects.filter(summit=summit).first()
    return {
        "template": "feedback/_summit_section.html",
        "context": {
            "summit": summit,
            "survey": survey,
            "tracking": survey_tracking_cached(survey) if survey else None,
            "debriefs": summit.debriefs.filter(submitted_at__isnull=False).count(),
            "can_manage": can_manage(request.user),
        },
    }
