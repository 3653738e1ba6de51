from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating (1 to 5)")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


class InterestArea(models.TextChoices):
    # Plain text: the survey stores these labels as its question's choices (survey_template.py), and the interest
    # form translates them itself (forms.INTEREST_AREAS).
    OFFICER = "officer", "Becoming a police officer"
    STAFF = "staff", "Police staff roles"
    SPECIAL = "special", "Special constable (volunteer officer)"
    CADET = "cadet", "Volunteer police cadets"
    WARD_PANEL = "ward_panel", "Safer neighbourhood ward panels"
    ADVISORY = "advisory", "Independent advisory groups"


class InterestStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    APPLIED = "applied", _("Applied")
    JOINED = "joined", _("Joined")
    NOT_PROCEEDING = "not_proceeding", _("Not proceeding")


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
    STALL = "stall", _("Outreach stall")
    SURVEY = "survey", _("After the survey")
    SUMMIT = "summit", _("Summit")
    APPEARANCE = "appearance", _("Media appearance")


class Feeling(models.TextChoices):
    VERY_GOOD = "very_good", _("Very good")
    GOOD = "good", _("Good")
    MIXED = "mixed", _("Mixed")
    POOR = "poor", _("Poor")
    VERY_POOR = "very_poor", _("Very poor")


class SurveyLanguage(models.TextChoices):
    """The languages a summit's survey speaks: its invitations, its poster and the page a person first sees (which
    they can always switch). Welsh bodies put Welsh first."""

    ENGLISH = "en", _("English")
    BILINGUAL = "cy_en", _("Welsh and English (Welsh first)")
    WELSH = "cy", _("Welsh only")


# The Django language codes, in order, for each setting.
SURVEY_LANGUAGES = {
    SurveyLanguage.ENGLISH: ["en-gb"],
    SurveyLanguage.BILINGUAL: ["cy", "en-gb"],
    SurveyLanguage.WELSH: ["cy"],
}


class MeasureTheme(models.TextChoices):
    """What a standard measure is about. One confidence figure misleads (Myhill et al.), so the bank covers
    fairness, legitimacy and engagement as well."""

    OVERALL = "overall", _("Overall confidence")
    RELIABILITY = "reliability", _("Reliability")
    RESPECT = "respect", _("Respect")
    FAIRNESS = "fairness", _("Fairness")
    ENGAGEMENT = "engagement", _("Community engagement")
    TRUST = "trust", _("Trust")


class EvidenceLevel(models.TextChoices):
    """How much a summit's survey results can say, from weakest to strongest."""

    POST_ONLY = "post_only", _("Post-event answers only")
    BEFORE_AFTER = "before_after", _("Before and after")
    COMPARISON = "comparison", _("Before and after, with the borough's official figure")


EVIDENCE_EXPLAINED = {
    EvidenceLevel.POST_ONLY: _(
        "Only answers given after the event: they describe what respondents think, not whether the event changed it."
    ),
    EvidenceLevel.BEFORE_AFTER: _(
        "The same standard questions asked on arrival and afterwards: a change between the two groups of answers "
        "can be read, though not proved to be the event's doing (the two groups are not the same people)."
    ),
    EvidenceLevel.COMPARISON: _(
        "Before and after, and the borough's official figure for the same questions and period beside them: the "
        "strongest this survey can give, though the populations differ (see the note under the official figure)."
    ),
}


class RecruitmentMessage(models.TextChoices):
    """The recruitment messages tried against each other on the interest form and the survey's thank-you page.
    Trials by the Behavioural Insights Team with Harvard's People Lab found "challenge" and "long-term career"
    messages beat "serve your community", more so among people of colour; these let the programme see for itself.
    The wording lives in feedback/_recruitment_message.html (translated there)."""

    CHALLENGE = "challenge", _("A challenge")
    CAREER = "career", _("A long-term career")
    COMMUNITY = "community", _("Serve your community")


class MessagePlace(models.TextChoices):
    INTEREST_FORM = "interest_form", _("Interest form")
    SURVEY_THANKS = "survey_thanks", _("Survey thank-you page")
