"""Who may do what with feedback. Coordinators run surveys, follow up interest and collect debriefs; oversight
reads survey results and debriefs but not the people who expressed interest; the public answers through links."""

import rules

from btb.accounts.rules import is_administrator, is_coordinator, is_staff_reader

can_manage = is_coordinator | is_administrator
can_read = is_staff_reader

rules.add_perm("feedback.manage_feedback", can_manage)
rules.add_perm("feedback.read_feedback", can_read)
