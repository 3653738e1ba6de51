from django.db import models
from django.utils.translation import gettext_lazy as _

from btb.transitions import Transitions


class SummitStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PLANNING = "planning", _("Planning")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    EVALUATED = "evaluated", _("Evaluated")
    CANCELLED = "cancelled", _("Cancelled")


SUMMIT_TRANSITIONS = Transitions(
    {
        SummitStatus.DRAFT: (SummitStatus.PLANNING, SummitStatus.CANCELLED),
        SummitStatus.PLANNING: (SummitStatus.CONFIRMED, SummitStatus.CANCELLED),
        SummitStatus.CONFIRMED: (SummitStatus.HELD, SummitStatus.CANCELLED),
        SummitStatus.HELD: (SummitStatus.EVALUATED,),
        SummitStatus.EVALUATED: (),
        SummitStatus.CANCELLED: (),
    }
)

# Summits that are still being worked on (they can still be cancelled): their tasks can be overdue, their details
# and volunteer roles can change.
ACTIVE_STATUSES = tuple(status for status in SummitStatus if SUMMIT_TRANSITIONS.allows(status, SummitStatus.CANCELLED))
# After the day: only the outcome (attendance, reach, notes, actual costs) may still be recorded.
RECORDING_STATUSES = (SummitStatus.HELD, SummitStatus.EVALUATED)


class TicketingPlatform(models.TextChoices):
    EVENTBRITE = "eventbrite", _("Eventbrite")
    SHOOBS = "shoobs", _("Shoobs")
    OTHER = "other", _("Other")
    NONE = "none", _("No tickets")


class BudgetCategory(models.TextChoices):
    FOOD = "food", _("Food and drink")
    MUSIC = "music", _("Music")
    INFLUENCER_FEES = "influencer_fees", _("Influencer fees")
    VENUE = "venue", _("Venue")
    PRINTING = "printing", _("Printing")
    TRANSPORT = "transport", _("Transport")
    OTHER = "other", _("Other")


class RiskAssessmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


class EngagementRole(models.TextChoices):
    HOST = "host", _("Host")
    MARKETING = "marketing", _("Marketing and flyers")
    DJ = "dj", _("DJ")
    COMEDIAN = "comedian", _("Comedian")
    PRESENTER = "presenter", _("Presenter")
    VENUE_FINDER = "venue_finder", _("Venue finder")
    OTHER = "other", _("Other")


class EngagementStatus(models.TextChoices):
    ASKED = "asked", _("Asked")
    AGREED = "agreed", _("Agreed")
    CONFIRMED = "confirmed", _("Confirmed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class UniformApproach(models.TextChoices):
    OUT_OF_UNIFORM = "out_of_uniform", _("Out of uniform")
    ON_DISPLAY = "on_display", _("Uniform on display")
    IN_UNIFORM = "in_uniform", _("In uniform")


class CopyPart(models.TextChoices):
    """What copying a summit may bring besides its details; people (sign-ups, panellists) and notes never come."""

    STALLS = "stalls", _("Stalls (not confirmed yet)")
    ROLES = "roles", _("Volunteer roles, moved to the new date (no one signed up)")
    BUDGET = "budget", _("Budget plan (planned amounts, not what was spent)")
    HOSTS = "hosts", _("Hosts and influencers (fees to be agreed again)")


class TaskMirror(models.TextChoices):
    """A checklist step that mirrors something the summit records: its task ticks itself when that is so (and
    unticks itself if it stops being so, unless a person ticked it)."""

    RISK_SUBMITTED = "risk_submitted", _("The risk assessment is submitted or approved")
    VENUE_SET = "venue_set", _("A venue is chosen")
    TICKETING_LIVE = "ticketing_live", _("A ticketing link is given")
    QUESTION_SET = "question_set", _("A panel question set is chosen")
