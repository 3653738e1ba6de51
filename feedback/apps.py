from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Feedback"

    def ready(self):
        from btb.accounts.enums import Role
        from btb.navigation import register_nav_item
        from btb.outbox.services import register_renderer

        from . import sections, signals  # noqa: F401  (summit page section; the summit_held receiver)
        from .services.debriefs import DEBRIEF_REQUEST, render_debrief_request
        from .services.dispatch import INVITATION, REMINDER, render_survey_mail

        register_renderer(DEBRIEF_REQUEST, render_debrief_request, label=_("Debrief request"))
        # Who was sent a reminder is who had not answered: the sent-mail page names no one for these two.
        for kind, label in ((INVITATION, _("Survey invitation")), (REMINDER, _("Survey reminder"))):
            register_renderer(kind, render_survey_mail, label=label, batch=True, recipient_label=_("A ticket holder"))

        register_nav_item(
            label=_("Interest"),
            url_name="feedback:interest_list",
            roles={Role.COORDINATOR},
            order=40,
            active_when={"feedback:interest_*"},
        )
        register_nav_item(
            label=_("Debriefs"),
            url_name="feedback:debrief_list",
            roles={Role.COORDINATOR, Role.OVERSIGHT},
            order=45,
            active_when={"feedback:debrief_*"},
        )
