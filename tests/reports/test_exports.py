"""The board report's workbook and CSV files, read back as an analyst's tools would read them."""

import csv
import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from reports import exports
from tests.factories import OversightFactory

Q1 = "?period=quarter&quarter=2025-Q1"
FORMATS = {"number": "#,##0", "£": '"£"#,##0.00', "%": "0.0%", "hours": "#,##0.0"}
CSV_NUMBER = {
    exports.COUNT: r"\d+",
    exports.MONEY: r"-?\d+\.\d\d",
    exports.PERCENT: r"\d+\.\d",
    exports.DECIMAL: r"\d+\.\d",
}


@pytest.fixture
def oversight_client(client):
    client.force_login(OversightFactory())
    return client


@pytest.fixture
def workbook(programme, oversight_client):
    response = oversight_client.get(reverse("reports:workbook") + Q1)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.getvalue()))


def _column_kinds(q1) -> dict[str, dict[str, str]]:
    """Each sheet's column kinds, from the tables themselves."""
    return {table.sheet: {c.name: c.kind for c in table.columns} for table in exports.report_tables(q1, limit=0)}


def test_workbook_has_one_tidy_table_per_sheet_with_title_and_creator(workbook):
    assert workbook.sheetnames == list(exports.SHEETS)
    assert workbook.properties.creator == "Behind the Badge"
    assert workbook.properties.title == "Behind the Badge: report to the board, Q1 2025 (Jan–Mar)"
    for sheet in workbook:
        rows = list(sheet.iter_rows())
        header = rows[0]
        assert all(isinstance(cell.value, str) and cell.value for cell in header), sheet.title
        assert all(cell.font.b for cell in header)
        # No title rows, no blank rows between blocks, no second header: every record is as wide as the header.
        for row in rows[1:]:
            assert any(cell.value is not None for cell in row), sheet.title
            assert all(not (isinstance(cell.value, str) and cell.value in {c.value for c in header}) for cell in row)


def test_every_sheet_has_a_frozen_header_filter_widths_and_print_setup(workbook):
    for sheet in workbook:
        last = get_column_letter(sheet.max_column)
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", sheet.title
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.oddHeader.right.text == "OFFICIAL"
        assert sheet.oddFooter.right.text == "Page &P of &N"
        assert sheet.oddFooter.left.text.startswith("Printed ")
        for index, cell in enumerate(next(sheet.iter_rows(max_row=1)), start=1):
            width = sheet.column_dimensions[get_column_letter(index)].width
            assert width >= min(len(cell.value), exports.HEADER_WRAP), (sheet.title, cell.value, width)
            assert cell.alignment.wrap_text
    titles = [row[1] for row in workbook["Summits"].iter_rows(min_row=2, values_only=True)]
    assert workbook["Summits"].column_dimensions["B"].width >= max(len(title) for title in titles)


def test_numbers_are_numbers_with_number_formats(workbook, q1):
    kinds = _column_kinds(q1)
    for sheet in workbook:
        header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
        for row in sheet.iter_rows(min_row=2):
            for name, cell in zip(header, row, strict=True):
                kind = kinds[sheet.title][name]
                if kind in exports.NUMERIC:
                    assert cell.value is None or cell.data_type == "n", (sheet.title, name, cell.value)
                    if cell.value is not None:
                        assert cell.number_format == exports.NUMBER_FORMATS[kind], (sheet.title, name)
                elif kind == exports.DATE and cell.value is not None:
                    assert isinstance(cell.value, datetime) and cell.number_format == "yyyy-mm-dd"
    summary = list(workbook["Summary"].iter_rows(min_row=2))
    assert {row[3].value for row in summary} == set(FORMATS)
    for _section, figure, value, unit, note in summary:
        assert value.value is None or value.data_type == "n", figure.value
        if value.value is None:
            assert note.value, figure.value  # an unknown figure says why
        else:
            assert value.number_format == FORMATS[unit.value], figure.value
    by_figure = {(row[0].value, row[1].value): row[2].value for row in summary}
    assert by_figure["Survey", "Response rate"] == 0.5  # a fraction shown as 50.0%
    assert by_figure["Survey", "Share more positive"] is None  # three responses: withheld, with a note
    notes = {row[1].value: row[4].value for row in summary}
    assert notes["Share more positive"] == "Withheld until 5 responses (3 so far)."
    assert by_figure["Spend", "Total spend"] == 1250
    header = [cell.value for cell in next(workbook["Summits"].iter_rows(max_row=1))]
    summit = dict(zip(header, next(workbook["Summits"].iter_rows(min_row=2, max_row=2)), strict=True))
    assert summit["Planned (£)"].value == 1500 and summit["Planned (£)"].number_format == '"£"#,##0.00'
    assert summit["Actual (£)"].value is None  # actuals incomplete: no figure, and the Actuals column says why
    assert summit["Actuals"].value == "actuals incomplete: 1 of 2 lines"
    assert summit["Tickets"].value == 4 and summit["Tickets"].number_format == "#,##0"


def test_suppressed_counts_are_empty_with_a_marker(workbook):
    cells = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "<5" not in cells
    rows = list(workbook["Diversity"].iter_rows(values_only=True))
    assert rows[0] == ("Group", "Characteristic", "Category", "People", "Suppressed")
    assert {row[0] for row in rows[1:]} == {"Officers and staff taking part", "Survey respondents"}
    for _, _, _, people, suppressed in rows[1:]:
        assert (people is None) == (suppressed == "Yes")
    assert any(row[4] == "Yes" for row in rows[1:])


def test_protective_marking_is_a_setting(programme, oversight_client, settings):
    settings.BTB_PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
    book = load_workbook(io.BytesIO(oversight_client.get(reverse("reports:workbook") + Q1).getvalue()))
    assert book["Summary"].oddHeader.right.text == "OFFICIAL-SENSITIVE"
    assert dict(book["About"].iter_rows(min_row=2, values_only=True))["Protective marking"] == "OFFICIAL-SENSITIVE"
    css = oversight_client.get(reverse("reports:board_print_css") + Q1)
    assert css["Content-Type"] == "text/css; charset=utf-8"
    text = css.content.decode()
    assert '@top-right { content: "OFFICIAL-SENSITIVE"; }' in text
    assert '@top-left { content: "Behind the Badge board report · Q1 2025 (Jan–Mar)"; }' in text
    assert 'counter(page) " of " counter(pages)' in text


def _csv(client, slug) -> tuple[list[str], list[dict]]:
    response = client.get(reverse("reports:sheet_csv", kwargs={"sheet": slug}) + Q1)
    assert response.status_code == 200
    data = response.getvalue()
    assert data.startswith("\ufeff".encode())  # Excel reads the file as UTF-8 only with the mark
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    return reader.fieldnames, rows


def test_each_csv_is_one_table_that_dictreader_parses(workbook, oversight_client, q1):
    kinds = _column_kinds(q1)
    for slug, sheet in exports.TABLES.items():
        fieldnames, rows = _csv(oversight_client, slug)
        assert fieldnames == [cell.value for cell in next(workbook[sheet].iter_rows(max_row=1))], slug
        assert len(rows) == workbook[sheet].max_row - 1, slug
        for row in rows:
            assert None not in row and None not in row.values(), (slug, row)  # no stray or short rows
            for name, value in row.items():
                kind = kinds[sheet][name]
                if kind in CSV_NUMBER and value:
                    assert re.fullmatch(CSV_NUMBER[kind], value), (slug, name, value)
    _, summary = _csv(oversight_client, "summary")
    figures = {(row["Section"], row["Figure"]): (row["Value"], row["Unit"]) for row in summary}
    assert figures["Spend", "Total spend"] == ("1250.00", "£")
    assert figures["Survey", "Response rate"] == ("50.0", "%")
    # Sign-ups, panel seats and appearances all count (one notion of a volunteer's time).
    assert figures["People", "Volunteer hours"] == ("9.5", "hours")
    _, summits = _csv(oversight_client, "summits")
    assert summits[0]["Planned (£)"] == "1500.00" and summits[0]["Date"] == "2025-02-10"
    _, diversity = _csv(oversight_client, "diversity")
    assert all(row["People"] == "" for row in diversity if row["Suppressed"] == "Yes")


def test_zip_holds_the_same_csv_files(programme, oversight_client):
    response = oversight_client.get(reverse("reports:tables_zip") + Q1)
    assert response["Content-Disposition"] == 'attachment; filename="board-report-2025-01-01-to-2025-03-31-csv.zip"'
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
        assert archive.namelist() == [f"{slug}.csv" for slug in exports.TABLES]
        for slug in exports.TABLES:
            page = oversight_client.get(reverse("reports:sheet_csv", kwargs={"sheet": slug}) + Q1).getvalue()
            assert archive.read(f"{slug}.csv") == page


def test_page_shows_money_counts_and_percentages_in_one_format():
    assert exports.display(Decimal("1250"), exports.MONEY) == "£1,250.00"
    assert exports.display(Decimal("-50.5"), exports.MONEY) == "-£50.50"
    assert exports.display(12345, exports.COUNT) == "12,345"
    assert exports.display(Decimal("38.94"), exports.PERCENT) == "38.9%"
    assert exports.display(None, exports.PERCENT) == "–"
    assert exports.csv_value(Decimal("2600"), exports.MONEY) == "2600.00"
    assert exports.csv_value(Decimal("2.6E+3"), exports.MONEY) == "2600.00"
    assert exports.csv_value(None, exports.COUNT) == ""


def test_board_page_prints_numbers_right_aligned_with_marking(programme, oversight_client):
    html = oversight_client.get(reverse("reports:board_report") + Q1).content.decode()
    assert '<td class="btb-num">£1,250.00</td>' in html
    assert 'Black, Black British, Caribbean or African</th><td class="btb-num">&lt;5</td>' in html
    assert 'class="btb-marking mb-1"><span class="visually-hidden">Protective marking: </span>OFFICIAL</p>' in html
    assert reverse("reports:board_print_css") + "?period=quarter" in html
