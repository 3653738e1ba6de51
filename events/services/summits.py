from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from btb.audit import audit_record
from btb.errors import ApplicationError, full_clean
from media_appearances.services import question_set_copy

from .. import signals
from ..enums import RECORDING_STATUSES, SUMMIT_TRANSITIONS, SummitStatus
from ..models import BudgetLine, InfluencerEngagement, RiskAssessment, Stall, Summit, Venue
from ..signals import summit_cancelled
from ..volunteering.services import roles_follow_summit, signups_cancel_for_summit
from .cancellations import cancellation_notices_queue
from .planning import checklist_generate, checklist_redate

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
        raise ApplicationError(f"“{summit}” is {summit.get_status_display().lower()}: it can no longer be changed.")


@transaction.atomic
def summit_create(*, data: dict, target_communities=(), created_by=None) -> tuple[Summit, list[str]]:
    """Create a draft summit with its risk assessment and planning checklist. Returns it with any warnings."""
    summit = Summit(**{name: data[name] for name in SUMMIT_FIELDS if name in data})
    if summit.lead_coordinator_id is None and created_by is not None:
        summit.lead_coordinator = created_by
    full_clean(summit, exclude=["slug"])
    _panel_copy_of_template(summit)
    summit.slug = _unique_slug(summit)
    summit.save()
    summit.target_communities.set(target_communities)
    RiskAssessment.objects.create(summit=summit)
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
    return warnings


@transaction.atomic
def summit_record_outcome(*, summit: Summit, head_count, estimated_reach, notes: str, by=None) -> Summit:
    """After the day: the head count (how many attended, counted in the room), the marketing reach and the notes.
    A head count left blank means the attendance is the check-ins at the door."""
    summit = Summit.objects.select_for_update().get(pk=summit.pk)
    if summit.status not in RECORDING_STATUSES:
        raise ApplicationError(
            f"“{summit}” is {summit.get_status_display().lower()}: the outcome is recorded once it has been held."
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
            "This summit has been held: only the attendance, the reach and the notes can still be changed."
        )
    _assert_open(summit)


def _locked(summit: Summit) -> Summit:
    return Summit.objects.select_for_update(of=("self",)).select_related("venue", "risk_assessment").get(pk=summit.pk)


def _assert_can_become(summit: Summit, to: SummitStatus) -> None:
    if not SUMMIT_TRANSITIONS.allows(summit.status, to):
        raise ApplicationError(
            f"“{summit}” is {summit.get_status_display().lower()}, so it cannot be marked "
            f"{SummitStatus(to).label.lower()}."
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
def summit_confirm(*, summit: Summit, by=None) -> Summit:
    """Confirm the summit: it needs a venue, its dates and an approved risk assessment."""
    summit = _locked(summit)
    _assert_can_become(summit, SummitStatus.CONFIRMED)
    missing = []
    if summit.venue_id is None:
        missing.append("a venue")
    if summit.starts_at is None or summit.ends_at is None:
        missing.append("its start and end")
    if not summit.risk_assessment.is_approved:
        missing.append("an approved risk assessment")
    if missing:
        raise ApplicationError(f"“{summit}” cannot be confirmed yet: it needs {_and_list(missing)}.")
    _move(summit, SummitStatus.CONFIRMED, by)
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
            f"“{summit}” has not finished yet: it can be marked as held after it ends "
            f"({timezone.localtime(summit.ends_at):%-d %B %Y, %H:%M})."
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
        raise ApplicationError("Say why the summit is cancelled: everyone involved will be told.", field="reason")
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
def summit_copy(*, source: Summit, title: str, starts_at, ends_at, created_by=None) -> tuple[Summit, list[str]]:
    """Start a new draft from a past summit: its details, stalls, budget plan and hosts (fees not carried over,
    since they are agreed afresh); the checklist is generated anew for the new dates."""
    data = {name: getattr(source, name) for name in SUMMIT_FIELDS}
    data.update(title=title, starts_at=starts_at, ends_at=ends_at, actual_attendance=None, notes=source.notes)
    data["lead_coordinator"] = created_by or source.lead_coordinator
    summit, warnings = summit_create(
        data=data, target_communities=list(source.target_communities.all()), created_by=created_by
    )
    summit.copied_from = source
    summit.save(update_fields=["copied_from"])
    Stall.objects.bulk_create(
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
        for stall in source.stalls.all()
    )
    # The plan, not what was spent; fee lines belong to engagements and are agreed again.
    BudgetLine.objects.bulk_create(
        BudgetLine(summit=summit, category=line.category, description=line.description, planned=line.planned)
        for line in source.budget_lines.filter(engagement__isnull=True)
    )
    InfluencerEngagement.objects.bulk_create(
        InfluencerEngagement(summit=summit, influencer_id=e.influencer_id, role=e.role)
        for e in source.engagements.select_related("influencer").all()
        if e.influencer.active and e.influencer.is_cleared
    )
    return summit, warnings


@transaction.atomic
def venue_save(*, venue: Venue) -> Venue:
    full_clean(venue)
    venue.save()
    return venue
