"""Everything volunteering plugs into when the events app is ready: navigation, the summit-page section, signal
receivers and the Celery tasks."""


def connect() -> None:
    from btb.accounts.enums import Role
    from btb.navigation import register_nav_item
    from media_appearances.sections import register_appearance_section

    from . import admin, home_panels, receivers, sections, tasks  # noqa: F401  (registers them)

    register_appearance_section("interviews", build=sections.appearance_interview_section, order=10)

    register_nav_item(
        label="Opportunities",
        url_name="events:opportunity_list",
        roles={Role.VOLUNTEER},
        order=12,
        active_when={"events:opportunity_*"},
    )
    register_nav_item(
        label="My schedule",
        url_name="events:my_schedule",
        roles={Role.VOLUNTEER},
        order=14,
        active_when={"events:my_*", "events:signup_withdraw", "events:signup_offer"},
    )
