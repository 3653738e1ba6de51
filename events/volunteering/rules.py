"""Who may do what with volunteering. Volunteers see and change only their own sign-ups (the views fetch them
through ``request.user.volunteer.signups``, so another's answers 404); coordinators manage roles and sign-ups;
oversight reads rosters and changes nothing."""

import rules

from btb.accounts.rules import is_administrator, is_coordinator, is_staff_reader, is_volunteer


@rules.predicate
def has_volunteer_profile(user):
    return bool(user and user.is_authenticated and hasattr(user, "volunteer"))


can_volunteer = is_volunteer & has_volunteer_profile
can_manage_volunteers = is_coordinator | is_administrator
can_read_rosters = is_staff_reader

rules.add_perm("events.browse_opportunities", can_volunteer | is_staff_reader)
rules.add_perm("events.sign_up", can_volunteer)
rules.add_perm("events.view_own_schedule", can_volunteer)
rules.add_perm("events.view_roster", can_read_rosters)
rules.add_perm("events.manage_volunteers", can_manage_volunteers)
