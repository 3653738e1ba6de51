"""Who may see reports: coordinators and oversight read them; only coordinators hide comments and export
personal data. Volunteers see none of it."""

import rules

from btb.accounts.rules import is_administrator, is_coordinator, is_staff_reader

can_read = is_staff_reader
can_manage = is_coordinator | is_administrator

rules.add_perm("reports.view_reports", can_read)
rules.add_perm("reports.manage_reports", can_manage)
