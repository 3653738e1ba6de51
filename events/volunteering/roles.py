"""Volunteer roles and interview slots: saving, removing and copying them, and a stall's role following its stall."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from btb.audit import audit_record
from btb.errors import ApplicationError, full_clean
from media_appearances.models import Appearance

from ..models import Summit
from .enums import (
    ACTIVE,
    HOLDING_PLACE,
    RoleKind,
)
from .event_changes import notify_changed, tell_line_managers_of_new_times
from .models import VolunteerRole
from .services import promote_from_waiting_list


def _lock_event(role: VolunteerRole) -> None:
    """Lock the summit or appearance first (as cancelling it does), so a role is never added while it is
    cancelled."""
    if role.summit_id:
        role.summit = Summit.objects.select_for_update(of=("self",)).select_related("venue").get(pk=role.summit_id)
    else:
        role.appearance = Appearance.objects.select_for_update(of=("self",)).get(pk=role.appearance_id)


def _assert_event_open(role: VolunteerRole) -> None:
    if not role.event_is_open:
        event = role.event
        raise ApplicationError(
            _(
                "“%(event)s” is %(status)s: its volunteer roles and interview slots can no longer be added, "
                "changed or removed."
            )
            % {"event": event, "status": event.get_status_display().lower()}
        )


def _assert_on_summit_days(role: VolunteerRole) -> None:
    summit = role.summit
    if summit.starts_at is None or summit.ends_at is None:
        raise ApplicationError(
            _("Give “%(summit)s” its start and end first: a volunteer role must fall on the summit's day.")
            % {"summit": summit}
        )
    first, last = timezone.localdate(summit.starts_at), timezone.localdate(summit.ends_at)
    if role.starts_at and role.ends_at:
        if timezone.localdate(role.starts_at) < first or timezone.localdate(role.ends_at) > last:
            days = date_format(first, "l j F Y")
            if last != first:
                days += " to " + date_format(last, "l j F Y")
            raise ApplicationError(
                _("The role must fall on the summit's day (%(days)s).") % {"days": days}, field="starts_at"
            )


def role_check(*, role: VolunteerRole) -> None:
    """The rules a role or interview slot must meet to be saved (also asked by the admin's form, to show them next
    to its fields): its event still open, a summit's role on the summit's day, a stall of that summit."""
    _assert_event_open(role)
    if role.summit_id:
        _assert_on_summit_days(role)
    if role.stall_id and role.stall.summit_id != role.summit_id:
        raise ApplicationError(_("Choose a stall of this summit."), field="stall")


@transaction.atomic
def role_save(*, role: VolunteerRole, by, requirements=None) -> VolunteerRole:
    """Create or change a role or interview slot (with what it needs of volunteers, when ``requirements`` is
    given). Moving it tells everyone signed up; more places go to the waiting list first."""
    _lock_event(role)
    previous = None
    if role.pk:
        previous = VolunteerRole.objects.select_for_update().get(pk=role.pk)
    role_check(role=role)
    full_clean(role, exclude=["summit", "appearance"])
    role.save()
    if requirements is not None:
        role.requirements.set(requirements)
    audit_record(actor=by, action="volunteer_role.save", obj=role, created=previous is None)
    if previous is not None:
        if (previous.starts_at, previous.ends_at) != (role.starts_at, role.ends_at):
            notify_changed(VolunteerRole.objects.filter(pk=role.pk))
            tell_line_managers_of_new_times(VolunteerRole.objects.filter(pk=role.pk))
        if role.places > previous.places:
            promote_from_waiting_list(role)
    return role


@transaction.atomic
def role_delete(*, role: VolunteerRole, by) -> None:
    _lock_event(role)
    _assert_event_open(role)
    role = VolunteerRole.objects.select_for_update().get(pk=role.pk)
    active = role.signups.filter(status__in=ACTIVE).count()
    if active:
        raise ApplicationError(
            ngettext(
                "%(count)d volunteer is still signed up for “%(role)s”: decline or withdraw their sign-ups first, "
                "so that they are told.",
                "%(count)d volunteers are still signed up for “%(role)s”: decline or withdraw their sign-ups first, "
                "so that they are told.",
                active,
            )
            % {"count": active, "role": role.title}
        )
    audit_record(actor=by, action="volunteer_role.delete", obj=role)
    role.delete()


def roles_copy(*, source: Summit, target: Summit, shift, stalls: dict) -> list[VolunteerRole]:
    """A copied summit's roles: the same roles moved by ``shift``, at the copied stalls (``stalls`` maps the old
    stall's pk to the new one's; a role at a stall not copied helps at no stall), needing what it needed. No one
    is signed up."""
    originals = list(source.volunteer_roles.prefetch_related("requirements"))
    copies = VolunteerRole.objects.bulk_create(
        VolunteerRole(
            summit=target,
            kind=role.kind,
            title=role.title,
            stall_id=stalls.get(role.stall_id),
            description=role.description,
            starts_at=role.starts_at + shift,
            ends_at=role.ends_at + shift,
            places=role.places,
            what_to_bring=role.what_to_bring,
            uniform_approach=role.uniform_approach,
        )
        for role in originals
    )
    needs = VolunteerRole.requirements.through
    needs.objects.bulk_create(
        needs(volunteerrole_id=copy.pk, requirement_id=requirement.pk)
        for original, copy in zip(originals, copies, strict=True)
        for requirement in original.requirements.all()
    )
    return copies


def stall_roles_follow(*, stall) -> VolunteerRole | None:
    """A stall's “volunteers needed” is a role on the roster: made with the stall (for the summit's time) and kept
    at that many places; never below the places already held, and never made without the summit's times."""
    summit = stall.summit
    role = VolunteerRole.objects.select_for_update().filter(summit=summit, stall=stall, kind=RoleKind.STALL).first()
    if role is None:
        if not stall.volunteers_needed or summit.starts_at is None or summit.ends_at is None:
            return None
        role = VolunteerRole.objects.create(
            summit=summit,
            stall=stall,
            kind=RoleKind.STALL,
            title=f"{stall.unit} stall",
            description=stall.description[:2000],
            starts_at=summit.starts_at,
            ends_at=summit.ends_at,
            places=stall.volunteers_needed,
            uniform_approach=stall.uniform_approach,
        )
        return role
    held = role.signups.filter(status__in=HOLDING_PLACE).count()
    places = max(stall.volunteers_needed, held, 1)
    if places != role.places:
        grew = places > role.places
        role.places = places
        role.save(update_fields=["places", "updated_at"])
        if grew:
            promote_from_waiting_list(role)
    return role
