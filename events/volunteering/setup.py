"""Everything volunteering plugs into when the events app is ready: navigation, the home-page panel, the
summit-page and appearance-page sections and the receiver of cancelled appearances.

Imported by ``EventsConfig.ready`` (it reads models through the sections), which calls ``connect``; the Celery
tasks are found by the Celery app's task discovery.
"""

from django.utils.translation import gettext_lazy as _

from btb.accounts.enums import Role
from btb.accounts.sections import register_profile_section
from btb.home import register_panel
from btb.navigation import register_nav_item
from media_appearances.sections import register_appearance_section
from media_appearances.signals import appearance_cancelled

from ..sections import register_summit_section
from . import home_panels, notifications, receivers, sections


def connect() -> None:
    notifications.register()
    register_summit_section("volunteers")(sections.summit_volunteers_section)
    register_appearance_section("interviews", build=sections.appearance_interview_section, order=10)
    register_panel(roles={Role.VOLUNTEER}, order=5)(home_panels.coming_up)
    register_profile_section(sections.profile_credentials_section)
    appearance_cancelled.connect(receivers.cancel_interview_signups, dispatch_uid="volunteering.appearance_cancelled")

    register_nav_item(
        label=_("Opportunities"),
        url_name="events:opportunity_list",
        roles={Role.VOLUNTEER},
        order=12,
        active_when={"events:opportunity_*"},
    )
    register_nav_item(
        label=_("My schedule"),
        url_name="events:my_schedule",
        roles={Role.VOLUNTEER},
        order=14,
        active_when={
            "events:my_*",
            "events:signup_withdraw",
            "events:signup_offer",
            "events:signup_hand_over",
            "events:signup_give_back",
        },
    )
