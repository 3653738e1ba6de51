import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rules.contrib.models import RulesModel

from btb.accounts.models import Borough, Community, phone_validator

from .. import rules as r
from ..enums import (
    ACTIVE_STATUSES,
    RECORDING_STATUSES,
    SUMMIT_TRANSITIONS,
    RiskAssessmentStatus,
    SummitStatus,
    TicketingPlatform,
)

MONEY = {"max_digits": 10, "decimal_places": 2}


class Venue(RulesModel):
    """A place summits are held; reusable across summits."""

    name = models.CharField(max_length=120)
    address = models.TextField(max_length=500)
    postcode = models.CharField(max_length=10)
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, null=True, blank=True, related_name="venues")
    capacity = models.PositiveIntegerField(null=True, blank=True)
    accessibility_notes = models.TextField(max_length=2000, blank=True)
    cost = models.DecimalField(
        gettext_lazy("hire cost (£)"),
        **MONEY,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=gettext_lazy("0 if it is free."),
    )
    community_connection = models.TextField(
        gettext_lazy("why the community sees it as its own"), max_length=2000, blank=True
    )
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(gettext_lazy("contact e-mail"), blank=True)
    contact_phone = models.CharField(max_length=20, blank=True, validators=[phone_validator])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        rules_permissions = {
            "add": r.can_plan,
            "view": r.can_read,
            "list": r.can_read,
            "change": r.can_plan,
            "delete": r.can_plan,
        }

    def __str__(self):
        return f"{self.name}, {self.postcode}"


class Summit(RulesModel):
    """A face-to-face summit, from first idea to evaluation. Status changes go through the services."""

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, unique=True, editable=False)
    status = models.CharField(max_length=12, choices=SummitStatus.choices, default=SummitStatus.DRAFT, editable=False)
    borough = models.ForeignKey(
        Borough,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="summits",
        verbose_name=gettext_lazy("borough / area"),
    )
    target_communities = models.ManyToManyField(Community, blank=True, related_name="summits")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="summits")
    starts_at = models.DateTimeField(gettext_lazy("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(gettext_lazy("ends"), null=True, blank=True)
    expected_attendees = models.PositiveIntegerField(null=True, blank=True)
    catering_headcount = models.PositiveIntegerField(null=True, blank=True)
    lead_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="led_summits"
    )
    ticketing_platform = models.CharField(
        max_length=12, choices=TicketingPlatform.choices, default=TicketingPlatform.EVENTBRITE
    )
    ticketing_url = models.URLField(gettext_lazy("ticketing link"), max_length=300, blank=True)
    estimated_reach = models.PositiveIntegerField(
        gettext_lazy("estimated marketing reach"),
        null=True,
        blank=True,
        help_text=gettext_lazy("People the marketing reached."),
    )
    actual_attendance = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(max_length=4000, blank=True)
    question_set = models.ForeignKey(
        "media_appearances.QuestionSet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="summits",
        verbose_name=gettext_lazy("panel question set"),
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancellation_reason = models.TextField(max_length=2000, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["status", "starts_at"], name="summit_status_start_idx")]
        rules_permissions = {
            "add": r.can_plan,
            "view": r.can_read,
            "list": r.can_read,
            "change": r.can_plan,
            "delete": r.can_plan,
        }

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:summit_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The summit must end after it starts.")})
        if bool(self.starts_at) != bool(self.ends_at):
            raise ValidationError({"ends_at": _("Give both the start and the end, or neither.")})

    @property
    def is_open(self) -> bool:
        """Still being planned: its details can change."""
        return self.status in ACTIVE_STATUSES

    @property
    def is_recording_outcome(self) -> bool:
        """Held: only the outcome (attendance, reach, notes, actual costs) may still be recorded."""
        return self.status in RECORDING_STATUSES

    @property
    def is_cancelled(self) -> bool:
        return self.status == SummitStatus.CANCELLED

    def can_become(self, status: str) -> bool:
        return SUMMIT_TRANSITIONS.allows(self.status, status)


def _risk_document_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"risk_assessments/{uuid.uuid4().hex}.{extension}"


class RiskAssessment(models.Model):
    """The summit's risk assessment; every summit has one, created with it."""

    summit = models.OneToOneField(Summit, on_delete=models.CASCADE, related_name="risk_assessment")
    status = models.CharField(
        max_length=12, choices=RiskAssessmentStatus.choices, default=RiskAssessmentStatus.NOT_STARTED
    )
    document = models.FileField(upload_to=_risk_document_path, blank=True, editable=False)
    document_name = models.CharField(max_length=200, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_note = models.TextField(max_length=2000, blank=True)

    class Meta:
        permissions = [("approve_riskassessment", "Can approve or return summit risk assessments")]

    def __str__(self):
        return f"Risk assessment for {self.summit}"

    @property
    def is_approved(self) -> bool:
        return self.status == RiskAssessmentStatus.APPROVED

    @property
    def awaits_decision(self) -> bool:
        return self.status == RiskAssessmentStatus.SUBMITTED
