"""Volunteer roles (on a summit) and interview slots (on a media appearance), and the sign-ups to them.

An interview slot is a ``VolunteerRole`` of kind “interview” that belongs to an appearance instead of a summit: the
places, the sign-ups, the waiting list and the roster work the same way for both.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from btb.accounts.models import VolunteerProfile
from btb.feed_tokens import FeedToken

from ..enums import UniformApproach
from ..models.people import Stall
from ..models.summits import Summit
from .enums import ACTIVE, DECIDED, SIGNUP_TRANSITIONS, Attendance, CoverOutcome, RoleKind, SignUpStatus


class Requirement(models.Model):
    """Something a role may need of whoever takes it (media trained, first aid, a language), stated by volunteers on
    their profiles as credentials. Managed in the admin; retiring one (``active=False``) keeps it on the roles and
    profiles that have it but offers it for no new ones."""

    name = models.CharField(
        max_length=80, unique=True, help_text=gettext_lazy("For example “First aid” or “Speaks Welsh”.")
    )
    description = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class VolunteerCredential(models.Model):
    """A requirement a volunteer says they meet, until ``expires_on`` (inclusive) if it lapses."""

    volunteer = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="credentials")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="credentials")
    expires_on = models.DateField(
        gettext_lazy("valid until"), null=True, blank=True, help_text=gettext_lazy("Leave empty if it does not lapse.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["requirement__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "requirement"],
                name="credential_one_per_requirement",
                violation_error_message="You have already added this.",
            )
        ]

    def __str__(self):
        return f"{self.volunteer}: {self.requirement}"

    def valid_on(self, day) -> bool:
        return self.expires_on is None or self.expires_on >= day


class VolunteerRole(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, null=True, blank=True, related_name="volunteer_roles")
    appearance = models.ForeignKey(
        "media_appearances.Appearance",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interview_slots",
    )
    kind = models.CharField(max_length=12, choices=RoleKind.choices)
    title = models.CharField(
        max_length=120, help_text=gettext_lazy("For example “Welcome desk” or “Mounted branch stall”.")
    )
    stall = models.ForeignKey(
        Stall,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_roles",
        help_text=gettext_lazy("The stall this role helps at, if any."),
    )
    description = models.TextField(gettext_lazy("what it involves"), max_length=2000, blank=True)
    starts_at = models.DateTimeField(gettext_lazy("starts"))
    ends_at = models.DateTimeField(gettext_lazy("ends"))
    places = models.PositiveIntegerField(gettext_lazy("number needed"), default=1, validators=[MinValueValidator(1)])
    what_to_bring = models.TextField(max_length=1000, blank=True)
    uniform_approach = models.CharField(
        max_length=20, choices=UniformApproach.choices, default=UniformApproach.OUT_OF_UNIFORM
    )
    requirements = models.ManyToManyField(
        Requirement,
        blank=True,
        related_name="roles",
        verbose_name=gettext_lazy("who can take it"),
        help_text=gettext_lazy("Only volunteers who have each of these, valid on the day, can sign up."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = gettext_lazy("volunteer role or interview slot")
        verbose_name_plural = gettext_lazy("volunteer roles and interview slots")
        indexes = [models.Index(fields=["starts_at"], name="volunteer_role_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(summit__isnull=False, appearance__isnull=True) & ~Q(kind=RoleKind.INTERVIEW))
                | (Q(summit__isnull=True, appearance__isnull=False) & Q(kind=RoleKind.INTERVIEW)),
                name="volunteer_role_on_summit_or_interview_on_appearance",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="volunteer_role_ends_after"),
        ]

    def __str__(self):
        return f"{self.title} ({self.event})"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The role must end after it starts.")})

    @property
    def event(self):
        return self.summit if self.summit_id else self.appearance

    @property
    def event_is_open(self) -> bool:
        """The summit is still being planned, or the appearance is still to take place: roles and sign-ups may
        change."""
        return self.summit.is_open if self.summit_id else self.appearance.is_upcoming

    @property
    def day(self):
        """The local date a credential must be valid on."""
        return timezone.localdate(self.starts_at)

    @property
    def is_interview(self) -> bool:
        return self.kind == RoleKind.INTERVIEW

    @property
    def hours(self) -> Decimal:
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"))

    @property
    def location(self) -> str:
        if self.summit_id:
            venue = self.summit.venue
            return f"{venue.name}, {venue.address}, {venue.postcode}" if venue else ""
        return self.appearance.location or self.appearance.joining_link


class SignUp(models.Model):
    """A volunteer's sign-up to a role or slot. Status changes go through events.volunteering.services."""

    role = models.ForeignKey(VolunteerRole, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(max_length=12, choices=SignUpStatus.choices, editable=False)
    note = models.CharField(gettext_lazy("note to the coordinator"), max_length=500, blank=True)
    overlap_override_reason = models.CharField(max_length=300, blank=True, editable=False)
    offer_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_note = models.CharField(max_length=500, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawal_reason = models.CharField(max_length=500, blank=True, editable=False)
    attendance = models.CharField(max_length=10, choices=Attendance.choices, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = gettext_lazy("sign-up")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "volunteer"],
                condition=Q(status__in=[status.value for status in ACTIVE]),
                name="signup_one_active_per_role",
                violation_error_message="You have already signed up for this.",
            )
        ]
        indexes = [models.Index(fields=["role", "status"], name="signup_role_status_idx")]

    def __str__(self):
        return f"{self.volunteer} for {self.role.title}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def awaits_decision(self) -> bool:
        """Waiting for the coordinator to confirm or decline it."""
        return SIGNUP_TRANSITIONS.allows(self.status, SignUpStatus.DECLINED)

    @property
    def is_confirmed(self) -> bool:
        return self.status == SignUpStatus.CONFIRMED

    @property
    def is_decided(self) -> bool:
        """Confirmed or declined by a coordinator: a decision that may be undone until the role starts."""
        return self.status in DECIDED

    @property
    def attended(self) -> bool:
        return self.attendance == Attendance.ATTENDED

    @property
    def did_not_attend(self) -> bool:
        return self.attendance == Attendance.NO_SHOW

    @property
    def is_waiting(self) -> bool:
        return self.status == SignUpStatus.WAITING

    @property
    def is_offered(self) -> bool:
        return self.status == SignUpStatus.OFFERED


class CoverInvitation(models.Model):
    """A volunteer asked by e-mail to take a place on a role that is short close to its day. One per volunteer and
    role: the row is what makes the beat task's batches idempotent. The first to accept gets the place
    (events.volunteering.cover)."""

    role = models.ForeignKey(VolunteerRole, on_delete=models.CASCADE, related_name="cover_invitations")
    volunteer = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="cover_invitations")
    sent_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=CoverOutcome.choices, blank=True)
    signup = models.OneToOneField(
        SignUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="cover_invitation", editable=False
    )

    class Meta:
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["role", "volunteer"], name="cover_invitation_once_per_role"),
        ]

    def __str__(self):
        return f"{self.volunteer} asked to cover {self.role.title}"

    @property
    def is_accepted(self) -> bool:
        return self.outcome == CoverOutcome.ACCEPTED


def _new_token():
    return secrets.token_urlsafe(32)


class VolunteerCalendarToken(FeedToken):
    """The secret in a volunteer's personal calendar-feed address (hashed, shown once, lapsing: see
    btb.feed_tokens); regenerating it cuts off the old address."""

    volunteer = models.OneToOneField(VolunteerProfile, on_delete=models.CASCADE, related_name="calendar_token")

    class Meta:
        verbose_name = gettext_lazy("volunteer calendar feed address")
        verbose_name_plural = gettext_lazy("volunteer calendar feed addresses")

    def __str__(self):
        return f"Calendar feed of {self.volunteer}"
