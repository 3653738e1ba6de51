from django.db import models


class SummitStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PLANNING = "planning", "Planning"
    CONFIRMED = "confirmed", "Confirmed"
    HELD = "held", "Held"
    EVALUATED = "evaluated", "Evaluated"
    CANCELLED = "cancelled", "Cancelled"


# Summits that are still being worked on: their tasks can be overdue.
ACTIVE_STATUSES = (SummitStatus.DRAFT, SummitStatus.PLANNING, SummitStatus.CONFIRMED)


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
