"""Reading an uploaded CSV or XLSX file into a header and numbered rows, within limits, before anything is written.

Shared by every import (ticket holders, influencers): each passes its own ``TableLimits``. A file is refused with a
``SpreadsheetError`` whose message a coordinator can act on when it cannot be used: empty, over the size limit, not
text, an XLSX archive that unpacks to far more than it weighs (a zip bomb), too many columns or rows, or a header
row with blank or repeated names. Rows are read one at a time and counted as they come, so a file past the row
limit is refused before it is all in memory.

Cells a spreadsheet would run as a formula are escaped on the way out and refused on the way in: Excel, LibreOffice
and Google Sheets treat a cell whose text starts with one of ``FORMULA_TRIGGERS`` as a formula, so a name such as
``=HYPERLINK(...)`` typed into a form or an export would run in whoever opens the file next. Leading spaces count
as nothing: a reader that trims cells before parsing them would find the trigger.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    """Whether a spreadsheet could run ``value`` as a formula."""
    return isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_TRIGGERS)


def escape_formula(value):
    """``value`` as a cell that no spreadsheet runs: text a formula would start with gets a leading apostrophe,
    which spreadsheets show as text and do not display; anything else is returned unchanged."""
    if looks_like_formula(value):
        return "'" + value
    return value


# An XLSX file is a zip archive: refuse one that would unpack to far more than it weighs.
MAX_XLSX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_XLSX_RATIO = 100


class SpreadsheetError(Exception):
    """The file as a whole cannot be imported; nothing is written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TableLimits:
    max_bytes: int
    max_rows: int
    max_columns: int
    # How a message names what the file should be and what its rows are: "an attendee report", "attendees".
    document: str = "a spreadsheet"
    rows_name: str = "rows"
    max_unpacked_bytes: int = MAX_XLSX_UNPACKED_BYTES
    max_ratio: int = MAX_XLSX_RATIO


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)


def normalise_header(header: str) -> str:
    header = re.sub(r"\s+", " ", str(header or "").replace("\ufeff", "")).strip().lower()
    # Older Eventbrite exports add a currency: "Total Paid (GBP)".
    return re.sub(r"\s*\([a-z]{3}\)$", "", header)


def read_table(data: bytes, filename: str, limits: TableLimits) -> Table:
    """Read a CSV or XLSX file into a header and numbered rows; raise SpreadsheetError if it cannot be used."""
    if not data:
        raise SpreadsheetError("The file is empty.")
    if len(data) > limits.max_bytes:
        megabytes = len(data) // (1024 * 1024)
        raise SpreadsheetError(f"The file is {megabytes} MB; the limit is {limits.max_bytes // (1024 * 1024)} MB.")
    if data[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(data, limits)
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        raise SpreadsheetError("The file is named .xlsx but is not an Excel workbook. Export it again.")
    else:
        rows = _csv_rows(data)
    return _table(rows, limits)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise SpreadsheetError(
            "This does not look like a CSV or Excel file (it contains binary data). Upload it as CSV or XLSX."
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
        raise SpreadsheetError(
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
        raise SpreadsheetError(f"The CSV file is malformed ({error}). Export it again.") from None


def _xlsx_rows(data: bytes, limits: TableLimits) -> Iterable[list[str]]:
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise SpreadsheetError("The Excel file is damaged and cannot be opened. Export it again.") from None
    if unpacked > limits.max_unpacked_bytes or unpacked > limits.max_ratio * max(len(data), 1) + 10 * 1024 * 1024:
        raise SpreadsheetError(f"The Excel file unpacks to far more data than {limits.document} holds; it was refused.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a broken workbook
        raise SpreadsheetError("The Excel file cannot be read. Export it again, or save it as CSV.") from None
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


def _table(rows: Iterable[list[str]], limits: TableLimits) -> Table:
    iterator = iter(rows)
    headers = None
    header_row = 0
    for number, cells in enumerate(iterator, start=1):
        if any(str(cell).strip() for cell in cells):
            headers = [str(cell).replace("\ufeff", "").strip() for cell in cells]
            header_row = number
            break
    if headers is None:
        raise SpreadsheetError("The file has no header row and no data.")
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > limits.max_columns:
        raise SpreadsheetError(
            f"The file has {len(headers)} columns; {limits.document} has at most {limits.max_columns}."
        )
    if any(not header for header in headers):
        position = headers.index("") + 1
        raise SpreadsheetError(f"Column {position} has no header. Every column needs a name in the first row.")
    seen = {}
    for header in headers:
        key = normalise_header(header)
        if key in seen:
            raise SpreadsheetError(f"Two columns are called “{header}”. Rename one and upload the file again.")
        seen[key] = header
    body = []
    for number, cells in enumerate(iterator, start=header_row + 1):
        if not any(str(cell).strip() for cell in cells):
            continue
        if len(body) >= limits.max_rows:
            raise SpreadsheetError(f"The file has more than {limits.max_rows:,} rows; split it and import the parts.")
        cells = [str(cell).strip() for cell in cells[: len(headers)]]
        body.append((number, cells + [""] * (len(headers) - len(cells))))
    if not body:
        raise SpreadsheetError(f"The file has a header row but no {limits.rows_name}.")
    return Table(headers=headers, rows=body)
