"""Reading ticketing platforms' attendee exports (CSV or XLSX) into clean rows, before anything is written.

Nothing here touches the database. ``read_table`` turns a file into a header and numbered rows, or raises
``TicketFileError`` with a message a coordinator can act on when the file itself cannot be used. ``parse_rows``
applies a ``ColumnMapping`` (detected for Eventbrite, made once by the coordinator for any other platform) and
returns the rows it accepts and, for each row it rejects, the row number as the spreadsheet shows it and why.

Only what the programme needs is taken from a file: references to recognise a ticket again, the name for the door
list, the e-mail address for the survey, the ticket type, whether the person was checked in, and the answer to
the consent question. Addresses and payment details are never read.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from openpyxl import load_workbook

from btb.spreadsheets import looks_like_formula

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1000
# An XLSX file is a zip archive: refuse one that would unpack to far more than it weighs.
MAX_XLSX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_XLSX_RATIO = 100

EVENTBRITE = "eventbrite"
OTHER = "other"

# Canonical fields and what they mean to a coordinator mapping columns.
FIELDS = {
    "order_ref": "Order reference",
    "attendee_ref": "Ticket or attendee reference",
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name",
    "email": "E-mail address",
    "ticket_type": "Ticket type",
    "checked_in": "Checked in / attended",
    "consent": "Consent to be contacted",
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

YES = {"yes", "y", "true", "1", "checked in", "attended", "scanned", "x", "✓"}
NO = {"no", "n", "false", "0", "attending", "not checked in", "not attended", "not scanned"}
CANCELLED = {"not attending", "deleted", "refunded", "cancelled", "canceled", "transferred", "void"}


class TicketFileError(Exception):
    """The file as a whole cannot be imported; nothing is written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)


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


def normalise_header(header: str) -> str:
    header = re.sub(r"\s+", " ", str(header or "").replace("\ufeff", "")).strip().lower()
    # Older Eventbrite exports add a currency: "Total Paid (GBP)".
    return re.sub(r"\s*\([a-z]{3}\)$", "", header)


def read_table(data: bytes, filename: str = "") -> Table:
    """Read a CSV or XLSX file into a header and numbered rows; raise TicketFileError if it cannot be used."""
    if not data:
        raise TicketFileError("The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise TicketFileError(
            f"The file is {len(data) // (1024 * 1024)} MB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
    if data[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(data)
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        raise TicketFileError(
            "The file is named .xlsx but is not an Excel workbook. Export it again from the platform."
        )
    else:
        rows = _csv_rows(data)
    return _table(rows)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise TicketFileError(
            "This does not look like a CSV or Excel file (it contains binary data). Upload the attendee report "
            "as CSV or XLSX."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise TicketFileError(
            "The file's text encoding is not UTF-8 or Windows-1252. Save it as “CSV UTF-8” and upload it again."
        ) from None


def _csv_rows(data: bytes) -> Iterable[list[str]]:
    text = _decode(data)
    sample = text[:16384]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(io.StringIO(text, newline=""), dialect)
    except csv.Error as error:
        raise TicketFileError(f"The CSV file is malformed ({error}). Export it again from the platform.") from None


def _xlsx_rows(data: bytes) -> Iterable[list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise TicketFileError("The Excel file is damaged and cannot be opened. Export it again.") from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES or unpacked > MAX_XLSX_RATIO * max(len(data), 1) + 10 * 1024 * 1024:
        raise TicketFileError("The Excel file unpacks to far more data than an attendee report holds; it was refused.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a broken workbook
        raise TicketFileError("The Excel file cannot be read. Export it again, or save it as CSV.") from None
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _table(rows: Iterable[list[str]]) -> Table:
    iterator = iter(rows)
    headers = None
    header_row = 0
    for number, cells in enumerate(iterator, start=1):
        if any(str(cell).strip() for cell in cells):
            headers = [str(cell).replace("\ufeff", "").strip() for cell in cells]
            header_row = number
            break
    if headers is None:
        raise TicketFileError("The file has no header row and no data.")
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise TicketFileError(f"The file has {len(headers)} columns; an attendee report has at most {MAX_COLUMNS}.")
    if any(not header for header in headers):
        position = headers.index("") + 1
        raise TicketFileError(f"Column {position} has no header. Every column needs a name in the first row.")
    seen = {}
    for header in headers:
        key = normalise_header(header)
        if key in seen:
            raise TicketFileError(f"Two columns are called “{header}”. Rename one and upload the file again.")
        seen[key] = header
    body = []
    for number, cells in enumerate(iterator, start=header_row + 1):
        if not any(str(cell).strip() for cell in cells):
            continue
        if len(body) >= MAX_ROWS:
            raise TicketFileError(f"The file has more than {MAX_ROWS:,} rows; split it and import the parts.")
        cells = [str(cell).strip() for cell in cells[: len(headers)]]
        body.append((number, cells + [""] * (len(headers) - len(cells))))
    if not body:
        raise TicketFileError("The file has a header row but no attendees.")
    return Table(headers=headers, rows=body)


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
    return ColumnMapping(columns)


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
            return None, f"{FIELDS[name].lower()} is longer than {MAX_CELL_CHARS} characters"
    name = values.get("full_name", "") or " ".join(
        part for part in (values.get("first_name", ""), values.get("last_name", "")) if part
    )
    email = values.get("email", "")
    if looks_like_formula(name) or looks_like_formula(email):
        return None, "a name or e-mail address that looks like a spreadsheet formula"
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return None, f"“{email[:60]}” is not a valid e-mail address"
    row = TicketRow(
        row_number=number,
        order_ref=values.get("order_ref", "")[:100],
        attendee_ref=values.get("attendee_ref", "")[:100],
        name=name[:200],
        email=email[:254],
        ticket_type=values.get("ticket_type", "")[:100],
    )
    if not row.name and not row.email:
        return None, "no name and no e-mail address"
    if not (row.order_ref or row.attendee_ref or row.email):
        return None, "no ticket reference and no e-mail address to recognise the ticket by"
    if values.get("checked_in", "").strip().lower() in CANCELLED:
        return None, f"the ticket is no longer valid (status “{values['checked_in']}”)"
    for flag in ("checked_in", "consent"):
        if flag in values:
            try:
                setattr(row, flag, _yes_no(values[flag]))
            except ValueError:
                return None, f"{FIELDS[flag].lower()} is “{values[flag][:40]}”; expected yes or no"
    return row, None
