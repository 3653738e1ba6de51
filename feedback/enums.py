from django.db import models


class QuestionKind(models.TextChoices):
    RATING = "rating", "Rating (1 to 5)"
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    TEXT = "text", "Free text"


class InterestArea(models.TextChoices):
    OFFICER = "officer", "Becoming a police officer"
    STAFF = "staff", "Police staff roles"
    SPECIAL = "special", "Special constable (volunteer officer)"
    CADET = "cadet", "Volunteer police cadets"
    WARD_PANEL = "ward_panel", "Safer neighbourhood ward panels"
    ADVISORY = "advisory", "Independent advisory groups"


class InterestStatus(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    APPLIED = "applied", "Applied"
    JOINED = "joined", "Joined"
    NOT_PROCEEDING = "not_proceeding", "Not proceeding"


CLOSED_INTEREST = (InterestStatus.JOINED, InterestStatus.NOT_PROCEEDING)
# The pipeline moves forward one step, or closes from any open step.
INTEREST_NEXT = {
    InterestStatus.NEW: (InterestStatus.CONTACTED, InterestStatus.NOT_PROCEEDING),
    InterestStatus.CONTACTED: (InterestStatus.APPLIED, InterestStatus.NOT_PROCEEDING),
    InterestStatus.APPLIED: (InterestStatus.JOINED, InterestStatus.NOT_PROCEEDING),
    InterestStatus.JOINED: (),
    InterestStatus.NOT_PROCEEDING: (),
}


class InterestSource(models.TextChoices):
    STALL = "stall", "Outreach stall"
    SURVEY = "survey", "After the survey"
    SUMMIT = "summit", "Summit"
    APPEARANCE = "appearance", "Media appearance"


class Feeling(models.TextChoices):
    VERY_GOOD = "very_good", "Very good"
    GOOD = "good", "Good"
    MIXED = "mixed", "Mixed"
    POOR = "poor", "Poor"
    VERY_POOR = "very_poor", "Very poor"


class SurveyLanguage(models.TextChoices):
    """The languages a summit's survey speaks: its invitations, its poster and the page a person first sees (which
    they can always switch). Welsh bodies put Welsh first."""

    ENGLISH = "en", "English"
    BILINGUAL = "cy_en", "Welsh and English (Welsh first)"
    WELSH = "cy", "Welsh only"


# The Django language codes, in order, for each setting.
SURVEY_LANGUAGES = {
    SurveyLanguage.ENGLISH: ["en-gb"],
    SurveyLanguage.BILINGUAL: ["cy", "en-gb"],
    SurveyLanguage.WELSH: ["cy"],
}
