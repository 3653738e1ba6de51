"""Property-based fuzzing of the ticket file reader: whatever the bytes, read_table and parse_rows either give a
result or raise TicketFileError with a message; never another exception."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.tickets.files import ColumnMapping, TicketFileError, eventbrite_mapping, parse_rows, read_table

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
cell = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
header = st.sampled_from(
    ["Order #", "Ticket #", "First Name", "Last Name", "Email", "Ticket Type", "Checked In", "Name", "Notes"]
) | st.text(min_size=1, max_size=20)


@FUZZ
@given(data=st.binary(max_size=4096), filename=st.sampled_from(["a.csv", "a.xlsx", "a.txt", ""]))
def test_read_table_on_any_bytes_gives_a_table_or_a_message(data, filename):
    try:
        table = read_table(data, filename)
    except TicketFileError as error:
        assert error.message.strip()
    else:
        assert table.headers and all(len(cells) == len(table.headers) for _, cells in table.rows)


@FUZZ
@given(data=st.binary(max_size=2048))
def test_read_table_on_a_damaged_workbook_gives_a_message(data):
    try:
        read_table(b"PK\x03\x04" + data, "a.xlsx")
    except TicketFileError as error:
        assert error.message.strip()


@FUZZ
@given(
    headers=st.lists(header, min_size=1, max_size=12),
    rows=st.lists(st.lists(cell, max_size=14), max_size=30),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_parse_rows_accounts_for_every_row(headers, rows, delimiter, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buffer.getvalue().encode("utf-8")
    try:
        table = read_table(data, "attendees.csv")
        result = parse_rows(table, eventbrite_mapping(table.headers))
    except TicketFileError as error:
        assert error.message.strip()
        return
    numbers = sorted([row.row_number for row in result.rows] + [error.row_number for error in result.errors])
    assert numbers == [number for number, _ in table.rows]  # every row kept or reported, none twice
    assert all(error.reason for error in result.errors)
    assert not any(row.name.startswith("=") or row.email.startswith("=") for row in result.rows)


@FUZZ
@given(names=st.dictionaries(st.sampled_from(["email", "full_name", "first_name", "attendee_ref"]), header))
def test_parse_rows_with_any_mapping_gives_rows_or_a_message(names):
    table = read_table(b"Name,Email,Ticket #\nAda,ada@example.org,1\n", "a.csv")
    try:
        result = parse_rows(table, ColumnMapping(names))
    except TicketFileError as error:
        assert error.message.strip()
    else:
        assert len(result.rows) + len(result.errors) == 1
