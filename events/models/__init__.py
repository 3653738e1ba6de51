"""Events: venues, summits and their planning. Split by concern; import models from here."""

from .calendar import CalendarFeedToken
from .people import InfluencerEngagement, PanelSeat, Stall
from .planning import BudgetLine, ChecklistStep, PlanningTask
from .reference import StallUnit
from .summits import RiskAssessment, Summit, Venue

__all__ = [
    "BudgetLine",
    "CalendarFeedToken",
    "ChecklistStep",
    "InfluencerEngagement",
    "PanelSeat",
    "PlanningTask",
    "RiskAssessment",
    "Stall",
    "StallUnit",
    "Summit",
    "Venue",
]

# Volunteering (issue 6): roles, interview slots, sign-ups and their notifications.
from .volunteering import SignUp, SignUpNotification, VolunteerCalendarToken, VolunteerRole  # noqa: E402

__all__ += ["SignUp", "SignUpNotification", "VolunteerCalendarToken", "VolunteerRole"]
# Ticket holders and their import (issue 7).
from .tickets import TicketColumnMapping, TicketHolder, TicketImport, TicketImportStatus  # noqa: E402

__all__ += ["TicketColumnMapping", "TicketHolder", "TicketImport", "TicketImportStatus"]
