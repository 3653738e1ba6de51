from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The groups that carry a role; created by a data migration."""

    COORDINATOR = "Coordinators", _("Coordinator")
    VOLUNTEER = "Volunteers", _("Volunteer")
    OVERSIGHT = "Oversight", _("Oversight")


class WorkforceType(models.TextChoices):
    OFFICER = "officer", _("Police officer")
    SPECIAL = "special", _("Special constable")
    STAFF = "staff", _("Police staff")


PREFER_NOT_TO_SAY = "prefer_not_to_say"


class Ethnicity(models.TextChoices):
    """The five high-level groups of the 2021 Census for England and Wales."""

    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    SELF_DESCRIBED = "self_described", "I describe myself another way"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class AgeBand(models.TextChoices):
    UNDER_25 = "16_24", "16 to 24"
    FROM_25 = "25_34", "25 to 34"
    FROM_35 = "35_44", "35 to 44"
    FROM_45 = "45_54", "45 to 54"
    FROM_55 = "55_64", "55 to 64"
    OVER_65 = "65_plus", "65 or over"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"
