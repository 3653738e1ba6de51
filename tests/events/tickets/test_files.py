import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from events.tickets.files import (
    EVENTBRITE,
    OTHER,
    ColumnMapping,
    TicketFileError,
    column_samples,
    detect_platform,
    eventbrite_mapping,
    guess_mapping,
    parse_rows,
    read_table,
)

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "tickets"
OTHER_MAPPING = ColumnMapping(
    {
        "attendee_ref": "Booking",
        "full_name": "Guest",
        "email": "Guest Email",
        "ticket_type": "Pass",
        "checked_in": "Arrived",
        "consent": "OK to contact",
    }
)
EB_HEADER = "Order #,Order Date,First Name,Last Name,Email,Ticket Type,Attendee #,Attendee Status"


def parse_eventbrite(data: bytes, filename="attendees.csv"):
    table = read_table(data, filename)
    return table, parse_rows(table, eventbrite_mapping(table.headers))


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_eventbrite_sample_is_detected_and_every_row_accepted():
    table, result = parse_eventbrite((SAMPLES / "eventbrite_attendees.csv").read_bytes())
    assert detect_platform(table.headers) == EVENTBRITE
    assert len(result.rows) == 40 and result.errors == []
    first = result.rows[0]
    assert (first.row_number, first.order_ref, first.attendee_ref, first.name, first.email) == (
        2,
        "9100000000",
        "1500000001",
        "Samira Okoye",
        "samira.okoye1@example.org",
    )
    assert first.checked_in is True and first.consent is True and first.ticket_type == "Youth (16-24)"
    assert result.rows[1].checked_in is False


def test_eventbrite_mapping_picks_the_consent_question():
    table = read_table((SAMPLES / "eventbrite_attendees.csv").read_bytes())
    assert eventbrite_mapping(table.headers).columns["consent"] == (
        "Can we contact you after the event about your experience?"
    )


def test_other_platform_sample_with_a_mapping():
    table = read_table((SAMPLES / "other_platform_attendees.csv").read_bytes())
    assert detect_platform(table.headers) == OTHER
    result = parse_rows(table, OTHER_MAPPING)
    assert result.errors == []
    by_row = {row.row_number: row for row in result.rows}
    assert by_row[5].email == "" and by_row[5].name == "Ade Williams"  # no e-mail: kept for the door list
    assert by_row[6].consent is None  # consent left empty: not taken as a yes
    assert by_row[3].checked_in is False and by_row[3].consent is False


def test_older_eventbrite_layout_with_reordered_columns_and_currency_suffixes():
    data = (
        b"Attendee #,Email,Surname,First Name,Total Paid (GBP),Order #,Ticket Type,Attendee Status\r\n"
        b"77,old.export@example.org,Khan,Sara,5.00,123,Standard,Checked In\r\n"
    )
    table, result = parse_eventbrite(data)
    assert detect_platform(table.headers) == EVENTBRITE
    row = result.rows[0]
    assert (row.name, row.order_ref, row.attendee_ref, row.checked_in) == ("Sara Khan", "123", "77", True)


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "windows-1252"],
)
def test_encodings(encode):
    text = EB_HEADER + "\r\n1,2026-01-01,Zoë,Brontë,zoe@example.org,Standard,11,Attending\r\n"
    table, result = parse_eventbrite(encode(text))
    assert table.headers[0] == "Order #"
    assert result.rows[0].name == "Zoë Brontë"


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_delimiter_is_sniffed(delimiter):
    text = (
        EB_HEADER.replace(",", delimiter)
        + "\n"
        + delimiter.join(["1", "2026-01-01", "Ada", "Obi", "ada@example.org", "Standard", "11", "Attending"])
    )
    _, result = parse_eventbrite(text.encode())
    assert result.rows[0].email == "ada@example.org"


def test_xlsx_is_read_like_csv():
    data = xlsx(
        [
            EB_HEADER.split(","),
            [9000000001, "2026-01-01", "Kofi", "Mensah", "kofi@example.org", "VIP", 1400000009, "Checked In"],
        ]
    )
    table, result = parse_eventbrite(data, "attendees.xlsx")
    assert detect_platform(table.headers) == EVENTBRITE
    row = result.rows[0]
    assert (row.order_ref, row.attendee_ref, row.name, row.checked_in) == (
        "9000000001",
        "1400000009",
        "Kofi Mensah",
        True,
    )


def test_rows_are_numbered_as_in_the_spreadsheet_and_blank_lines_skipped():
    text = EB_HEADER + "\n\n1,,A,B,bad-address,Standard,11,Attending\n"
    _, result = parse_eventbrite(text.encode())
    assert [(e.row_number, e.reason) for e in result.errors] == [(3, "“bad-address” is not a valid e-mail address")]


def test_duplicate_rows_are_rejected_with_the_first_row_named():
    text = EB_HEADER + "\n1,,A,B,a@example.org,S,11,Attending\n1,,A,B,a@example.org,S,11,Attending\n"
    _, result = parse_eventbrite(text.encode())
    assert len(result.rows) == 1
    assert [(e.row_number, e.reason) for e in result.errors] == [(3, "duplicate of row 2")]


def test_formula_cells_are_rejected():
    text = EB_HEADER + '\n1,,"=HYPERLINK(""http://x"")",B,a@example.org,S,11,Attending\n'
    _, result = parse_eventbrite(text.encode())
    assert result.rows == [] and "spreadsheet formula" in result.errors[0].reason


@pytest.mark.parametrize("name", ["+1+1", "-2+3", "@SUM(A1)", " =1+1"])
def test_every_formula_start_is_rejected_as_on_export(name):
    text = EB_HEADER + f"\n1,,{name},B,a@example.org,S,11,Attending\n"
    _, result = parse_eventbrite(text.encode())
    assert result.rows == [] and "spreadsheet formula" in result.errors[0].reason


def test_cancelled_tickets_are_reported_not_imported():
    text = EB_HEADER + "\n1,,A,B,a@example.org,S,11,Refunded\n"
    _, result = parse_eventbrite(text.encode())
    assert result.errors[0].reason == "the ticket is no longer valid (status “Refunded”)"


def test_html_in_names_is_kept_as_text():
    text = EB_HEADER + "\n1,,<script>alert(1)</script>,B,a@example.org,S,11,Attending\n"
    _, result = parse_eventbrite(text.encode())
    assert result.rows[0].name == "<script>alert(1)</script> B"  # stored as text; templates escape it


def test_a_row_without_reference_or_email_is_rejected():
    table = read_table(b"Buyer Name,Buyer Email\nNo Contact,\n")
    result = parse_rows(table, ColumnMapping({"full_name": "Buyer Name", "email": "Buyer Email"}))
    assert result.errors[0].reason == "no ticket reference and no e-mail address to recognise the ticket by"


def test_unknown_yes_no_answer_is_explained():
    table = read_table(b"Booking,Guest,Guest Email,Pass,Arrived,OK to contact\nS1,A B,,S,yes,maybe\n")
    result = parse_rows(table, OTHER_MAPPING)
    assert result.errors[0].reason == "consent to be contacted is “maybe”; expected yes or no"


@pytest.mark.parametrize(
    "data,filename,message",
    [
        (b"", "a.csv", "The file is empty."),
        (b"\n\n  \n", "a.csv", "The file has no header row and no data."),
        (EB_HEADER.encode() + b"\n", "a.csv", "The file has a header row but no attendees."),
        (b"\x00\x01\x02binary\xff" * 50, "a.csv", "contains binary data"),
        (b"Name,Email,Name\nA,a@example.org,B\n", "a.csv", "Two columns are called “Name”"),
        (b"Name,,Email\nA,x,a@example.org\n", "a.csv", "Column 2 has no header"),
        ((",".join(f"c{i}" for i in range(10_000)) + "\n" + "," * 9999 + "x\n").encode(), "a.csv", "10000 columns"),
        (b"this is not a workbook", "attendees.xlsx", "not an Excel workbook"),
        (b"PK\x03\x04 broken zip", "attendees.xlsx", "damaged"),
        (b"Name\n\x81\x8d\x8f\x90\x9d\n", "a.csv", "not UTF-8 or Windows-1252"),
    ],
    ids=[
        "empty",
        "blank",
        "header-only",
        "binary",
        "duplicate-headers",
        "blank-header",
        "10k-columns",
        "fake-xlsx",
        "broken-zip",
        "undecodable",
    ],
)
def test_unusable_files_are_refused_with_a_message(data, filename, message):
    with pytest.raises(TicketFileError) as error:
        read_table(data, filename)
    assert message in error.value.message


def test_zip_bomb_disguised_as_xlsx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (500 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(TicketFileError, match="unpacks to far more data"):
        read_table(data, "bomb.xlsx")


def test_oversized_file_is_refused(monkeypatch):
    monkeypatch.setattr("events.tickets.files.MAX_FILE_BYTES", 100)
    with pytest.raises(TicketFileError, match="the limit is"):
        read_table(b"x" * 101)


def test_mapping_without_name_or_reference_is_refused():
    table = read_table((SAMPLES / "other_platform_attendees.csv").read_bytes())
    with pytest.raises(TicketFileError, match="a reference or an e-mail address column and a name column"):
        parse_rows(table, ColumnMapping({"ticket_type": "Pass"}))
    with pytest.raises(TicketFileError, match="not in the file: Nope"):
        parse_rows(table, ColumnMapping({"email": "Nope", "full_name": "Guest"}))


def test_twenty_thousand_rows():
    lines = [EB_HEADER] + [
        f"{9000 + i},2026-01-01,First{i},Last{i},person{i}@example.org,Standard,{i},Attending" for i in range(20_000)
    ]
    _, result = parse_eventbrite("\n".join(lines).encode())
    assert len(result.rows) == 20_000 and result.errors == []
    assert result.rows[-1].row_number == 20_001


def test_usual_headers_of_another_platform_are_guessed():
    table = read_table((SAMPLES / "usual_headers_attendees.csv").read_bytes(), "a.csv")
    assert detect_platform(table.headers) == OTHER
    assert guess_mapping(table.headers).columns == {
        "order_ref": "Order #",
        "attendee_ref": "Attendee #",
        "first_name": "First Name",
        "last_name": "Surname",
        "email": "Buyer Email",
        "ticket_type": "Ticket Type",
        "checked_in": "Checked In",
    }


def test_full_name_and_email_address_headers_are_guessed_and_the_guess_parses():
    table = read_table((SAMPLES / "email_address_attendees.csv").read_bytes(), "a.csv")
    mapping = guess_mapping(table.headers)
    assert mapping.columns == {
        "full_name": "Full Name",
        "email": "Email Address",
        "ticket_type": "Ticket",
        "checked_in": "Attended",
    }
    parsed = parse_rows(table, mapping)
    assert [(row.name, row.checked_in) for row in parsed.rows] == [("Nia Campbell", True), ("Omar Haddad", False)]


@pytest.mark.parametrize(
    "header,field",
    [
        ("E-mail Address", "email"),
        ("email_address", "email"),
        ("BUYER E-MAIL", "email"),
        ("Order no.", "order_ref"),
        ("Ticket Number", "attendee_ref"),
        ("Forename", "first_name"),
        ("Check-in status", "checked_in"),
        ("May we contact you after the event?", "consent"),
    ],
)
def test_header_spellings_are_guessed(header, field):
    assert guess_mapping(["Notes", header]).columns == {field: header}


def test_a_header_is_guessed_for_one_field_only_and_unknown_headers_not_at_all():
    assert guess_mapping(["Booking", "Guest", "Pass", "Price", "Notes"]).columns == {
        "order_ref": "Booking",
        "full_name": "Guest",
        "ticket_type": "Pass",
    }
    assert guess_mapping(["Colour", "Size"]).columns == {}


def test_samples_are_the_first_different_values_of_each_column_cut_short():
    long_name = "A" * 60
    data = (
        f"Name,Email,Notes\n{long_name},a@example.org,\nBen,a@example.org,\nCat,c@example.org,\nDee,d@example.org,x\n"
    )
    samples = dict(column_samples(read_table(data.encode(), "a.csv")))
    assert samples["Name"] == ["A" * 39 + "…", "Ben", "Cat"]
    assert samples["Email"] == ["a@example.org", "c@example.org", "d@example.org"]
    assert samples["Notes"] == ["x"]
