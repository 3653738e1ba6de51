"""Importing ticket holders from attendee exports, checking them in at the door and anonymising them later.

Every entry point (the upload page, its Celery task, ``manage.py import_tickets`` and the admin) goes through
``tickets_import``: rows are validated first (``events.tickets.files``), then the accepted ones are written in one
transaction with bulk upserts keyed on the ticket's identity, so importing the same export again updates rather
than duplicates, and a file that cannot be read writes nothing.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from btb.aggregates import aggregates_invalidate, model_scope, summit_scope
from btb.audit import audit_record
from btb.background import background_after_commit
from btb.errors import ApplicationError
from btb.imports import FieldChange, field_changes, is_blank
from btb.languages import PersonLanguage

from ..models import Summit
from .files import (
    EVENTBRITE,
    FIELDS,
    ColumnMapping,
    ParseResult,
    RowError,
    Table,
    TicketFileError,
    column_samples,
    detect_platform,
    eventbrite_mapping,
    guess_mapping,
    parse_rows,
    read_table,
)
from .models import (
    TICKET_IMPORT_TRANSITIONS,
    DoorCheckIn,
    TicketColumnMapping,
    TicketHolder,
    TicketImport,
    TicketImportStatus,
)

WRITE_BATCH = 2000
# Files with more rows than this are imported by a Celery task, with a progress bar.
BACKGROUND_ROWS = 2000
UPDATED_FIELDS = ["order_ref", "attendee_ref", "name", "email", "ticket_type", "consent", "language", "updated_at"]


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0  # tickets already stored that the file names again, changed or not
    rejected: list[RowError] = field(default_factory=list)
    changed: int = 0  # of the updated ones, those whose stored values change

    def summary(self) -> str:
        return f"{self.created} created, {self.updated} updated, {len(self.rejected)} rejected"


# The stored fields an import may change, as the preview names them. Identity, check-in time and anonymisation
# belong to the door list and retention, never to a file.
PLANNED_FIELDS = {
    "name": "Name",
    "email": "E-mail",
    "order_ref": "Order reference",
    "attendee_ref": "Ticket reference",
    "ticket_type": "Ticket type",
    "checked_in": "Checked in",
    "consent": "Consent",
    "language": "Language",
}
# How the preview shows a stored code.
SHOWN_VALUES = {"language": dict(PersonLanguage.choices)}
CREATE, CHANGE, SAME = "create", "change", "same"


@dataclass
class RowPlan:
    """What importing one accepted row does: create a ticket holder, change some of a stored one's fields, or
    nothing (``same``). ``kept`` names the fields the file leaves blank whose stored value stays."""

    row_number: int
    action: str
    values: dict
    changes: list[FieldChange] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def language_shown(self) -> str:
        return SHOWN_VALUES["language"].get(self.values.get("language"), "")


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    rejected: list[RowError]

    def of(self, action: str) -> list[RowPlan]:
        return [row for row in self.rows if row.action == action]

    @property
    def counts(self) -> dict:
        counts = {CREATE: 0, CHANGE: 0, SAME: 0}
        for row in self.rows:
            counts[row.action] += 1
        return {**counts, "rejected": len(self.rejected), "accepted": len(self.rows)}


def _planned_values(row) -> dict:
    return {
        "order_ref": row.order_ref,
        "attendee_ref": row.attendee_ref,
        "name": row.name,
        "email": row.email,
        "ticket_type": row.ticket_type,
        "checked_in": bool(row.checked_in),
        "consent": row.consent,
        "language": row.language,
    }


def _merged(stored: dict, incoming: dict, row) -> tuple[dict, list[str]]:
    """The stored values with the file's non-blank ones over them. A blank cell (or a column the file lacks) keeps
    what is stored, and a check-in is never undone by a file: the door list may have ticked it since the export."""
    merged, kept = dict(stored), []
    for name in PLANNED_FIELDS:
        if name == "checked_in":
            merged[name] = stored[name] or bool(row.checked_in)
        elif is_blank(incoming[name]):
            if not is_blank(stored[name]):
                kept.append(PLANNED_FIELDS[name])
        else:
            merged[name] = incoming[name]
    return merged, kept


def ticket_import_plan(*, summit: Summit, parsed: ParseResult) -> ImportPlan:
    """What the accepted rows would do to the summit's ticket holders, read in one query; nothing is written. The
    preview shows it and ``tickets_import`` writes it, so the two always agree."""
    stored = {
        holder["identity"]: holder
        for holder in TicketHolder.objects.filter(summit=summit).values("identity", *PLANNED_FIELDS)
    }
    rows = []
    for row in parsed.rows:
        identity = _identity(row)
        incoming = _planned_values(row)
        current = stored.get(identity)
        if current is None:
            rows.append(RowPlan(row.row_number, CREATE, {**incoming, "identity": identity}))
            continue
        merged, kept = _merged(current, incoming, row)
        changes = field_changes(PLANNED_FIELDS, current, merged, shown=SHOWN_VALUES)
        rows.append(RowPlan(row.row_number, CHANGE if changes else SAME, merged, changes, kept))
    return ImportPlan(rows=rows, rejected=parsed.errors)


def ticket_table_read(*, data: bytes, filename: str = "") -> Table:
    try:
        return read_table(data, filename)
    except TicketFileError as error:
        raise ApplicationError(error.message, field="file") from None


def ticket_mapping_for(*, headers: list[str], saved: TicketColumnMapping | None = None, consent_header=None):
    """The mapping to use: Eventbrite's when the header says so, else a saved one (given, or the first that fits)."""
    if saved is None and detect_platform(headers) == EVENTBRITE:
        return EVENTBRITE, eventbrite_mapping(headers, consent_header=consent_header)
    if saved is None:
        saved = next((m for m in TicketColumnMapping.objects.all() if m.fits(headers)), None)
    if saved is None:
        return "", None
    if not saved.fits(headers):
        raise ApplicationError(
            _("The saved mapping “%(saved)s” names columns this file does not have.") % {"saved": saved},
            field="mapping",
        )
    return saved.name, ColumnMapping(dict(saved.columns))


def _identity(row) -> str:
    kind, value = row.identity
    return f"{kind}:{value}"[:300]


def _progress_key(ticket_import_pk: int) -> str:
    return f"events:ticket-import:{ticket_import_pk}:progress"


def ticket_import_progress(*, ticket_import: TicketImport) -> int:
    """Rows written so far; kept in the shared cache because the import's own transaction is not yet visible."""
    if ticket_import.is_finished:
        return ticket_import.processed_rows
    return int(cache.get(_progress_key(ticket_import.pk)) or 0)


@transaction.atomic
def tickets_import(
    *, summit: Summit, table: Table, mapping: ColumnMapping, actor=None, progress: Callable[[int], None] | None = None
) -> ImportOutcome:
    """Validate every row, then write the accepted ones in one transaction; rejected rows are returned, not written.
    A blank cell never overwrites a stored value (see ``ticket_import_plan``), and a row that changes nothing is not
    written. Raises ApplicationError (nothing written) when the mapping does not fit the file."""
    try:
        parsed = parse_rows(table, mapping)
    except TicketFileError as error:
        raise ApplicationError(error.message, field="file") from None
    plan = ticket_import_plan(summit=summit, parsed=parsed)
    counts = plan.counts
    outcome = ImportOutcome(
        created=counts[CREATE], updated=counts[CHANGE] + counts[SAME], rejected=parsed.errors, changed=counts[CHANGE]
    )
    now = timezone.now()
    holders = {True: [], False: []}
    for row in plan.rows:
        if row.action == SAME:
            continue
        holders[row.values["checked_in"]].append(
            TicketHolder(summit=summit, **{**row.values, "checked_in_at": None, "updated_at": now})
        )
    written = 0
    # A check-in ticked on the door list is kept when a later export still says "Attending": checked_in is written
    # only where the file ticks it.
    for checked_in, batch_rows in holders.items():
        fields = UPDATED_FIELDS + (["checked_in"] if checked_in else [])
        for start in range(0, len(batch_rows), WRITE_BATCH):
            batch = batch_rows[start : start + WRITE_BATCH]
            TicketHolder.objects.bulk_create(
                batch, update_conflicts=True, unique_fields=["summit", "identity"], update_fields=fields
            )
            written += len(batch)
            if progress:
                progress(written)
    # Bulk writes send no signals: this summit's cached counts must go now (the other summits' stay).
    aggregates_invalidate(summit_scope(summit.pk), model_scope("events.ticketholder"))
    audit_record(
        actor=actor,
        action="tickets.imported",
        obj=summit,
        created=outcome.created,
        updated=outcome.updated,
        rejected=len(outcome.rejected),
    )
    return outcome


@transaction.atomic
def ticket_import_prepare(*, summit: Summit, data: bytes, filename: str, created_by=None) -> TicketImport:
    """Read an uploaded file (refusing an unusable one) and keep it for the preview."""
    table = ticket_table_read(data=data, filename=filename)
    platform, mapping = ticket_mapping_for(headers=table.headers)
    return TicketImport.objects.create(
        summit=summit,
        filename=filename[:200],
        data=data,
        platform=platform,
        headers=table.headers,
        columns=mapping.columns if mapping else {},
        total_rows=len(table.rows),
        created_by=created_by,
    )


PREVIEW_ROWS = 50


def ticket_import_review(*, ticket_import: TicketImport, limit: int = PREVIEW_ROWS) -> dict:
    """Everything the preview page shows, from one read of the file and one of the stored ticket holders, with
    nothing written: each column's sample values and the guessed mapping (for the mapping form), and once the
    columns are mapped the plan: counts, the first rows to be created and changed (old → new per field), and every
    rejected row with its number and reason."""
    table = ticket_table_read(data=bytes(ticket_import.data), filename=ticket_import.filename)
    review = {"samples": column_samples(table), "guessed": guess_mapping(table.headers).columns, "plan": None}
    if not ticket_import.columns:
        return review
    try:
        parsed = parse_rows(table, ColumnMapping(dict(ticket_import.columns)))
    except TicketFileError as error:
        raise ApplicationError(error.message, field=None) from None
    plan = ticket_import_plan(summit=ticket_import.summit, parsed=parsed)
    created, changed = plan.of(CREATE), plan.of(CHANGE)
    review["plan"] = {
        "counts": plan.counts,
        "created": created[:limit],
        "changed": changed[:limit],
        "more_created": max(len(created) - limit, 0),
        "more_changed": max(len(changed) - limit, 0),
        "kept": sum(1 for row in plan.rows if row.kept),
        "rejected": plan.rejected,
    }
    return review


@transaction.atomic
def ticket_import_set_mapping(*, ticket_import: TicketImport, columns: dict, save_as: str = "", user=None):
    """Use the coordinator's column mapping for this file, and keep it under a name to reuse next time."""
    columns = {name: header for name, header in columns.items() if name in FIELDS and header}
    mapping = ColumnMapping(columns)
    missing = mapping.missing_required()
    if missing:
        raise ApplicationError("Choose " + " and ".join(missing) + ".")
    unknown = [header for header in columns.values() if header not in ticket_import.headers]
    if unknown:
        raise ApplicationError("These columns are not in the file: " + ", ".join(unknown) + ".")
    ticket_import.columns = columns
    # The platform column holds a short label; the mapping's full name is kept on the mapping itself.
    platform_field = TicketImport._meta.get_field("platform")
    ticket_import.platform = (save_as.strip() or ticket_import.platform or "mapped")[: platform_field.max_length]
    ticket_import.save(update_fields=["columns", "platform"])
    if save_as:
        TicketColumnMapping.objects.update_or_create(
            name=save_as.strip()[:100], defaults={"columns": columns, "created_by": user}
        )
    return ticket_import


def ticket_import_run(*, ticket_import_pk: int) -> TicketImport | None:
    """Import a prepared file (from the page or its task). Safe to run twice: a finished import is left alone."""
    with transaction.atomic():
        ticket_import = TicketImport.objects.select_for_update(of=("self",)).filter(pk=ticket_import_pk).first()
        if ticket_import is None or not TICKET_IMPORT_TRANSITIONS.allows(
            ticket_import.status, TicketImportStatus.RUNNING
        ):
            return ticket_import
        ticket_import.status = TicketImportStatus.RUNNING
        ticket_import.started_at = timezone.now()
        ticket_import.save(update_fields=["status", "started_at"])
    key = _progress_key(ticket_import.pk)
    # The row stays locked until the outcome is written: a live import holds the lock, so recovery can tell it from
    # one whose worker died (its lock went with its connection).
    with transaction.atomic():
        ticket_import = (
            TicketImport.objects.select_for_update(of=("self",))
            .select_related("summit", "created_by")
            .get(pk=ticket_import_pk)
        )
        if ticket_import.status != TicketImportStatus.RUNNING:
            return ticket_import  # recovered as failed between the two steps
        try:
            table = ticket_table_read(data=bytes(ticket_import.data), filename=ticket_import.filename)
            outcome = tickets_import(
                summit=ticket_import.summit,
                table=table,
                mapping=ColumnMapping(dict(ticket_import.columns)),
                actor=ticket_import.created_by,
                progress=lambda written: cache.set(key, written, 3600),
            )
        except ApplicationError as error:
            ticket_import.status = TicketImportStatus.FAILED
            ticket_import.error = error.message
        else:
            ticket_import.status = TicketImportStatus.DONE
            ticket_import.created_count = outcome.created
            ticket_import.updated_count = outcome.updated
            ticket_import.rejected = [[e.row_number, e.reason] for e in outcome.rejected]
            ticket_import.processed_rows = ticket_import.total_rows
        ticket_import.data = b""
        ticket_import.finished_at = timezone.now()
        ticket_import.save()
    cache.delete(key)
    return ticket_import


def ticket_import_start(*, ticket_import: TicketImport) -> bool:
    """Import now, or queue it when the file is large. Returns True when it was queued."""
    if not ticket_import.columns:
        raise ApplicationError(_("Map the file's columns before importing it."))
    if ticket_import.status != TicketImportStatus.PREVIEW:
        raise ApplicationError(_("This file has already been imported."))
    if ticket_import.total_rows <= BACKGROUND_ROWS:
        ticket_import_run(ticket_import_pk=ticket_import.pk)
        return False
    ticket_import.status, ticket_import.started_at = TicketImportStatus.QUEUED, timezone.now()
    TicketImport.objects.filter(pk=ticket_import.pk).update(
        status=ticket_import.status, started_at=ticket_import.started_at
    )
    background_after_commit("tickets.import", pk=ticket_import.pk)
    return True


STOPPED_IMPORT = (
    "the import stopped before it finished, because the worker running it was interrupted. Upload the file again "
    "to import it."
)


def ticket_imports_recover(*, now=None) -> dict:
    """Run by beat. An import still running long after it began, whose row no live worker holds, lost its worker:
    it is marked failed with a message saying so (its writes were rolled back with the worker's transaction). One
    still queued that long lost its message: it is queued again (running twice is harmless). Safe to run twice."""
    now = now or timezone.now()
    stale_before = now - timedelta(minutes=settings.TICKET_IMPORT_STALE_MINUTES)
    failed = 0
    with transaction.atomic():
        # skip_locked passes over the rows that live imports hold.
        stopped = list(
            TicketImport.objects.select_for_update(skip_locked=True).filter(
                status=TicketImportStatus.RUNNING, started_at__lt=stale_before
            )
        )
        for ticket_import in stopped:
            ticket_import.status = TicketImportStatus.FAILED
            ticket_import.error = STOPPED_IMPORT
            ticket_import.data = b""
            ticket_import.finished_at = now
            ticket_import.save(update_fields=["status", "error", "data", "finished_at"])
            audit_record(actor=None, action="tickets.import_recovered", obj=ticket_import.summit)
            failed += 1
    requeued = 0
    for pk in TicketImport.objects.filter(status=TicketImportStatus.QUEUED, started_at__lt=stale_before).values_list(
        "pk", flat=True
    ):
        TicketImport.objects.filter(pk=pk, status=TicketImportStatus.QUEUED).update(started_at=now)
        background_after_commit("tickets.import", pk=pk)
        requeued += 1
    return {"failed": failed, "requeued": requeued}


@transaction.atomic
def ticket_holder_check_in(*, holder: TicketHolder, checked_in: bool = True) -> TicketHolder:
    holder = TicketHolder.objects.select_for_update().get(pk=holder.pk)
    holder.checked_in = checked_in
    holder.checked_in_at = timezone.now() if checked_in else None
    holder.save(update_fields=["checked_in", "checked_in_at", "updated_at"])
    return holder


def ticket_retention_days() -> int:
    return settings.TICKET_HOLDER_RETENTION_DAYS


@transaction.atomic
def ticket_holders_anonymise(*, now=None) -> int:
    """Blank the personal data of ticket holders whose summit ended more than the retention period ago.
    Keeps the row (counts, check-in, ticket type) for the evaluation. Returns how many were anonymised."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=ticket_retention_days())
    holders = TicketHolder.objects.filter(anonymised_at__isnull=True, summit__ends_at__lt=cutoff)
    # The identity keeps the row unique; it holds a reference or an e-mail address, so it is replaced by the pk.
    count = holders.update(
        name="",
        email="",
        order_ref="",
        attendee_ref="",
        language="",  # a preference says something of the person; it is only kept to write to them
        identity=Concat(Value("anonymised:"), Cast("pk", CharField())),
        anonymised_at=now,
    )
    TicketImport.objects.filter(summit__ends_at__lt=cutoff).delete()
    return count


# --- The door, on and off line ------------------------------------------------------------------------------------

WALK_IN = "Walk-in"


@dataclass(frozen=True)
class DoorTap:
    """A check-in (or check-out) as a door device queued it: its own id, the ticket holder's pk or the device's id
    for a walk-in it added, and when the device says it happened."""

    client_id: uuid.UUID
    checked_in: bool
    tapped_at: datetime
    holder_id: int | None = None
    walk_in_id: uuid.UUID | None = None


@dataclass(frozen=True)
class DoorWalkIn:
    client_id: uuid.UUID
    name: str
    added_at: datetime


def _walk_in_identity(client_id) -> str:
    return f"walk-in:{client_id}"


def _first_check_in(holder: TicketHolder):
    return holder.door_check_ins.filter(checked_in=True, conflict=False).select_related("by").order_by("-pk").first()


def _who(tap) -> str:
    return str(tap.by) if tap and tap.by else "another device"


@transaction.atomic
def door_sync(*, summit, taps: list[DoorTap], walk_ins: list[DoorWalkIn], by) -> list[dict]:
    """Store what a door device queued, each tap once however often it is sent (by the device's id for it); a
    walk-in becomes a ticket holder once. A check-in for someone already in is kept as a conflict, and the answer
    says who checked them in first and when. Returns one result per tap and walk-in."""
    results = []
    walk_in_holders = {}
    for walk_in in walk_ins:
        name = walk_in.name.strip()[:200]
        if not name:
            raise ApplicationError(_("A walk-in needs a name."))
        holder, created = TicketHolder.objects.get_or_create(
            summit=summit,
            identity=_walk_in_identity(walk_in.client_id),
            defaults={"name": name, "ticket_type": WALK_IN},
        )
        walk_in_holders[walk_in.client_id] = holder
        results.append(
            {"id": str(walk_in.client_id), "status": "stored" if created else "duplicate", "holder": holder.pk}
        )
        if created:
            audit_record(actor=by, action="tickets.walk_in", obj=summit)
    for tap in sorted(taps, key=lambda t: t.tapped_at):
        stored = DoorCheckIn.objects.select_related("by").filter(client_id=tap.client_id).first()
        if stored is not None:
            results.append({"id": str(tap.client_id), "status": "duplicate", "holder": stored.holder_id})
            continue
        holder = None
        if tap.walk_in_id is not None:
            holder = (
                walk_in_holders.get(tap.walk_in_id)
                or summit.ticket_holders.filter(identity=_walk_in_identity(tap.walk_in_id)).first()
            )
        elif tap.holder_id is not None:
            holder = summit.ticket_holders.filter(pk=tap.holder_id, anonymised_at__isnull=True).first()
        if holder is None:
            results.append({"id": str(tap.client_id), "status": "unknown", "holder": tap.holder_id})
            continue
        holder = TicketHolder.objects.select_for_update().get(pk=holder.pk)
        conflict = tap.checked_in and holder.checked_in
        first = _first_check_in(holder) if conflict else None
        try:
            with transaction.atomic():
                DoorCheckIn.objects.create(
                    summit=summit,
                    holder=holder,
                    client_id=tap.client_id,
                    checked_in=tap.checked_in,
                    tapped_at=tap.tapped_at,
                    by=by,
                    conflict=conflict,
                )
        except IntegrityError:  # the same tap arriving twice at once: the other request stored it
            results.append({"id": str(tap.client_id), "status": "duplicate", "holder": holder.pk})
            continue
        result = {"id": str(tap.client_id), "holder": holder.pk, "status": "stored"}
        if conflict:
            when = first.tapped_at if first else holder.checked_in_at
            result.update(
                status="conflict",
                message=f"{holder} was already checked in by {_who(first)}"
                + (f" at {timezone.localtime(when):%H:%M}." if when else "."),
            )
        elif holder.checked_in != tap.checked_in:
            holder.checked_in = tap.checked_in
            holder.checked_in_at = tap.tapped_at if tap.checked_in else None
            holder.save(update_fields=["checked_in", "checked_in_at", "updated_at"])
        results.append(result)
    if results:
        audit_record(actor=by, action="tickets.door_synced", obj=summit, taps=len(taps), walk_ins=len(walk_ins))
        aggregates_invalidate()
    return results
