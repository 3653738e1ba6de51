"""Who may do what. Predicates are shared by every app's rules through this module."""

import rules

from .enums import Role


def _has_role(user, role: Role) -> bool:
    return bool(user and user.is_authenticated and user.is_active and role.value in user.role_names)


@rules.predicate
def is_administrator(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def is_coordinator(user):
    return _has_role(user, Role.COORDINATOR)


@rules.predicate
def is_volunteer(user):
    return _has_role(user, Role.VOLUNTEER)


@rules.predicate
def is_oversight(user):
    return _has_role(user, Role.OVERSIGHT)


@rules.predicate
def is_profile_owner(user, profile):
    return profile is not None and user.is_authenticated and profile.user_id == user.pk


is_staff_reader = is_coordinator | is_oversight | is_administrator
# The profile form promises that only coordinators see a volunteer's e-mail and phone: oversight reads rosters and
# profiles without them.
can_see_contact_details = is_coordinator | is_administrator

rules.add_perm("accounts.access_coordinator_pages", is_coordinator | is_administrator)
rules.add_perm("accounts.access_oversight_pages", is_staff_reader)
rules.add_perm("accounts.see_contact_details", can_see_contact_details)
rules.add_perm("accounts.have_volunteer_profile", is_volunteer)
