"""Surveys of ticket holders, their invitations and anonymous responses; expressions of interest; debriefs.

Anonymity is in the schema: ``SurveyResponse`` and ``SurveyAnswer`` have no foreign key to an invitation or a
ticket holder, random (UUID) keys so their order says nothing about who answered when, and only the date. That an
invitation was used is recorded apart, in ``InvitationUse``, whose key is the invitation's and which has no time,
in a transaction of its own. Where the rows sit in the table (insertion order, PostgreSQL's ctid and xmin) is taken
care of by ``feedback.services.response_order``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from btb.accounts.models import Borough
from events.models import Summit, TicketHolder

from . import rules as r
from .enums import (
    SURVEY_LANGUAGES,
    Feeling,
    InterestArea,
    InterestSource,
    InterestStatus,
    MeasureTheme,
    MessagePlace,
    QuestionKind,
    RecruitmentMessage,
    SurveyLanguage,
)


class Survey(RulesModel):
    """The attendee survey of one summit, from the default template; its questions can be edited."""

    summit = models.OneToOneField(Summit, on_delete=models.CASCADE, related_name="survey")
    title = models.CharField(max_length=150)
    intro = models.TextField(max_length=1000, blank=True)
    language = models.CharField(
        max_length=5,
        choices=SurveyLanguage.choices,
        default=SurveyLanguage.ENGLISH,
        help_text=_("The invitations and the poster are written in this; people can switch the page's language."),
    )
    title_cy = models.CharField(_("title in Welsh"), max_length=150, blank=True)
    intro_cy = models.TextField(_("introduction in Welsh"), max_length=1000, blank=True)
    only_checked_in = models.BooleanField(
        _("only people who were checked in"), default=False, help_text=_("Leave off to ask everyone with a ticket.")
    )
    send_after = models.DateTimeField(_("send invitations from"), null=True, blank=True)
    invitations_created_at = models.DateTimeField(null=True, blank=True, editable=False)
    open_token = models.CharField(max_length=43, unique=True, editable=False)
    open_for_responses = models.BooleanField(default=True)
    baseline_open = models.BooleanField(
        _("ask a short baseline on arrival"),
        default=False,
        help_text=_(
            "The survey's standard questions, answered through a QR code at the door before the event, so the "
            "results can show a change."
        ),
    )
    baseline_token = models.CharField(max_length=43, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        rules_permissions = {"view": r.can_read, "change": r.can_manage, "add": r.can_manage, "delete": r.can_manage}

    def __str__(self):
        return self.title

    @property
    def languages(self) -> list[str]:
        """The language codes its invitations and poster are written in, first language first."""
        return SURVEY_LANGUAGES[SurveyLanguage(self.language)]


WORDING_CHECK_NOTE = (
    "Check each standard item's wording and options against the published questionnaires (the MOPAC Public "
    "Attitudes Survey questionnaire on the London Datastore and the ONS Crime Survey for England and Wales "
    "questionnaire) before a survey with them is sent out."
)


class StandardMeasure(models.Model):
    """A question from an official survey, kept word for word so that our answers can stand beside the official
    figures. Seeded by a data migration; a survey question made from one cannot be reworded, only translated."""

    code = models.SlugField(max_length=20, unique=True, help_text=_("Our key, e.g. pas-q60."))
    source = models.CharField(max_length=120)
    source_code = models.CharField(_("question code"), max_length=20)
    also_in = models.CharField(_("also asked in"), max_length=120, blank=True)
    theme = models.CharField(max_length=12, choices=MeasureTheme.choices)
    text = models.CharField(_("wording"), max_length=300)
    preamble = models.CharField(max_length=300, blank=True, help_text=_("The lead-in the official survey reads first."))
    choices = models.JSONField(default=list)
    positive_choices = models.JSONField(
        default=list, help_text=_("The options counted together as the positive share (as the official figure is).")
    )
    benchmark_name = models.CharField(
        _("name in the published borough data"), max_length=80, blank=True, help_text=_("The Measure column's value.")
    )
    in_core = models.BooleanField(_("in the default survey"), default=False)
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.source_code}: {self.text}"

    @property
    def citation(self) -> str:
        return f"{self.source}, question {self.source_code}" + (f"; also in the {self.also_in}" if self.also_in else "")


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=1)
    key = models.SlugField(max_length=40, help_text=_("Names the question in reports."))
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    choices = models.JSONField(default=list, blank=True, help_text=_("The options, for choice questions."))
    required = models.BooleanField(default=False)
    about_you = models.BooleanField(_("in the optional “about you” part"), default=False)
    standard = models.ForeignKey(
        StandardMeasure, on_delete=models.PROTECT, null=True, blank=True, related_name="questions", editable=False
    )
    translation = models.CharField(
        max_length=300, blank=True, help_text=_("The wording in another language, shown under the original.")
    )
    # The coordinator's Welsh for a question of their own (a standard measure is translated by the catalogue only).
    # Empty: the catalogue's Welsh of the English text if it has one (the default questions), else the English.
    text_cy = models.CharField(_("text in Welsh"), max_length=300, blank=True)
    help_text_cy = models.CharField(_("help text in Welsh"), max_length=300, blank=True)
    choices_cy = models.JSONField(
        _("options in Welsh"), default=list, blank=True, help_text=_("The options in Welsh, in the same order.")
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="survey_question_unique_key")]

    def __str__(self):
        return self.text


class SurveyInvitation(models.Model):
    """One ticket holder invited to the survey. Its e-mails (the invitation and its one reminder) are rows of the
    outbox about this one (``btb.outbox.models.OutgoingMail``), which say whether and when each was sent."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    ticket_holder = models.ForeignKey(
        TicketHolder, on_delete=models.SET_NULL, null=True, blank=True, related_name="survey_invitations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "ticket_holder"], name="survey_invitation_unique_holder")
        ]

    def __str__(self):
        return f"Invitation {self.pk} to {self.survey}"


class SurveyLink(models.Model):
    """A single-use link sent in an invitation or its reminder. Only the SHA-256 of the token is stored."""

    invitation = models.ForeignKey(SurveyInvitation, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Link for invitation {self.invitation_id}"


class InvitationUse(models.Model):
    """That an invitation has been answered, and nothing else: no time, no link to the response."""

    invitation = models.OneToOneField(SurveyInvitation, on_delete=models.CASCADE, primary_key=True, related_name="use")

    def __str__(self):
        return f"Invitation {self.invitation_id} used"


class SurveyResponse(models.Model):
    """One person's answers. Deliberately unlinked from any person: see the module's docstring."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()
    on_the_day = models.BooleanField(default=False, help_text=_("Given through the QR code at the summit."))
    # How far the row's physical position has been shuffled (feedback.services.response_order): 0 as written,
    # 1 with a batch of other responses, 2 with every response of its day.
    shuffle_stage = models.PositiveSmallIntegerField(default=0, editable=False, db_index=True)

    class Meta:
        ordering = ["-submitted_on"]

    def __str__(self):
        return f"Response to {self.survey} on {self.submitted_on:%d %b %Y}"


class SurveyAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["question__position"]

    def __str__(self):
        return f"Answer to {self.question}"


class BaselineResponse(models.Model):
    """One person's answers on arrival to the survey's standard questions, before the event.

    Unlinked by design, like ``SurveyResponse``: no person, no invitation, no device and nothing shared with the
    follow-up answers, only the survey and the day. Before and after are compared as two groups, never paired."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="baseline_responses")
    submitted_on = models.DateField()

    class Meta:
        ordering = ["-submitted_on"]

    def __str__(self):
        return f"Baseline for {self.survey} on {self.submitted_on:%d %b %Y}"


class BaselineAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(BaselineResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="baseline_answers")
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["question__position"]

    def __str__(self):
        return f"Baseline answer to {self.question}"


class FeedbackAction(models.Model):
    """ "You said, we did": one thing that changed because of a summit's feedback, written by a coordinator and
    shown on a public page, so that the community sees its answers used."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="feedback_actions")
    you_said = models.TextField(
        _("you said"), max_length=1000, help_text=_("What the feedback said, in a sentence or two.")
    )
    we_did = models.TextField(_("we did"), max_length=1000, help_text=_("What changed because of it."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["summit", "created_at", "pk"]
        verbose_name = _("“you said, we did” entry")
        verbose_name_plural = _("“you said, we did” entries")

    def __str__(self):
        return f"{self.summit}: {self.we_did[:60]}"


class OfficialFigureUpload(models.Model):
    """One upload of the published PAS borough data (London Datastore), with what it did."""

    file_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text=_("Rows of measures or areas we do not use."))

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%d %b %Y})"


class OfficialFigure(models.Model):
    """The official share for one standard measure in one borough, over the period ending on ``period_end`` (the
    published PAS figures are rolling twelve months to the end of a quarter)."""

    measure = models.ForeignKey(StandardMeasure, on_delete=models.PROTECT, related_name="official_figures")
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="official_figures")
    period_end = models.DateField()
    proportion = models.DecimalField(max_digits=5, decimal_places=4)
    upload = models.ForeignKey(OfficialFigureUpload, on_delete=models.SET_NULL, null=True, related_name="figures")

    class Meta:
        ordering = ["borough", "measure", "-period_end"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "borough", "period_end"], name="official_figure_unique"),
            models.CheckConstraint(
                condition=models.Q(proportion__gte=0) & models.Q(proportion__lte=1), name="official_figure_0_to_1"
            ),
        ]

    def __str__(self):
        return f"{self.measure.source_code} in {self.borough} to {self.period_end:%b %Y}"

    @property
    def percent(self):
        from decimal import ROUND_HALF_UP, Decimal

        return (self.proportion * 100).quantize(Decimal("1"), ROUND_HALF_UP)


class MessageImpression(models.Model):
    """How many times a recruitment message was shown, per place and day: a count, nothing about who saw it."""

    variant = models.CharField(max_length=12, choices=RecruitmentMessage.choices)
    place = models.CharField(max_length=16, choices=MessagePlace.choices)
    shown_on = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-shown_on", "variant"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "place", "shown_on"], name="message_impression_unique")
        ]

    def __str__(self):
        return f"{self.get_variant_display()} on the {self.get_place_display()}, {self.shown_on}: {self.count}"


class SurveyOptOut(models.Model):
    """Someone who asked never to be sent a survey again, kept as a keyed digest of the address, not the address,
    so it outlives the anonymisation of their ticket."""

    email_digest = models.CharField(max_length=64, unique=True)
    created_on = models.DateField(auto_now_add=True)

    class Meta:
        ordering = ["-created_on"]
        verbose_name = _("survey opt-out")

    def __str__(self):
        return f"Opt-out {self.email_digest[:8]}…"


class ExpressionOfInterest(RulesModel):
    """Someone who would like to hear about joining the police or its governance; kept apart from survey answers."""

    name = models.CharField(max_length=120)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    interests = models.JSONField(default=list)
    source = models.CharField(max_length=12, choices=InterestSource.choices)
    summit = models.ForeignKey(Summit, on_delete=models.SET_NULL, null=True, blank=True, related_name="interests")
    appearance = models.ForeignKey(
        "media_appearances.Appearance", on_delete=models.SET_NULL, null=True, blank=True, related_name="interests"
    )
    consent_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=InterestStatus.choices, default=InterestStatus.NEW)
    contacted_on = models.DateField(null=True, blank=True)
    applied_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Which recruitment message the form showed: the only thing recorded of the trial about this person.
    message_variant = models.CharField(max_length=12, choices=RecruitmentMessage.choices, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = _("expressions of interest")
        indexes = [models.Index(fields=["status", "closed_on"], name="interest_status_closed_idx")]
        rules_permissions = {"view": r.can_manage, "list": r.can_manage, "change": r.can_manage}

    def __str__(self):
        return self.name or f"Anonymised interest {self.pk}"

    @property
    def interest_labels(self) -> list[str]:
        """The areas of interest as people read them ("Becoming a police officer", never "officer")."""
        labels = dict(InterestArea.choices)
        return [labels.get(code, code) for code in self.interests or []]


class InfluencerDebrief(RulesModel):
    """An influencer's structured debrief after a summit or an appearance: through a single-use link, or recorded
    by a coordinator after a face-to-face session."""

    influencer = models.ForeignKey("influencers.Influencer", on_delete=models.CASCADE, related_name="debriefs")
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, null=True, blank=True, related_name="debriefs")
    appearance = models.ForeignKey(
        "media_appearances.Appearance", on_delete=models.CASCADE, null=True, blank=True, related_name="debriefs"
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    token_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    what_worked = models.TextField(_("what worked"), max_length=3000, blank=True)
    what_did_not = models.TextField(_("what didn't work"), max_length=3000, blank=True)
    audience_said = models.TextField(_("what the audience and your followers said"), max_length=3000, blank=True)
    overall_feeling = models.CharField(max_length=10, choices=Feeling.choices, blank=True)
    suggestions = models.TextField(_("suggestions for next time"), max_length=3000, blank=True)
    consent_to_quote = models.BooleanField(_("we may quote this (without your name)"), default=False)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(summit__isnull=False) | models.Q(appearance__isnull=False),
                name="debrief_about_summit_or_appearance",
            )
        ]
        rules_permissions = {"view": r.can_read, "list": r.can_read, "add": r.can_manage, "change": r.can_manage}

    def __str__(self):
        return f"Debrief from {self.influencer} on {self.summit or self.appearance}"

    @property
    def about(self):
        return self.summit or self.appearance

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
