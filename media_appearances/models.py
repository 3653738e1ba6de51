from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from btb.accounts import rules as r
from btb.accounts.models import Community, VolunteerProfile, phone_validator
from influencers.models import Influencer

from .enums import (
    APPEARANCE_TRANSITIONS,
    UPCOMING_STATUSES,
    AppearanceStatus,
    OutletKind,
    ParticipantRole,
    QuestionTopic,
    Sentiment,
)
from .rules import is_appearance_participant


class Question(models.Model):
    """A question in the bank that presenters are given, with what the interviewee should have ready."""

    text = models.TextField(max_length=1000)
    topic = models.CharField(max_length=20, choices=QuestionTopic.choices)
    preparation_notes = models.TextField(
        max_length=4000, blank=True, help_text=_("Facts and figures the interviewee should have ready.")
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "pk"]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class QuestionSet(models.Model):
    """An ordered selection of questions. Sets are built from the bank, then copied and tailored for a
    particular appearance or summit panel; a copy records what it was copied from."""

    name = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True)
    tailoring_note = models.TextField(
        max_length=4000,
        blank=True,
        help_text=_("How this copy was tailored, e.g. after a local incident: what can and cannot be said."),
    )
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies")
    is_template = models.BooleanField(
        _("reusable template"), default=True, help_text=_("Templates are offered when building a new set.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class QuestionSetItem(models.Model):
    """One question in a set, at a position. The text is copied from the bank so tailoring a set never changes
    the bank or any other set."""

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField(max_length=1000)
    preparation_notes = models.TextField(max_length=4000, blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["question_set", "position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.text[:60]}"


class Outlet(RulesModel):
    """A channel officers appear on: a community radio station, a YouTube show, a livestream account, a paper."""

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=OutletKind.choices)
    audience = models.CharField(
        max_length=200, blank=True, help_text=_("Who listens, watches or reads, e.g. “young Black Londoners, 18-30”.")
    )
    audience_size = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Typical listeners, subscribers or readers, if known.")
    )
    communities = models.ManyToManyField(Community, blank=True, related_name="outlets")
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(max_length=20, blank=True, validators=[phone_validator])
    is_community_media = models.BooleanField(
        _("minority or community media"), default=False, help_text=_("Run by or for a minority or local community.")
    )
    url = models.URLField(_("web address"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        rules_permissions = {
            "add": r.is_coordinator | r.is_administrator,
            "view": r.is_staff_reader,
            "list": r.is_staff_reader,
            "change": r.is_coordinator | r.is_administrator,
            "delete": r.is_coordinator | r.is_administrator,
        }

    def __str__(self):
        return self.name


class Appearance(RulesModel):
    """One interview or show an officer or staff member takes part in."""

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="appearances")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    is_live = models.BooleanField(_("live"), default=False, help_text=_("Broadcast live rather than recorded."))
    location = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Studio address, or where the officers should go.")
    )
    joining_link = models.URLField(_("joining link"), max_length=300, blank=True, help_text=_("For remote recordings."))
    influencer = models.ForeignKey(
        Influencer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="media_appearances",
        verbose_name=_("presenter (influencer)"),
        help_text=_("Only influencers cleared by due diligence can be booked."),
    )
    external_presenter = models.CharField(
        _("presenter (other)"),
        max_length=120,
        blank=True,
        help_text=_("A presenter who is not one of our influencers."),
    )
    status = models.CharField(max_length=20, choices=AppearanceStatus.choices, default=AppearanceStatus.PROPOSED)
    published_url = models.URLField(_("published link"), max_length=300, blank=True)
    topics = models.JSONField(default=list, blank=True, help_text=_("Question topics covered."))
    preparation_notes = models.TextField(max_length=4000, blank=True)
    officer_hours = models.DecimalField(
        _("officer hours spent"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    cost = models.DecimalField(
        _("cost (£)"), max_digits=9, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.SET_NULL, null=True, blank=True, related_name="appearances"
    )
    cancelled_reason = models.CharField(max_length=300, blank=True)
    # The sentiment tally of livestream comments; kept here so it survives the purge of the raw comments.
    comments_positive = models.PositiveIntegerField(default=0, editable=False)
    comments_neutral = models.PositiveIntegerField(default=0, editable=False)
    comments_negative = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="appearance_status_start_idx"),
            models.Index(fields=["-starts_at", "id"], name="appearance_newest_idx"),  # the list's order
        ]
        rules_permissions = {
            "add": r.is_coordinator | r.is_administrator,
            "view": r.is_staff_reader | is_appearance_participant,
            "list": r.is_staff_reader,
            "change": r.is_coordinator | r.is_administrator,
            "delete": r.is_coordinator | r.is_administrator,
        }

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("media_appearances:appearance_detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.influencer_id and self.external_presenter:
            raise ValidationError(
                {"external_presenter": _("Choose an influencer or name another presenter, not both.")}
            )

    def can_become(self, status: str) -> bool:
        return APPEARANCE_TRANSITIONS.allows(self.status, status)

    @property
    def is_upcoming(self) -> bool:
        """Still to take place: interview slots and sign-ups to them are open."""
        return self.status in UPCOMING_STATUSES

    @property
    def is_published(self) -> bool:
        return self.status == AppearanceStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == AppearanceStatus.CANCELLED

    @property
    def is_closed(self) -> bool:
        """Published or cancelled: nothing about it changes any more."""
        return APPEARANCE_TRANSITIONS.is_final(self.status)

    @property
    def presenter(self) -> str:
        return str(self.influencer) if self.influencer_id else self.external_presenter

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(QuestionTopic.choices)
        return [labels[topic] for topic in self.topics if topic in labels]

    @property
    def comment_tally(self) -> dict:
        return {
            "positive": self.comments_positive,
            "neutral": self.comments_neutral,
            "negative": self.comments_negative,
            "total": self.comments_positive + self.comments_neutral + self.comments_negative,
        }


class AppearanceParticipant(models.Model):
    """An officer or staff member taking part in an appearance."""

    appearance = models.ForeignKey(Appearance, on_delete=models.CASCADE, related_name="participants")
    volunteer = models.ForeignKey(VolunteerProfile, on_delete=models.PROTECT, related_name="media_appearances")
    role = models.CharField(max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.INTERVIEWEE)
    out_of_uniform = models.BooleanField(default=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["appearance", "role", "volunteer__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["appearance", "volunteer"], name="appearance_participant_unique")
        ]

    def __str__(self):
        return f"{self.volunteer} ({self.get_role_display()})"


class MetricSnapshot(models.Model):
    """The numbers of an appearance on one day, entered by hand or imported, so growth shows over time."""

    appearance = models.ForeignKey(Appearance, on_delete=models.CASCADE, related_name="snapshots")
    recorded_on = models.DateField(_("date"))
    views = models.PositiveIntegerField(null=True, blank=True)
    likes = models.PositiveIntegerField(null=True, blank=True)
    comments = models.PositiveIntegerField(null=True, blank=True)
    shares = models.PositiveIntegerField(null=True, blank=True)
    live_audience = models.PositiveIntegerField(
        _("live listeners or viewers"), null=True, blank=True, help_text=_("The peak live audience.")
    )

    METRICS = ("views", "likes", "comments", "shares", "live_audience")

    class Meta:
        ordering = ["appearance", "recorded_on"]
        constraints = [
            models.UniqueConstraint(fields=["appearance", "recorded_on"], name="metric_snapshot_one_per_day")
        ]

    def __str__(self):
        return f"{self.appearance} on {self.recorded_on}"


class LivestreamComment(models.Model):
    """A comment gathered during a livestream: text only, never who wrote it. Deleted after the retention
    period; the appearance keeps the tally."""

    appearance = models.ForeignKey(Appearance, on_delete=models.CASCADE, related_name="livestream_comments")
    text = models.TextField(max_length=1000)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices)
    score = models.FloatField(help_text=_("The library's compound score, from -1 (negative) to 1 (positive)."))
    corrected = models.BooleanField(default=False, help_text=_("A coordinator changed the library's reading."))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["appearance", "pk"]

    def __str__(self):
        return self.text if len(self.text) <= 60 else self.text[:59] + "…"
