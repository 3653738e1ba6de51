import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from btb.accounts import rules as r
from btb.accounts.models import Borough, Community, phone_validator
from btb.languages import PersonLanguage

from .enums import ContactChannel, DueDiligenceStatus, ImportStatus, Platform
from .validators import validate_profile_url


class InfluencerSkill(models.Model):
    """What an influencer does for us (host, comedian, DJ, marketing and flyers, presenter, venue finder);
    admin-managed."""

    name = models.CharField(max_length=60, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def _photo_path(instance, filename):
    return f"photos/influencers/{uuid.uuid4().hex}.jpg"


class Influencer(RulesModel):
    name = models.CharField(max_length=120)
    known_as = models.CharField(_("known as"), max_length=120, blank=True, help_text=_("Stage or online name."))
    photo = models.ImageField(upload_to=_photo_path, blank=True, editable=False)
    photo_thumbnail = models.ImageField(upload_to=_photo_path, blank=True, editable=False)
    bio = models.TextField(max_length=2000, blank=True)
    communities = models.ManyToManyField(Community, blank=True, related_name="influencers")
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="influencers")
    skills = models.ManyToManyField(InfluencerSkill, blank=True, related_name="influencers")
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(max_length=20, blank=True, validators=[phone_validator])
    preferred_channel = models.CharField(max_length=10, choices=ContactChannel.choices, default=ContactChannel.EMAIL)
    language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=PersonLanguage.choices,
        blank=True,
        help_text=_("Their debrief request and page are written in it; empty: in the summit's survey language."),
    )
    due_diligence_status = models.CharField(
        _("due diligence"), max_length=20, choices=DueDiligenceStatus.choices, default=DueDiligenceStatus.NOT_CHECKED
    )
    due_diligence_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    due_diligence_decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    due_diligence_note = models.TextField(max_length=2000, blank=True)
    active = models.BooleanField(default=True)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The sum of the latest audience size of each platform account, kept up to date by the services.
    total_reach = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["due_diligence_status", "active"], name="influencer_status_active_idx"),
            models.Index(fields=["-total_reach"], name="influencer_reach_idx"),
        ]
        rules_permissions = {
            "add": r.is_coordinator | r.is_administrator,
            "view": r.is_staff_reader,
            "list": r.is_staff_reader,
            "change": r.is_coordinator | r.is_administrator,
            "delete": r.is_coordinator | r.is_administrator,
        }

    def __str__(self):
        return f"{self.name} ({self.known_as})" if self.known_as else self.name

    def get_absolute_url(self):
        return reverse("influencers:influencer_detail", kwargs={"pk": self.pk})

    @property
    def is_cleared(self) -> bool:
        return self.due_diligence_status == DueDiligenceStatus.CLEARED


class PlatformAccount(models.Model):
    influencer = models.ForeignKey(Influencer, on_delete=models.CASCADE, related_name="accounts")
    platform = models.CharField(max_length=20, choices=Platform.choices)
    handle = models.CharField(max_length=100, help_text=_("The name on the platform, e.g. @name or the show's name."))
    profile_url = models.URLField(_("profile URL"), max_length=300, blank=True)
    # The latest audience size (followers, subscribers or listeners), as of the latest snapshot.
    audience_size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["influencer", "platform", "handle"]
        constraints = [
            models.UniqueConstraint(fields=["influencer", "platform", "handle"], name="platform_account_unique")
        ]

    def __str__(self):
        return f"{self.get_platform_display()}: {self.handle}"

    @property
    def last_counted_on(self):
        """The day of the latest snapshot; uses prefetched snapshots (ordered by day) when there are some."""
        snapshots = list(self.snapshots.all())
        return max((s.recorded_on for s in snapshots), default=None)

    def clean(self):
        super().clean()
        if self.profile_url and self.platform:
            try:
                validate_profile_url(platform=self.platform, url=self.profile_url)
            except ValidationError as error:
                raise ValidationError({"profile_url": error.messages}) from None


class FollowerSnapshot(models.Model):
    """The audience of one platform account on one day, so growth shows over time."""

    account = models.ForeignKey(PlatformAccount, on_delete=models.CASCADE, related_name="snapshots")
    recorded_on = models.DateField()
    audience_size = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["account", "recorded_on"]
        constraints = [models.UniqueConstraint(fields=["account", "recorded_on"], name="snapshot_one_per_day")]

    def __str__(self):
        return f"{self.account} on {self.recorded_on}: {self.audience_size}"


class InfluencerImport(models.Model):
    """A large spreadsheet being checked or imported by a Celery task, with its progress shown. The file is kept in
    the database (so a worker on another machine can read it) and dropped once imported."""

    filename = models.CharField(max_length=200)
    data = models.BinaryField(editable=False)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, help_text=_("What the check found: new, update, problems, preview."))
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def is_working(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WAITING, ImportStatus.IMPORTING)

    @property
    def can_import(self) -> bool:
        report = self.report or {}
        return (
            self.status == ImportStatus.CHECKED
            and not report.get("problems")
            and bool(report.get("new") or report.get("update"))
        )
