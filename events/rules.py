"""Who may do what with summits. Coordinators write, oversight reads, volunteers do not see summit planning.

Risk-assessment decisions are devolved: any coordinator who holds the Django permission
``events.approve_riskassessment`` (directly or through a group such as "Risk assessment approvers") may decide.
"""

import rules

from btb.accounts.rules import is_administrator, is_coordinator, is_staff_reader


@rules.predicate
def holds_approval_permission(user):
    # The ModelBackend answers this one (group or user permission); the rules backend knows no such name.
    return bool(user and user.is_authenticated and user.has_perm("events.approve_riskassessment"))


can_plan = is_coordinator | is_administrator
can_read = is_staff_reader
can_decide_risk = is_administrator | (is_coordinator & holds_approval_permission)

rules.add_perm("events.decide_riskassessment", can_decide_risk)
rules.add_perm("events.subscribe_calendar", can_plan)
