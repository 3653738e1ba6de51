"""Reading ticketing platforms' attendee exports (CSV or XLSX) into clean rows, before anything is written.

Nothing here touches the database. ``read_table`` turns a file into a header and numbered rows (with the reader
every import shares, ``btb.spreadsheets``, and an attendee report's limits), or raises ``TicketFileError`` with a
message a coordinator can act on when the file itself cannot be used. ``parse_rows``
applies a ``ColumnMapping`` (detected for Eventbrite, made once by the coordinator for any other platform) and
returns the rows it accepts and, for each row it rejects, the row number as the spreadsheet shows it and why.

Only what the programme needs is taken from a file: references to recognise a ticket again, the name for the door
list, the e-mail address for the survey, the ticket type, whether the person was checked in, and the answer to
the consent question. Addresses and payment details are never read.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from btb import spreadsheets
from btb.languages import CELL_HINT, LANGUAGE_HEADERS, language_from_cell
from btb.spreadsheets import SpreadsheetError as TicketFileError
from btb.spreadsheets import Table, TableLimits, looks_like_formula, normalise_header

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1000
MAX_XLSX_UNPACKED_BYTES = spreadsheets.MAX_XLSX_UNPACKED_BYTES
MAX_XLSX_RATIO = spreadsheets.MAX_XLSX_RATIO

EVENTBRITE = "eventbrite"
OTHER = "other"

# Canonical fields and what they mean to a coordinator mapping columns.
FIELDS = {
    "order_ref": _("Order reference"),
    "attendee_ref": _("Ticket or attendee reference"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "full_name": _("Full name"),
    "email": _("E-mail address"),
    "ticket_type": _("Ticket type"),
    "checked_in": _("Checked in / attended"),
    "consent": _("Consent to be contacted"),
    "language": _("Preferred language (English or Welsh)"),
}

# Eventbrite's header names, current and older, after normalise_header().
EVENTBRITE_HEADERS = {
    "order_ref": ["order #", "order no.", "order no", "order number", "order id"],
    "attendee_ref": ["attendee #", "attendee no.", "attendee id", "ticket #", "barcode #"],
    "first_name": ["first name"],
    "last_name": ["last name", "surname"],
    "email": ["email", "email address", "e-mail"],
    "ticket_type": ["ticket type"],
    "checked_in": ["attendee status", "check-in status", "checked in"],
}

# The headers other platforms (and hand-made lists) use, after header_key(); the mapping screen starts from these.
USUAL_HEADERS = {
    "order_ref": [
        "order #", "order no", "order number", "order id", "order ref", "order reference", "booking",
        "booking #", "booking ref", "booking reference", "booking id", "booking number", "transaction id",
    ],
    "attendee_ref": [
        "attendee #", "attendee no", "attendee id", "attendee number", "ticket #", "ticket no", "ticket number",
        "ticket id", "ticket ref", "ticket reference", "ticket code", "barcode", "barcode #", "qr code",
    ],
    "first_name": [
        "first name", "firstname", "forename", "given name", "attendee first name", "buyer first name",
        "guest first name",
    ],
    "last_name": [
        "last name", "lastname", "surname", "family name", "attendee last name", "attendee surname",
        "buyer last name", "buyer surname", "guest last name",
    ],
    "full_name": [
        "name", "full name", "attendee", "attendee name", "buyer name", "guest", "guest name", "customer name",
        "ticket holder", "ticket holder name", "holder name",
    ],
    "email": [
        "email", "email address", "attendee email", "attendee email address", "buyer email", "buyer email address",
        "guest email", "customer email", "contact email",
    ],
    "ticket_type": ["ticket type", "ticket", "ticket name", "ticket class", "ticket category", "pass", "pass type"],
    "checked_in": [
        "checked in", "check in", "check in status", "attendee status", "attended", "arrived", "scanned",
        "status",
    ],
    "consent": [
        "consent", "contact consent", "ok to contact", "happy to be contacted", "marketing consent", "opt in",
        "opted in",
    ],
    "language": LANGUAGE_HEADERS,
}  # fmt: skip

YES = {"yes", "y", "true", "1", "checked in", "attended", "scanned", "x", "✓"}
NO = {"no", "n", "false", "0", "attending", "not checked in", "not attended", "not scanned"}
CANCELLED = {"not attending", "deleted", "refunded", "cancelled", "canceled", "transferred", "void"}


@dataclass(frozen=True)
class ColumnMapping:
    """Which header of the file holds each canonical field; a missing key means the file has no such column."""

    columns: dict[str, str]

    def missing_required(self) -> list[str]:
        missing = []
        if not (self.columns.get("email") or self.columns.get("attendee_ref") or self.columns.get("order_ref")):
            missing.append("a reference or an e-mail address column")
        if not (self.columns.get("full_name") or self.columns.get("first_name")):
            missing.append("a name column")
        return missing


@dataclass
class TicketRow:
    row_number: int
    order_ref: str = ""
    attendee_ref: str = ""
    name: str = ""
    email: str = ""
    ticket_type: str = ""
    checked_in: bool | None = None
    consent: bool | None = None
    language: str = ""  # a PersonLanguage value; "" when the file leaves it blank

    @property
    def identity(self) -> tuple[str, str]:
        """How a ticket is recognised on re-import: its references, else its e-mail address."""
        if self.attendee_ref or self.order_ref:
            return ("ref", f"{self.order_ref}/{self.attendee_ref}")
        return ("email", self.email.lower())


@dataclass(frozen=True)
class RowError:
    row_number: int
    reason: str


@dataclass
class ParseResult:
    rows: list[TicketRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_table(data: bytes, filename: str = "") -> Table:
    """Read a CSV or XLSX file into a header and numbered rows; raise TicketFileError if it cannot be used."""
    limits = TableLimits(
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        document="an attendee report",
        rows_name="attendees",
        max_unpacked_bytes=MAX_XLSX_UNPACKED_BYTES,
        max_ratio=MAX_XLSX_RATIO,
    )
    return spreadsheets.read_table(data, filename, limits)


def detect_platform(headers: list[str]) -> str:
    found = eventbrite_mapping(headers).columns
    if {"order_ref", "first_name", "email"} <= found.keys() and ({"attendee_ref", "checked_in"} & found.keys()):
        return EVENTBRITE
    return OTHER


def eventbrite_mapping(headers: list[str], consent_header: str | None = None) -> ColumnMapping:
    by_key = {normalise_header(header): header for header in headers}
    columns = {}
    for name, aliases in EVENTBRITE_HEADERS.items():
        for alias in aliases:
            if alias in by_key:
                columns[name] = by_key[alias]
                break
    consent_header = consent_header if consent_header is not None else guess_consent_header(headers)
    if consent_header:
        columns["consent"] = consent_header
    # An Eventbrite order form may ask the attendee's language as a custom question.
    language = next((header for header in headers if header_key(header) in LANGUAGE_HEADERS), None)
    if language:
        columns["language"] = language
    return ColumnMapping(columns)


def header_key(header: str) -> str:
    """A header as the guesses compare it: lower case, punctuation but # as spaces (“E-mail Address” and
    “email_address” are both “email address”)."""
    key = normalise_header(header).replace("e-mail", "email")
    return re.sub(r"[^a-z0-9#]+", " ", key).strip()


def guess_mapping(headers: list[str]) -> ColumnMapping:
    """The columns a coordinator most likely means, from the usual header names; each header used once. A first and
    last name win over a full-name guess (the name is built from them)."""
    by_key = {}
    for header in headers:
        by_key.setdefault(header_key(header), header)
    columns, used = {}, set()
    for name, aliases in USUAL_HEADERS.items():
        for alias in aliases:
            header = by_key.get(alias)
            if header is not None and header not in used:
                columns[name] = header
                used.add(header)
                break
    if "consent" not in columns:
        consent = guess_consent_header([header for header in headers if header not in used])
        if consent:
            columns["consent"] = consent
    if "first_name" in columns and "full_name" in columns:
        del columns["full_name"]
    return ColumnMapping(columns)


def column_samples(table: Table, per_column: int = 3, max_chars: int = 40) -> list[tuple[str, list[str]]]:
    """Each header with its first few different non-empty values, cut short, so a coordinator can tell columns
    apart on the mapping screen."""
    samples = {header: [] for header in table.headers}
    for _row_number, cells in table.rows:
        for header, cell in zip(table.headers, cells, strict=False):
            found = samples[header]
            value = cell if len(cell) <= max_chars else cell[: max_chars - 1] + "…"
            if cell and len(found) < per_column and value not in found:
                found.append(value)
        if all(len(found) >= per_column for found in samples.values()):
            break
    return list(samples.items())


def guess_consent_header(headers: list[str]) -> str | None:
    """A checkout question that asks to contact the attendee afterwards, if the export has one."""
    for header in headers:
        key = normalise_header(header)
        if "contact" in key and any(word in key for word in ("can we", "may we", "happy to", "consent", "agree")):
            return header
    return None


def _yes_no(value: str) -> bool | None:
    key = value.strip().lower()
    if not key:
        return None
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(value)


def parse_rows(table: Table, mapping: ColumnMapping) -> ParseResult:
    """Validate every row; a rejected row is reported with its row number and the reason, and left out."""
    missing = mapping.missing_required()
    if missing:
        raise TicketFileError("The column mapping needs " + " and ".join(missing) + ".")
    unknown = [header for header in mapping.columns.values() if header not in table.headers]
    if unknown:
        raise TicketFileError("These mapped columns are not in the file: " + ", ".join(unknown) + ".")
    index = {name: table.headers.index(header) for name, header in mapping.columns.items()}
    result = ParseResult()
    seen: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        values = {name: cells[position] for name, position in index.items()}
        row, reason = _row(number, values)
        if reason is None:
            first = seen.setdefault(row.identity, number)
            if first != number:
                reason = f"duplicate of row {first}"
        if reason is None:
            result.rows.append(row)
        else:
            result.errors.append(RowError(number, reason))
    return result


def _row(number: int, values: dict) -> tuple[TicketRow | None, str | None]:
    for name, value in values.items():
        if len(value) > MAX_CELL_CHARS:
            return None, gettext("%(field)s is longer than %(limit)s characters") % {
                "field": FIELDS[name].lower(),
                "limit": MAX_CELL_CHARS,
            }
    name = values.get("full_name", "") or " ".join(
        part for part in (values.get("first_name", ""), values.get("last_name", "")) if part
    )
    email = values.get("email", "")
    if looks_like_formula(name) or looks_like_formula(email):
        return None, gettext("a name or e-mail address that looks like a spreadsheet formula")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return None, gettext("“%(email)s” is not a valid e-mail address") % {"email": email[:60]}
    row = TicketRow(
        row_number=number,
        order_ref=values.get("order_ref", "")[:100],
        attendee_ref=values.get("attendee_ref", "")[:100],
        name=name[:200],
        email=email[:254],
        ticket_type=values.get("ticket_type", "")[:100],
    )
    if not row.name and not row.email:
        return None, gettext("no name and no e-mail address")
    if not (row.order_ref or row.attendee_ref or row.email):
        return None, gettext("no ticket reference and no e-mail address to recognise the ticket by")
    if values.get("checked_in", "").strip().lower() in CANCELLED:
        return None, gettext("the ticket is no longer valid (status “%(status)s”)") % {"status": values["checked_in"]}
    for flag in ("checked_in", "consent"):
        if flag in values:
            try:
                setattr(row, flag, _yes_no(values[flag]))
            except ValueError:
                return None, gettext("%(field)s is “%(value)s”; expected yes or no") % {
                    "field": FIELDS[flag].lower(),
                    "value": values[flag][:40],
                }
    if "language" in values:
        try:
            row.language = language_from_cell(values["language"])
        except ValueError:
            return None, gettext("the preferred language is “%(value)s”; %(hint)s") % {
                "value": values["language"][:40],
                "hint": CELL_HINT,
            }
    return row, None
