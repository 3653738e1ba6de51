"""Events: venues, summits and their planning, split by concern, with the models of the volunteering and tickets
sub-packages re-exported so that every model of the app can be imported from here."""

from ..tickets.models import DoorCheckIn, TicketColumnMapping, TicketHolder, TicketImport, TicketImportStatus
from ..volunteering.models import (
    CoverInvitation,
    Requirement,
    SignUp,
    VolunteerCalendarToken,
    VolunteerCredential,
    VolunteerRole,
)
from .calendar import CalendarFeedToken
from .people import InfluencerEngagement, PanelSeat, Stall
from .planning import BudgetLine, ChecklistStep, PlanningTask
from .reference import StallUnit
from .summits import RiskAssessment, Summit, Venue

__all__ = [
    "BudgetLine",
    "CalendarFeedToken",
    "ChecklistStep",
    "CoverInvitation",
    "InfluencerEngagement",
    "PanelSeat",
    "PlanningTask",
    "Requirement",
    "RiskAssessment",
    "SignUp",
    "Stall",
    "StallUnit",
    "Summit",
    "TicketColumnMapping",
    "DoorCheckIn",
    "TicketHolder",
    "TicketImport",
    "TicketImportStatus",
    "Venue",
    "VolunteerCalendarToken",
    "VolunteerCredential",
    "VolunteerRole",
]
