"""What a role needs of whoever takes it (media trained, first aid, a language) and what a volunteer has stated they
meet, with its expiry: read the same way by the opportunities board, signing up, the roster and cover invitations,
and the volunteer's own changes to their credentials.

A credential counts for a role when it is valid on the role's (local) day: one that expires the day before does not.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from btb.accounts.models import VolunteerProfile
from btb.audit import audit_record
from btb.errors import ApplicationError

from .models import Requirement, VolunteerCredential, VolunteerRole


@dataclass(frozen=True)
class RequirementCheck:
    """One requirement of a role against one volunteer's credential for it (None: not stated). Without a volunteer
    (``checked=False``: staff reading the board) it only names the requirement."""

    requirement: Requirement
    credential: VolunteerCredential | None
    day: date
    checked: bool = True

    @property
    def met(self) -> bool:
        return self.credential is not None and self.credential.valid_on(self.day)

    @property
    def expired(self) -> bool:
        return self.credential is not None and not self.met

    @property
    def state(self) -> str:
        if not self.checked:
            return ""
        return "met" if self.met else "expired" if self.expired else "missing"

    @property
    def own_note(self) -> str:
        """What the volunteer is told about their own credential, e.g. “yours expired 3 March”."""
        if self.state == "expired":
            return _("yours expired %(day)s") % {"day": date_format(self.credential.expires_on, "j F")}
        if self.state == "missing":
            return _("not on your profile")
        return ""

    @property
    def roster_note(self) -> str:
        """What the coordinator is told about a volunteer's credential, e.g. “expired 3 March”."""
        if self.state == "expired":
            return _("expired %(day)s") % {"day": date_format(self.credential.expires_on, "j F")}
        if self.state == "missing":
            return _("not stated")
        return ""

    def __str__(self):
        note = self.own_note
        return f"{self.requirement} ({note})" if note else str(self.requirement)


def requirement_checks(*, requirements, credentials, day, checked: bool = True) -> list[RequirementCheck]:
    """Each requirement against the matching credential among ``credentials`` (already fetched: no query)."""
    by_requirement = {credential.requirement_id: credential for credential in credentials}
    return [RequirementCheck(r, by_requirement.get(r.pk), day, checked) for r in requirements]


def unmet_requirements(*, volunteer: VolunteerProfile, role: VolunteerRole) -> list[RequirementCheck]:
    """The role's requirements the volunteer does not meet on its day (two queries)."""
    requirements = list(role.requirements.all())
    if not requirements:
        return []
    credentials = VolunteerCredential.objects.filter(volunteer=volunteer, requirement__in=requirements)
    checks = requirement_checks(requirements=requirements, credentials=credentials, day=role.day)
    return [check for check in checks if not check.met]


def requirements_refusal(unmet: list[RequirementCheck], *, volunteer: VolunteerProfile, own: bool) -> str:
    """Why a sign-up is refused, in words the person asking can act on."""
    if own:
        return _("This needs %(needs)s, valid on the day. Add or renew it under My qualifications, then sign up.") % {
            "needs": "; ".join(str(check) for check in unmet)
        }
    needs = "; ".join(f"{check.requirement} ({check.roster_note})" for check in unmet)
    return _("%(volunteer)s does not meet what this needs: %(needs)s.") % {"volunteer": volunteer, "needs": needs}


# --- The volunteer's own credentials --------------------------------------------------------------------------------


@transaction.atomic
def credential_save(
    *, volunteer: VolunteerProfile, requirement: Requirement, expires_on: date | None, by
) -> VolunteerCredential:
    """Add a credential to the volunteer's profile, or renew one already there with its new expiry."""
    if not requirement.active:
        raise ApplicationError(_("“%(name)s” is no longer offered.") % {"name": requirement}, field="requirement")
    if expires_on is not None and expires_on < timezone.localdate():
        raise ApplicationError(
            _("That date has passed: add it again once it is renewed, with the new date."), field="expires_on"
        )
    try:
        with transaction.atomic():
            credential, created = VolunteerCredential.objects.update_or_create(
                volunteer=volunteer, requirement=requirement, defaults={"expires_on": expires_on}
            )
    except IntegrityError:  # added at the same moment in another tab
        credential, created = VolunteerCredential.objects.get(volunteer=volunteer, requirement=requirement), False
    audit_record(actor=by, action="credential.save", obj=credential, created=created, requirement=requirement.pk)
    return credential


@transaction.atomic
def credential_remove(*, credential: VolunteerCredential, by) -> None:
    audit_record(actor=by, action="credential.remove", obj=credential, requirement=credential.requirement_id)
    credential.delete()
