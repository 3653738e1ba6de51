from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from btb.accounts.models import VolunteerProfile

from ..enums import EngagementRole, EngagementStatus, UniformApproach
from .reference import StallUnit
from .summits import MONEY, Summit


class InfluencerEngagement(models.Model):
    """An influencer engaged for a summit: their role, agreed fee and where the agreement stands."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="engagements")
    influencer = models.ForeignKey(
        "influencers.Influencer", on_delete=models.PROTECT, related_name="summit_engagements"
    )
    role = models.CharField(max_length=20, choices=EngagementRole.choices)
    fee = models.DecimalField(
        _("agreed fee (£)"), **MONEY, default=0, validators=[MinValueValidator(0)], help_text=_("0 if unpaid.")
    )
    status = models.CharField(max_length=12, choices=EngagementStatus.choices, default=EngagementStatus.ASKED)
    notes = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "influencer", "role"],
                name="engagement_unique_role",
                violation_error_message="This influencer already has this role at this summit.",
            )
        ]

    def __str__(self):
        return f"{self.influencer} ({self.get_role_display()})"


class PanelSeat(models.Model):
    """A seat on the summit panel, filled by a volunteer; one seat may be the moderator's."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="panel_seats")
    volunteer = models.ForeignKey(VolunteerProfile, on_delete=models.PROTECT, related_name="panel_seats")
    position = models.PositiveIntegerField(_("order"), default=1)
    is_moderator = models.BooleanField(_("moderator"), default=False)
    confirmed = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "volunteer"],
                name="panel_seat_unique_volunteer",
                violation_error_message="This volunteer already has a seat on this panel.",
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.volunteer}"


class Stall(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="stalls")
    unit = models.ForeignKey(StallUnit, on_delete=models.PROTECT, related_name="stalls")
    description = models.TextField(max_length=2000, blank=True)
    volunteers_needed = models.PositiveIntegerField(default=2)
    uniform_approach = models.CharField(
        max_length=20, choices=UniformApproach.choices, default=UniformApproach.OUT_OF_UNIFORM
    )
    needs_outdoor_space = models.BooleanField(_("outdoor space"), default=False)
    needs_power = models.BooleanField(_("power"), default=False)
    brings_vehicles = models.BooleanField(_("vehicles"), default=False)
    brings_animals = models.BooleanField(_("animals"), default=False)
    logistics_notes = models.TextField(max_length=2000, blank=True)
    confirmed = models.BooleanField(default=False)

    class Meta:
        ordering = ["unit__name", "pk"]

    def __str__(self):
        return f"{self.unit} at {self.summit}"

    @property
    def logistics(self) -> list[str]:
        return [
            self._meta.get_field(name).verbose_name
            for name in ("needs_outdoor_space", "needs_power", "brings_vehicles", "brings_animals")
            if getattr(self, name)
        ]
