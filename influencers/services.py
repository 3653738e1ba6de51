"""Business actions on influencers. Views, the admin, imports and other apps all go through these."""

from collections.abc import Callable
from datetime import date

import tablib
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from btb.accounts import rules as r
from btb.audit import audit_record
from btb.background import background_after_commit
from btb.errors import ApplicationError
from btb.images import PreparedPhoto
from btb.spreadsheets import SpreadsheetError, Table, TableLimits, read_table

from .enums import DueDiligenceStatus, ImportStatus
from .models import FollowerSnapshot, Influencer, InfluencerImport, PlatformAccount

MANY_TO_MANY = ("communities", "boroughs", "skills")
ACCOUNT_FIELDS = ("platform", "handle", "profile_url")


def influencer_is_bookable(influencer: Influencer) -> bool:
    """Only an active influencer whose due diligence is cleared may be booked for a summit or an appearance."""
    return influencer.active and influencer.is_cleared


def influencer_assert_bookable(*, influencer: Influencer) -> None:
    """Raise ApplicationError unless the influencer may be booked. Events and media appearances call this."""
    if not influencer.active:
        raise ApplicationError(
            gettext("%(influencer)s is archived and cannot be booked.") % {"influencer": influencer}, field="influencer"
        )
    if not influencer.is_cleared:
        raise ApplicationError(
            gettext(
                "%(influencer)s cannot be booked yet: due diligence is “%(status)s”. "
                "Only influencers cleared by due diligence can be booked."
            )
            % {"influencer": influencer, "status": influencer.get_due_diligence_status_display()},
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
                raise ApplicationError(
                    gettext("That platform account does not belong to this influencer."), field="accounts"
                )
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
        raise ApplicationError(
            gettext("A follower count cannot be recorded for a day still to come."), field="recorded_on"
        )
    if audience_size is None or audience_size < 0:
        raise ApplicationError(gettext("Enter the number of followers, 0 or more."), field="audience_size")
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
        raise ApplicationError(gettext("Only coordinators can record due-diligence decisions."))
    if status not in DueDiligenceStatus.values:
        raise ApplicationError(gettext("Choose a due-diligence status from the list."), field="status")
    note = (note or "").strip()
    if status in (DueDiligenceStatus.CLEARED, DueDiligenceStatus.NOT_SUITABLE) and not note:
        raise ApplicationError(
            gettext("Write a short note on what the decision rests on (checks made, who was consulted)."), field="note"
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
        raise ApplicationError(gettext("%(influencer)s is already archived.") % {"influencer": influencer})
    influencer.active = False
    influencer.archived_at = timezone.now()
    influencer.save(update_fields=["active", "archived_at", "updated_at"])
    audit_record(actor=by, action="influencer.archive", obj=influencer)
    return influencer


@transaction.atomic
def influencer_restore(*, influencer: Influencer, by=None) -> Influencer:
    influencer = Influencer.objects.select_for_update().get(pk=influencer.pk)
    if influencer.active:
        raise ApplicationError(gettext("%(influencer)s is not archived.") % {"influencer": influencer})
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
            gettext(
                "%(influencer)s has engagement history (summits, appearances or feedback), so they cannot be deleted. "
                "Archive them instead: they leave the directory and cannot be booked, and the history stays."
            )
            % {"influencer": influencer}
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


# --- Import from a spreadsheet ------------------------------------------------------------------------------------

# Rows per pass of django-import-export: the progress advances between passes.
IMPORT_CHUNK_ROWS = 100
# The check's preview lists this many rows; the totals count them all.
IMPORT_PREVIEW_ROWS = 200
IMPORT_MAX_BYTES = 2 * 1024 * 1024


def _import_limits() -> TableLimits:
    return TableLimits(
        max_bytes=IMPORT_MAX_BYTES,
        max_rows=settings.INFLUENCER_IMPORT_MAX_ROWS,
        max_columns=100,
        document="an influencer directory",
        rows_name="influencers",
    )


def influencer_table_read(*, data: bytes, filename: str) -> Table:
    """The spreadsheet's header and rows, within the import's limits, or ApplicationError saying why not."""
    try:
        table = read_table(data, filename, _import_limits())
    except SpreadsheetError as error:
        raise ApplicationError(
            gettext("We could not read this file. %(message)s") % {"message": error.message}, field="file"
        ) from None
    if "name" not in table.headers:
        raise ApplicationError(
            gettext("The first row must be the column names, including a “name” column."), field="file"
        )
    return table


def _chunks(table: Table):
    for start in range(0, len(table.rows), IMPORT_CHUNK_ROWS):
        rows = table.rows[start : start + IMPORT_CHUNK_ROWS]
        yield [number for number, _ in rows], tablib.Dataset(*[cells for _, cells in rows], headers=table.headers)


def _chunk_report(result, row_numbers: list[int], report: dict) -> None:
    """Add one pass's outcome to ``report``, with rows numbered as the spreadsheet shows them."""
    for invalid in result.invalid_rows:
        for column, errors in invalid.error_dict.items():
            for error in errors:
                report["problems"].append(
                    {
                        "row": row_numbers[invalid.number - 1],
                        "column": "" if column == "__all__" else column,
                        "error": str(error),
                    }
                )
    for number, errors in result.row_errors():
        for error in errors:
            report["problems"].append({"row": row_numbers[number - 1], "column": "", "error": str(error.error)})
    for error in result.base_errors:
        report["problems"].append({"row": None, "column": "", "error": str(error.error)})
    for number, row in enumerate(result.rows, start=1):
        if row.import_type not in ("new", "update"):
            continue
        changes = getattr(row, "changes", [])
        action = "update" if changes else "same"
        if row.import_type == "new":
            action, changes = "new", []
        report["same"] += action == "same"
        if len(report["preview"]) < IMPORT_PREVIEW_ROWS:
            report["preview"].append(
                {
                    "row": row_numbers[number - 1],
                    "action": action,
                    "name": row.object_repr,
                    "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in changes],
                    "kept": list(getattr(row, "kept", [])),
                }
            )
    report["new"] += result.totals.get("new", 0)
    report["update"] += result.totals.get("update", 0)


class _ImportRefused(Exception):
    def __init__(self, report: dict):
        self.report = report


def influencers_import(*, table: Table, dry_run: bool, progress: Callable[[int], None] | None = None) -> dict:
    """Check (``dry_run``) or import every row; all or nothing. Returns the report: counts of new and updated
    influencers (``same`` counts the updates that change nothing), each problem with its spreadsheet row, and a
    preview of the first rows: each with its action (``new``, ``update`` or ``same``), the fields it changes
    (stored → new) and the blank cells whose stored value stays."""
    from .resources import InfluencerResource

    report = {"new": 0, "update": 0, "same": 0, "problems": [], "preview": []}
    done = 0
    try:
        with transaction.atomic():
            for row_numbers, dataset in _chunks(table):
                result = InfluencerResource().import_data(dataset, dry_run=dry_run)
                _chunk_report(result, row_numbers, report)
                if report["problems"] and not dry_run:
                    raise _ImportRefused(report)
                done += len(row_numbers)
                if progress:
                    progress(done)
    except _ImportRefused:
        pass
    report["problems"].sort(key=lambda problem: problem["row"] or 0)
    return report


def _import_progress_key(pk: int) -> str:
    return f"influencers:import:{pk}:progress"


def influencer_import_progress(*, influencer_import: InfluencerImport) -> int:
    if not influencer_import.is_working:
        return influencer_import.total_rows if influencer_import.status == ImportStatus.DONE else 0
    return int(cache.get(_import_progress_key(influencer_import.pk)) or 0)


@transaction.atomic
def influencer_import_start(*, data: bytes, filename: str, table: Table, actor) -> InfluencerImport:
    """Keep a large file (``table`` is what ``influencer_table_read`` made of it) and queue its check; the page
    follows the progress."""
    influencer_import = InfluencerImport.objects.create(
        filename=filename[:200], data=data, total_rows=len(table.rows), created_by=actor
    )
    background_after_commit("influencers.import_check", pk=influencer_import.pk)
    return influencer_import


def _claim(pk: int, *, from_status: str, to_status: str) -> InfluencerImport | None:
    """Move an import from one status to the next, or None when another run has it (a redelivered task)."""
    with transaction.atomic():
        influencer_import = InfluencerImport.objects.select_for_update().filter(pk=pk, status=from_status).first()
        if influencer_import is None:
            return None
        influencer_import.status = to_status
        influencer_import.save(update_fields=["status"])
    return influencer_import


def _run(influencer_import: InfluencerImport, *, dry_run: bool) -> dict | None:
    key = _import_progress_key(influencer_import.pk)
    try:
        table = influencer_table_read(data=bytes(influencer_import.data), filename=influencer_import.filename)
        return influencers_import(table=table, dry_run=dry_run, progress=lambda done: cache.set(key, done, 3600))
    except ApplicationError as error:
        influencer_import.status = ImportStatus.FAILED
        influencer_import.error = error.message
        return None
    finally:
        cache.delete(key)


def influencer_import_check(*, pk: int) -> InfluencerImport | None:
    """The check of a kept file (its task's work): a dry run that writes nothing but the report."""
    influencer_import = _claim(pk, from_status=ImportStatus.QUEUED, to_status=ImportStatus.CHECKING)
    if influencer_import is None:
        return None
    report = _run(influencer_import, dry_run=True)
    if report is not None:
        influencer_import.status, influencer_import.report = ImportStatus.CHECKED, report
    if report is None or report["problems"]:
        influencer_import.data = b""
        influencer_import.finished_at = timezone.now()
    influencer_import.save()
    return influencer_import


@transaction.atomic
def influencer_import_confirm(*, influencer_import: InfluencerImport) -> None:
    """Queue the import of a checked file; refused when the check found problems or it has already been imported."""
    influencer_import = InfluencerImport.objects.select_for_update().get(pk=influencer_import.pk)
    if not influencer_import.can_import:
        raise ApplicationError(gettext("This file cannot be imported (again): upload it again to start over."))
    influencer_import.status = ImportStatus.WAITING
    influencer_import.save(update_fields=["status"])
    background_after_commit("influencers.import_run", pk=influencer_import.pk)


def influencer_import_run(*, pk: int) -> InfluencerImport | None:
    """The import of a confirmed file (its task's work), all or nothing; safe to run twice."""
    influencer_import = _claim(pk, from_status=ImportStatus.WAITING, to_status=ImportStatus.IMPORTING)
    if influencer_import is None:
        return None
    report = _run(influencer_import, dry_run=False)
    if report is not None:
        influencer_import.report = report
        influencer_import.status = ImportStatus.FAILED if report["problems"] else ImportStatus.DONE
        if report["problems"]:
            influencer_import.error = "Nothing was imported: the directory changed since the check."
    influencer_import.data = b""
    influencer_import.finished_at = timezone.now()
    influencer_import.save()
    return influencer_import
