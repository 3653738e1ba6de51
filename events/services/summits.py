from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from btb.audit import audit_record
from btb.errors import ApplicationError, full_clean
from media_appearances.services import question_set_copy

from .. import signals
from ..enums import RECORDING_STATUSES, SUMMIT_TRANSITIONS, CopyPart, SummitStatus
from ..models import BudgetLine, InfluencerEngagement, RiskAssessment, Stall, Summit, Venue
from ..readiness import summit_readiness
from ..signals import summit_cancelled
from ..volunteering.services import roles_copy, roles_follow_summit, signups_cancel_for_summit
from .cancellations import cancellation_notices_queue
from .planning import checklist_generate, checklist_redate, checklist_sync

EIGHT_WEEKS = timedelta(weeks=8)

SUMMIT_FIELDS = [
    "title",
    "borough",
    "venue",
    "starts_at",
    "ends_at",
    "expected_attendees",
    "catering_headcount",
    "lead_coordinator",
    "ticketing_platform",
    "ticketing_url",
    "estimated_reach",
    "actual_attendance",
    "notes",
    "question_set",
]


def _unique_slug(summit: Summit) -> str:
    base = slugify(summit.title)[:60].strip("-") or "summit"
    if summit.starts_at:
        base = f"{base}-{timezone.localtime(summit.starts_at):%Y-%m}"
    slug, n = base, 2
    while Summit.objects.filter(slug=slug).exclude(pk=summit.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def short_notice_warning(summit: Summit, *, now=None) -> str | None:
    """The programme needs two to three months' lead time; say so when a summit is closer than eight weeks."""
    if summit.starts_at is None or not summit.is_open:
        return None
    now = now or timezone.now()
    if summit.starts_at - now >= EIGHT_WEEKS:
        return None
    days = (timezone.localdate(summit.starts_at) - timezone.localdate(now)).days
    when = "is in the past" if days < 0 else f"is only {days} day{'s' if days != 1 else ''} away"
    return (
        f"“{summit.title}” {when}. Summits usually need two to three months' lead time (at least eight weeks): "
        "check that venue, influencers, stalls and the risk assessment can be ready in time."
    )


def _panel_copy_of_template(summit: Summit) -> None:
    """A template chosen for the panel is copied, so tailoring it for this community never changes the template."""
    chosen = summit.question_set
    if chosen is not None and chosen.is_template:
        summit.question_set = question_set_copy(source=chosen, name=f"{summit.title}: panel questions")


def _assert_open(summit: Summit) -> None:
    if not summit.is_open:
        raise ApplicationError(
            _("“%(summit)s” is %(status)s: it can no longer be changed.")
            % {"summit": summit, "status": summit.get_status_display().lower()}
        )


@transaction.atomic
def summit_create(*, data: dict, target_communities=(), created_by=None) -> tuple[Summit, list[str]]:
    """Create a draft summit with its risk assessment and planning checklist. Returns it with any warnings."""
    summit = Summit(**{name: data[name] for name in SUMMIT_FIELDS if name in data})
    if summit.lead_coordinator_id is None and created_by is not None:
        summit.lead_coordinator = created_by
    full_clean(summit, exclude=["slug"])
    _panel_copy_of_template(summit)
    summit.slug = _unique_slug(summit)
    # A summit that has already ended is a record of a past event: held, with no checklist to fall overdue.
    is_record = summit.ends_at is not None and summit.ends_at <= timezone.now()
    if is_record:
        summit.status = SummitStatus.HELD
    summit.save()
    summit.target_communities.set(target_communities)
    RiskAssessment.objects.create(summit=summit)
    if is_record:
        audit_record(actor=created_by, action="summit.create", obj=summit, record_of_past_event=True)
        # Held like any other: its survey and influencer debriefs are scheduled (from the tickets imported later).
        transaction.on_commit(lambda: signals.summit_held.send(sender=Summit, summit=summit))
        return summit, [
            f"“{summit.title}” has already taken place, so it is recorded as a held summit (no planning checklist): "
            "record its attendance, reach and costs."
        ]
    checklist_generate(summit=summit)
    audit_record(actor=created_by, action="summit.create", obj=summit)
    warning = short_notice_warning(summit)
    return summit, [warning] if warning else []


@transaction.atomic
def summit_update(*, summit: Summit, data: dict, target_communities=None, by=None) -> list[str]:
    """Save changed details. Moving the start re-dates the tasks not yet done and may warn about short notice."""
    summit = Summit.objects.select_for_update().get(pk=summit.pk)
    _assert_open_or_recording(summit, data)
    previous_start, previous_end, previous_venue = summit.starts_at, summit.ends_at, summit.venue_id
    before = {name: getattr(summit, name) for name in SUMMIT_FIELDS}
    for name in SUMMIT_FIELDS:
        if name in data:
            setattr(summit, name, data[name])
    full_clean(summit, exclude=["slug"])
    _panel_copy_of_template(summit)
    summit.save()
    if target_communities is not None:
        summit.target_communities.set(target_communities)
    changed = sorted(name for name in SUMMIT_FIELDS if before[name] != getattr(summit, name))
    audit_record(actor=by, action="summit.update", obj=summit, fields=changed)
    warnings = []
    moved = (summit.starts_at, summit.ends_at) != (previous_start, previous_end)
    if moved or summit.venue_id != previous_venue:
        # Volunteer roles move with the summit, and everyone holding a place is told (after commit).
        roles_follow_summit(
            summit=summit, previous_start=previous_start, venue_changed=summit.venue_id != previous_venue
        )
    if summit.starts_at != previous_start:
        checklist_redate(summit=summit)
        warning = short_notice_warning(summit)
        if warning:
            warnings.append(warning)
    checklist_sync(summit=summit)
    return warnings


@transaction.atomic
def summit_record_outcome(*, summit: Summit, head_count, estimated_reach, notes: str, by=None) -> Summit:
    """After the day: the head count (how many attended, counted in the room), the marketing reach and the notes.
    A head count left blank means the attendance is the check-ins at the door."""
    summit = Summit.objects.select_for_update().get(pk=summit.pk)
    if summit.status not in RECORDING_STATUSES:
        raise ApplicationError(
            _("“%(summit)s” is %(status)s: the outcome is recorded once it has been held.")
            % {"summit": summit, "status": summit.get_status_display().lower()}
        )
    before = (summit.actual_attendance, summit.estimated_reach, summit.notes)
    summit.actual_attendance, summit.estimated_reach, summit.notes = head_count, estimated_reach, notes or ""
    full_clean(summit, exclude=["slug"])
    summit.save(update_fields=["actual_attendance", "estimated_reach", "notes", "updated_at"])
    names = ("actual_attendance", "estimated_reach", "notes")
    after = (summit.actual_attendance, summit.estimated_reach, summit.notes)
    changed = [name for name, old, new in zip(names, before, after, strict=True) if old != new]
    audit_record(actor=by, action="summit.outcome", obj=summit, fields=changed)
    return summit


def _assert_open_or_recording(summit: Summit, data: dict) -> None:
    # After the day only the outcome may still be recorded: attendance, reach and notes.
    if summit.is_open:
        return
    if summit.status in RECORDING_STATUSES:
        recordable = {"actual_attendance", "estimated_reach", "notes"}
        changed = {name for name in SUMMIT_FIELDS if name in data and getattr(summit, name) != data[name]}
        if changed <= recordable:
            return
        raise ApplicationError(
            _("This summit has been held: only the attendance, the reach and the notes can still be changed.")
        )
    _assert_open(summit)


def _locked(summit: Summit) -> Summit:
    return Summit.objects.select_for_update(of=("self",)).select_related("venue", "risk_assessment").get(pk=summit.pk)


def _assert_can_become(summit: Summit, to: SummitStatus) -> None:
    if not SUMMIT_TRANSITIONS.allows(summit.status, to):
        raise ApplicationError(
            _("“%(summit)s” is %(status)s, so it cannot be marked %(to)s.")
            % {"summit": summit, "status": summit.get_status_display().lower(), "to": SummitStatus(to).label.lower()}
        )


def _move(summit: Summit, to: SummitStatus, by=None) -> None:
    _assert_can_become(summit, to)
    previous, summit.status = summit.status, to
    summit.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action=f"summit.{to}", obj=summit, previous=previous)


@transaction.atomic
def summit_start_planning(*, summit: Summit, by=None) -> Summit:
    summit = _locked(summit)
    _move(summit, SummitStatus.PLANNING, by)
    return summit


@transaction.atomic
def summit_confirm(*, summit: Summit, by=None, accept_warnings: bool = False) -> Summit:
    """Confirm the summit once its readiness check passes: nothing blocking (a venue that holds those expected, its
    dates, an approved risk assessment), and any warnings read and accepted."""
    summit = _locked(summit)
    _assert_can_become(summit, SummitStatus.CONFIRMED)
    readiness = summit_readiness(summit)
    if readiness.blocking:
        missing = [check.needs for check in readiness.blocking]
        raise ApplicationError(
            _("“%(summit)s” cannot be confirmed yet: it needs %(missing)s.")
            % {"summit": summit, "missing": _and_list(missing)}
        )
    if readiness.warnings and not accept_warnings:
        raise ApplicationError(
            ngettext(
                "“%(summit)s” has %(count)d warning in its readiness check: read them and tick the box to confirm "
                "anyway, or fix them first.",
                "“%(summit)s” has %(count)d warnings in its readiness check: read them and tick the box to confirm "
                "anyway, or fix them first.",
                len(readiness.warnings),
            )
            % {"summit": summit, "count": len(readiness.warnings)},
            field="accept_warnings",
        )
    _move(summit, SummitStatus.CONFIRMED, by)
    audit_record(actor=by, action="summit.readiness_accepted", obj=summit, warnings=len(readiness.warnings))
    return summit


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@transaction.atomic
def summit_mark_held(*, summit: Summit, now=None, by=None) -> Summit:
    """Record that the summit took place; only once it has ended."""
    summit = _locked(summit)
    now = now or timezone.now()
    _assert_can_become(summit, SummitStatus.HELD)
    if summit.ends_at is None or summit.ends_at > now:
        raise ApplicationError(
            _("“%(summit)s” has not finished yet: it can be marked as held after it ends (%(ends_at)s).")
            % {"summit": summit, "ends_at": f"{timezone.localtime(summit.ends_at):%-d %B %Y, %H:%M}"}
        )
    _move(summit, SummitStatus.HELD, by)
    transaction.on_commit(lambda: signals.summit_held.send(sender=Summit, summit=summit))
    return summit


@transaction.atomic
def summit_evaluate(*, summit: Summit, by=None) -> Summit:
    summit = _locked(summit)
    _move(summit, SummitStatus.EVALUATED, by)
    return summit


@transaction.atomic
def summit_cancel(*, summit: Summit, reason: str, cancelled_by=None) -> Summit:
    """Cancel a summit that has not been held, recording why; ``summit_cancelled`` tells other apps on commit."""
    summit = _locked(summit)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the summit is cancelled: everyone involved will be told."), field="reason")
    _move(summit, SummitStatus.CANCELLED, cancelled_by)
    summit.cancelled_at = timezone.now()
    summit.cancellation_reason = reason
    summit.save(update_fields=["cancelled_at", "cancellation_reason", "updated_at"])
    # In the same transaction: the summit is never cancelled with volunteers still holding places on it.
    signups_cancel_for_summit(summit=summit)
    cancellation_notices_queue(summit=summit)
    transaction.on_commit(
        lambda: summit_cancelled.send(sender=Summit, summit=summit, reason=reason, cancelled_by=cancelled_by)
    )
    return summit


@transaction.atomic
def summit_copy(
    *, source: Summit, title: str, starts_at, ends_at, created_by=None, parts=tuple(CopyPart.values)
) -> tuple[Summit, list[str]]:
    """Start a new draft from a past summit: its details and the ``parts`` chosen (stalls, volunteer roles moved to
    the new date, budget plan, hosts without fees). No people come across (sign-ups, panellists) and no old notes;
    the checklist is generated anew for the new dates."""
    unknown = set(parts) - set(CopyPart.values)
    if unknown:
        raise ApplicationError(_("Nothing called %(unknown)s can be copied.") % {"unknown": ", ".join(sorted(unknown))})
    data = {name: getattr(source, name) for name in SUMMIT_FIELDS}
    data.update(title=title, starts_at=starts_at, ends_at=ends_at, actual_attendance=None, notes="")
    data.update(estimated_reach=None)
    data["lead_coordinator"] = created_by or source.lead_coordinator
    summit, warnings = summit_create(
        data=data, target_communities=list(source.target_communities.all()), created_by=created_by
    )
    summit.copied_from = source
    summit.save(update_fields=["copied_from"])
    new_stalls = {}
    if CopyPart.STALLS in parts:
        originals = list(source.stalls.all())
        copies = Stall.objects.bulk_create(
            Stall(
                summit=summit,
                unit_id=stall.unit_id,
                description=stall.description,
                volunteers_needed=stall.volunteers_needed,
                uniform_approach=stall.uniform_approach,
                needs_outdoor_space=stall.needs_outdoor_space,
                needs_power=stall.needs_power,
                brings_vehicles=stall.brings_vehicles,
                brings_animals=stall.brings_animals,
                logistics_notes=stall.logistics_notes,
            )
            for stall in originals
        )
        new_stalls = {old.pk: new.pk for old, new in zip(originals, copies, strict=True)}
    if CopyPart.ROLES in parts and source.starts_at and summit.starts_at:
        roles_copy(source=source, target=summit, shift=summit.starts_at - source.starts_at, stalls=new_stalls)
    if CopyPart.BUDGET in parts:
        # The plan, not what was spent; fee lines belong to engagements and are agreed again.
        BudgetLine.objects.bulk_create(
            BudgetLine(summit=summit, category=line.category, description=line.description, planned=line.planned)
            for line in source.budget_lines.filter(engagement__isnull=True)
        )
    if CopyPart.HOSTS in parts:
        InfluencerEngagement.objects.bulk_create(
            InfluencerEngagement(summit=summit, influencer_id=e.influencer_id, role=e.role)
            for e in source.engagements.select_related("influencer").all()
            if e.influencer.active and e.influencer.is_cleared
        )
    audit_record(actor=created_by, action="summit.copy", obj=summit, source=source.pk, parts=sorted(parts))
    return summit, warnings


@transaction.atomic
def venue_save(*, venue: Venue) -> Venue:
    full_clean(venue)
    venue.save()
    return venue
