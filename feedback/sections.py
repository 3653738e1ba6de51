"""The "feedback" section of the summit page: response tracking and links to the survey, poster and debriefs."""

from events.sections import outcome_for, register_summit_section

from .models import Survey
from .rules import can_manage
from .selectors import survey_tracking_cached


@register_summit_section("feedback")
def feedback_section(request, summit):
    survey = Survey.objects.filter(summit=summit).first()
    tracking = None
    if survey:
        # Invited, responded and the rate are the summit's outcome figures, as every report shows them; the
        # rest (reminders, opt-outs, bounces) only this section shows.
        outcome = outcome_for(summit)
        tracking = {
            **survey_tracking_cached(survey),
            "invited": outcome.invited,
            "responded": outcome.responded,
            "response_rate": outcome.response_rate,
        }
    return {
        "template": "feedback/_summit_section.html",
        "context": {
            "summit": summit,
            "survey": survey,
            "tracking": tracking,
            "debriefs": summit.debriefs.filter(submitted_at__isnull=False).count(),
            "can_manage": can_manage(request.user),
        },
    }
