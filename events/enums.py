from django.db import models

from btb.transitions import Transitions


class SummitStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PLANNING = "planning", "Planning"
    CONFIRMED = "confirmed", "Confirmed"
    HELD = "held", "Held"
    EVALUATED = "evaluated", "Evaluated"
    CANCELLED = "cancelled", "Cancelled"


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
    EVENTBRITE = "eventbrite", "Eventbrite"
    SHOOBS = "shoobs", "Shoobs"
    OTHER = "other", "Other"
    NONE = "none", "No tickets"


class BudgetCategory(models.TextChoices):
    FOOD = "food", "Food and drink"
    MUSIC = "music", "Music"
    INFLUENCER_FEES = "influencer_fees", "Influencer fees"
    VENUE = "venue", "Venue"
    PRINTING = "printing", "Printing"
    TRANSPORT = "transport", "Transport"
    OTHER = "other", "Other"


class RiskAssessmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned for changes"


class EngagementRole(models.TextChoices):
    HOST = "host", "Host"
    MARKETING = "marketing", "Marketing and flyers"
    DJ = "dj", "DJ"
    COMEDIAN = "comedian", "Comedian"
    PRESENTER = "presenter", "Presenter"
    VENUE_FINDER = "venue_finder", "Venue finder"
    OTHER = "other", "Other"


class EngagementStatus(models.TextChoices):
    ASKED = "asked", "Asked"
    AGREED = "agreed", "Agreed"
    CONFIRMED = "confirmed", "Confirmed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class UniformApproach(models.TextChoices):
    OUT_OF_UNIFORM = "out_of_uniform", "Out of uniform"
    ON_DISPLAY = "on_display", "Uniform on display"
    IN_UNIFORM = "in_uniform", "In uniform"


class CopyPart(models.TextChoices):
    """What copying a summit may bring besides its details; people (sign-ups, panellists) and notes never come."""

    STALLS = "stalls", "Stalls (not confirmed yet)"
    ROLES = "roles", "Volunteer roles, moved to the new date (no one signed up)"
    BUDGET = "budget", "Budget plan (planned amounts, not what was spent)"
    HOSTS = "hosts", "Hosts and influencers (fees to be agreed again)"


class TaskMirror(models.TextChoices):
    """A checklist step that mirrors something the summit records: its task ticks itself when that is so (and
    unticks itself if it stops being so, unless a person ticked it)."""

    RISK_SUBMITTED = "risk_submitted", "The risk assessment is submitted or approved"
    VENUE_SET = "venue_set", "A venue is chosen"
    TICKETING_LIVE = "ticketing_live", "A ticketing link is given"
    QUESTION_SET = "question_set", "A panel question set is chosen"
