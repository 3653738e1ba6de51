"""Business actions on influencers. Views, the admin, imports and other apps all go through these."""

from datetime import date

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from btb.accounts import rules as r
from btb.audit import audit_record
from btb.errors import ApplicationError
from btb.images import PreparedPhoto

from .enums import DueDiligenceStatus
from .models import FollowerSnapshot, Influencer, PlatformAccount

MANY_TO_MANY = ("communities", "boroughs", "skills")
ACCOUNT_FIELDS = ("platform", "handle", "profile_url")


def influencer_is_bookable(influencer: Influencer) -> bool:
    """Only an active influencer whose due diligence is cleared may be booked for a summit or an appearance."""
    return influencer.active and influencer.is_cleared


def influencer_assert_bookable(*, influencer: Influencer) -> None:
    """Raise ApplicationError unless the influencer may be booked. Events and media appearances call this."""
    if not influencer.active:
        raise ApplicationError(f"{influencer} is archived and cannot be booked.", field="influencer")
    if not influencer.is_cleared:
        raise ApplicationError(
            f"{influencer} cannot be booked yet: due diligence is “{influencer.get_due_diligence_status_display()}”. "
            "Only influencers cleared by due diligence can be booked.",
            field="influencer",
        )


@transaction.atomic
def influencer_create(
    *, data: dict, accounts: list[dict] | None = None, photo: PreparedPhoto | None = None, by=None
) -> Influencer:
    """Add an influencer. ``data`` holds cleaned values keyed by field name (many-to-many fields as iterables);
    ``accounts`` is a list of platform accounts (see ``platform_accounts_save``)."""
    data = dict(data)
    related = {name: data.pop(name) for name in MANY_TO_MANY if name in data}
    influencer = Influencer(**data)
    influencer.full_clean(exclude=["photo", "photo_thumbnail"])
    if photo is not None:
        _attach_photo(influencer, photo)
    influencer.save()
    for name, values in related.items():
        getattr(influencer, name).set(values)
    if accounts:
        platform_accounts_save(influencer=influencer, accounts=accounts)
    audit_record(actor=by, action="influencer.create", obj=influencer)
    return influencer


@transaction.atomic
def influencer_update(
    *,
    influencer: Influencer,
    data: dict,
    accounts: list[dict] | None = None,
    photo: PreparedPhoto | None = None,
    remove_photo: bool = False,
    by=None,
) -> Influencer:
    """Change an influencer's details and, when given, their platform accounts.

    Due diligence, archiving and reach are not changed here: they have their own services.
    """
    data = dict(data)
    related = {name: data.pop(name) for name in MANY_TO_MANY if name in data}
    changed = sorted(name for name, value in data.items() if getattr(influencer, name) != value)
    for name, value in data.items():
        setattr(influencer, name, value)
    influencer.full_clean(exclude=["photo", "photo_thumbnail"])
    old_files = []
    if photo is not None or remove_photo:
        old_files = [f.name for f in (influencer.photo, influencer.photo_thumbnail) if f]
        influencer.photo = None
        influencer.photo_thumbnail = None
    if photo is not None:
        _attach_photo(influencer, photo)
    influencer.save()
    for name, values in related.items():
        getattr(influencer, name).set(values)
    if accounts is not None:
        platform_accounts_save(influencer=influencer, accounts=accounts)
    if old_files:
        _delete_files_on_commit(influencer, old_files)
    # Field names only: the values may be personal data (contact details).
    audit_record(actor=by, action="influencer.update", obj=influencer, fields=changed)
    return influencer


@transaction.atomic
def platform_accounts_save(*, influencer: Influencer, accounts: list[dict], today: date | None = None) -> None:
    """Add, change and remove an influencer's platform accounts.

    Each item has ``platform``, ``handle``, ``profile_url`` and ``audience_size``; ``id`` names an existing
    account of this influencer and ``delete`` removes it. A new account, or a changed audience size, is recorded
    as today's follower snapshot, so the audience size on the account is always the latest snapshot.
    """
    today = today or timezone.localdate()
    for item in accounts:
        account_id = item.get("id")
        if account_id:
            account = influencer.accounts.filter(pk=account_id).first()
            if account is None:
                raise ApplicationError("That platform account does not belong to this influencer.", field="accounts")
            if item.get("delete"):
                account.delete()
                continue
        elif item.get("delete"):
            continue
        else:
            account = PlatformAccount(influencer=influencer)
        previous = account.audience_size if account.pk else None
        for name in ACCOUNT_FIELDS:
            if name in item:
                setattr(account, name, item[name] or "")
        account.full_clean(exclude=["influencer", "audience_size"])
        account.save()
        audience = item.get("audience_size")
        if audience is not None and audience != previous:
            follower_snapshot_record(account=account, audience_size=audience, recorded_on=today)
    influencer_refresh_reach(influencer=influencer)


@transaction.atomic
def follower_snapshot_record(*, account: PlatformAccount, audience_size: int, recorded_on: date | None = None):
    """Record an account's audience on a day (one snapshot per day: a second one that day replaces it), then keep
    the account's audience size (its latest snapshot) and the influencer's total reach in step."""
    today = timezone.localdate()
    recorded_on = recorded_on or today
    if recorded_on > today:
        raise ApplicationError("A follower count cannot be recorded for a day still to come.", field="recorded_on")
    if audience_size is None or audience_size < 0:
        raise ApplicationError("Enter the number of followers, 0 or more.", field="audience_size")
    # Lock the influencer so that two snapshots recorded at once cannot leave the total reach stale.
    Influencer.objects.select_for_update().filter(pk=account.influencer_id).first()
    snapshot, _ = FollowerSnapshot.objects.update_or_create(
        account=account, recorded_on=recorded_on, defaults={"audience_size": audience_size}
    )
    latest = account.snapshots.order_by("-recorded_on").values_list("audience_size", flat=True).first()
    account.audience_size = latest or 0
    account.save(update_fields=["audience_size"])
    influencer_refresh_reach(influencer=account.influencer)
    return snapshot


def influencer_refresh_reach(*, influencer: Influencer) -> int:
    """Total reach is the sum of the latest audience size of each of the influencer's accounts."""
    total = influencer.accounts.aggregate(total=Sum("audience_size"))["total"] or 0
    Influencer.objects.filter(pk=influencer.pk).update(total_reach=total)
    influencer.total_reach = total
    return total


@transaction.atomic
def influencer_decide_due_diligence(*, influencer: Influencer, status: str, note: str, decided_by) -> Influencer:
    """Record a due-diligence decision, with who made it and when. Only coordinators decide."""
    if not (r.is_coordinator(decided_by) or r.is_administrator(decided_by)):
        raise ApplicationError("Only coordinators can record due-diligence decisions.")
    if status not in DueDiligenceStatus.values:
        raise ApplicationError("Choose a due-diligence status from the list.", field="status")
    note = (note or "").strip()
    if status in (DueDiligenceStatus.CLEARED, DueDiligenceStatus.NOT_SUITABLE) and not note:
        raise ApplicationError(
            "Write a short note on what the decision rests on (checks made, who was consulted).", field="note"
        )
    influencer = Influencer.objects.select_for_update().get(pk=influencer.pk)
    influencer.due_diligence_status = status
    influencer.due_diligence_note = note
    influencer.due_diligence_decided_by = decided_by
    influencer.due_diligence_decided_at = timezone.now()
    influencer.save(
        update_fields=[
            "due_diligence_status",
            "due_diligence_note",
            "due_diligence_decided_by",
            "due_diligence_decided_at",
            "updated_at",
        ]
    )
    audit_record(actor=decided_by, action="influencer.due_diligence", obj=influencer, status=status)
    return influencer


def influencer_clear(*, influencer: Influencer, note: str, decided_by) -> Influencer:
    """Clear an influencer for booking (the common due-diligence decision)."""
    return influencer_decide_due_diligence(
        influencer=influencer, status=DueDiligenceStatus.CLEARED, note=note, decided_by=decided_by
    )


def _history_relations():
    """Relations from other apps to influencers: summits, appearances, debriefs and the like.

    Found from the model's reverse relations, so this app never imports the apps that build on it. Relations
    within this app (platform accounts and their snapshots) are the influencer's own data, not history.
    """
    own_app = Influencer._meta.app_label
    return [
        relation for relation in Influencer._meta.related_objects if relation.related_model._meta.app_label != own_app
    ]


def influencer_has_history(influencer: Influencer) -> bool:
    for relation in _history_relations():
        if relation.related_model._default_manager.filter(**{relation.field.name: influencer}).exists():
            return True
    return False


@transaction.atomic
def influencer_archive(*, influencer: Influencer, by=None) -> Influencer:
    """Take an influencer out of the directory and out of booking, keeping their history."""
    influencer = Influencer.objects.select_for_update().get(pk=influencer.pk)
    if not influencer.active:
        raise ApplicationError(f"{influencer} is already archived.")
    influencer.active = False
    influencer.archived_at = timezone.now()
    influencer.save(update_fields=["active", "archived_at", "updated_at"])
    audit_record(actor=by, action="influencer.archive", obj=influencer)
    return influencer


@transaction.atomic
def influencer_restore(*, influencer: Influencer, by=None) -> Influencer:
    influencer = Influencer.objects.select_for_update().get(pk=influencer.pk)
    if influencer.active:
        raise ApplicationError(f"{influencer} is not archived.")
    influencer.active = True
    influencer.archived_at = None
    influencer.save(update_fields=["active", "archived_at", "updated_at"])
    audit_record(actor=by, action="influencer.restore", obj=influencer)
    return influencer


@transaction.atomic
def influencer_delete(*, influencer: Influencer) -> None:
    """Delete an influencer entered by mistake. Once they have worked with us, they are archived instead."""
    if influencer_has_history(influencer):
        raise ApplicationError(
            f"{influencer} has engagement history (summits, appearances or feedback), so they cannot be deleted. "
            "Archive them instead: they leave the directory and cannot be booked, and the history stays."
        )
    files = [f.name for f in (influencer.photo, influencer.photo_thumbnail) if f]
    if files:
        _delete_files_on_commit(influencer, files)
    influencer.delete()


def _attach_photo(influencer: Influencer, photo: PreparedPhoto) -> None:
    influencer.photo.save("photo.jpg", photo.full, save=False)
    influencer.photo_thumbnail.save("thumb.jpg", photo.thumbnail, save=False)


def _delete_files_on_commit(influencer: Influencer, names: list[str]) -> None:
    storage = influencer.photo.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
