"""Volunteering: roles on summits and interview slots on appearances, sign-ups, notifications and rosters.

Complete in itself: models, services, selectors, rules, forms, views, urls, tasks, e-mail and calendar are here.
"""
