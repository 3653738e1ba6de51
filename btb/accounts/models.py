import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from . import rules as r
from .enums import AgeBand, Ethnicity, Gender, Role, WorkforceType


class User(AbstractUser):
    """Everyone who logs in: coordinators, volunteers, oversight staff and administrators."""

    email = models.EmailField(_("e-mail address"), blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        indexes = [models.Index(fields=["date_joined"], name="user_date_joined_idx")]  # newest registrations
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_unique_ci",
                condition=~models.Q(email=""),
                violation_error_message="An account with this e-mail address already exists.",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def has_role(self, role: Role) -> bool:
        return self.is_superuser or role.value in self.role_names

    @property
    def role_names(self) -> frozenset:
        # One query per request, however many templates ask.
        if not hasattr(self, "_role_names"):
            self._role_names = frozenset(self.groups.values_list("name", flat=True)) if self.pk else frozenset()
        return self._role_names


class ReferenceList(models.Model):
    """An administrator-managed list of names (boroughs, communities, networks, skills, units…). Retiring an entry
    (``active=False``) hides it from forms while keeping it on the records that use it."""

    name = models.CharField(max_length=120, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Borough(ReferenceList):
    """A borough or command area; other forces add their own."""

    class Meta(ReferenceList.Meta):
        verbose_name = _("borough / area")
        verbose_name_plural = _("boroughs / areas")


class Community(ReferenceList):
    """A community the programme reaches or targets (Black, Asian, women and girls, LGBT+, young people…). Used by
    influencers, outlets and summits alike."""

    class Meta(ReferenceList.Meta):
        verbose_name_plural = _("communities")


class StaffNetwork(ReferenceList):
    """A staff support network or association (e.g. a Black Police Association)."""


def _photo_path(instance, filename):
    # Random names: a file name must not say whose photo it is.
    return f"photos/volunteers/{uuid.uuid4().hex}.jpg"


phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{7,20}$", "Enter a phone number using digits, spaces and an optional leading +."
)


class VolunteerProfile(RulesModel):
    """An officer's or staff member's profile. The diversity fields are voluntary and only ever reported in
    aggregate; an empty value means the person did not answer."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="volunteer")
    display_name = models.CharField(max_length=80, help_text=_("How you would like to be named to colleagues."))
    workforce_type = models.CharField(
        _("officer or staff"), max_length=10, choices=WorkforceType.choices, default=WorkforceType.OFFICER
    )
    rank_or_grade = models.CharField(
        _("rank or grade"), max_length=60, blank=True, help_text=_("For example Police Constable, Inspector, Band D.")
    )
    command_unit = models.CharField(
        _("command or unit"), max_length=120, blank=True, help_text=_("For example Central East BCU, Mounted Branch.")
    )
    borough = models.ForeignKey(
        Borough,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("borough / area"),
    )
    staff_networks = models.ManyToManyField(StaffNetwork, blank=True, related_name="volunteers")
    phone = models.CharField(max_length=20, blank=True, validators=[phone_validator])
    line_manager_email = models.EmailField(
        _("line manager's e-mail address"),
        blank=True,
        help_text=_(
            "Optional. When you are confirmed for a duty, or a confirmed duty is withdrawn, cancelled or handed "
            "to a colleague, they get a short e-mail: your name, the role, the event, its date and times (so that they "
            "know of the abstraction from duty). Nothing else about you is sent."
        ),
    )
    photo = models.ImageField(upload_to=_photo_path, blank=True, editable=False)
    photo_thumbnail = models.ImageField(upload_to=_photo_path, blank=True, editable=False)
    why_i_joined = models.TextField(
        _("why I joined"), max_length=1000, blank=True, help_text=_("A few sentences, in your own words.")
    )
    willing_media = models.BooleanField(_("media interviews"), default=False)
    willing_panel = models.BooleanField(_("summit panel"), default=False)
    willing_stalls = models.BooleanField(_("stalls"), default=False)
    willing_other = models.BooleanField(_("other help"), default=False)
    other_help = models.CharField(_("other help I can give"), max_length=200, blank=True)

    ethnicity = models.CharField(max_length=20, choices=Ethnicity.choices, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("age"), max_length=20, choices=AgeBand.choices, blank=True)

    left_on = models.DateField(
        _("left the programme on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set when the volunteer is marked departed; their photo is deleted VOLUNTEER_PHOTO_RETENTION_DAYS later."
        ),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    DIVERSITY_FIELDS = ("ethnicity", "gender", "age_band")

    class Meta:
        ordering = ["display_name"]
        indexes = [
            models.Index(fields=["willing_media"], name="volunteer_willing_media_idx"),
            models.Index(fields=["willing_panel"], name="volunteer_willing_panel_idx"),
            models.Index(fields=["display_name", "id"], name="volunteer_name_pk_idx"),  # the directory's order
        ]
        rules_permissions = {
            "add": r.is_administrator,
            "view": r.is_profile_owner | r.is_coordinator | r.is_administrator,
            "list": r.is_coordinator | r.is_administrator,
            "change": r.is_profile_owner | r.is_administrator,
            "delete": r.is_administrator,
        }

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("accounts:volunteer_detail", kwargs={"pk": self.pk})

    @property
    def willing_to(self) -> list[str]:
        return [
            self._meta.get_field(name).verbose_name
            for name in ("willing_media", "willing_panel", "willing_stalls", "willing_other")
            if getattr(self, name)
        ]

    @property
    def missing_for_completion(self) -> list[str]:
        """What the volunteer still has to fill in before coordinators can match them to opportunities."""
        missing = []
        if not self.rank_or_grade:
            missing.append(_("rank or grade"))
        if not self.command_unit:
            missing.append(_("command or unit"))
        if not self.borough_id:
            missing.append(_("borough"))
        if not self.willing_to:
            missing.append(_("what you are willing to do"))
        return missing


class AuditEvent(models.Model):
    """Who did what, for administrators: changes to summits, sign-ups, influencers, appearances, risk decisions,
    and every export of personal data. ``detail`` says what changed (field names and, for non-personal fields,
    values); it never holds a member of the public's personal data."""

    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=60, help_text=_("e.g. summit.confirm, influencer.clear, export.personal"))
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor or 'system'}: {self.action} {self.object_repr}"
