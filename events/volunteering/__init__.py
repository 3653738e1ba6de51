"""Volunteering: roles on summits and interview slots on appearances, sign-ups, notifications and rosters.

The models live in ``events.models.volunteering``, the business actions in ``events.services.volunteering`` and the
pages in ``events.views.volunteering``; the rest (choices, rules, reads, tasks, e-mail, calendar) is here.
"""
