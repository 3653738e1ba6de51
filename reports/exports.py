"""The board report as tables: one source for the printable page, the XLSX workbook, the CSV files and the
``export_report`` command, so they always agree. Aggregates only: no person is named or counted alone.

Each sheet is a list of blocks ``{"title", "header", "rows"}``; a breakdown by a personal characteristic holds
the suppressed text ("<5"), never the count behind it.
"""

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from btb.aggregates import cached_aggregate

from . import selectors
from .periods import ReportFilter

SHEETS = ("Summary", "Summits", "Appearances", "Feedback", "Interest", "Spend")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """A cell value that no spreadsheet will run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _pct(value) -> str:
    return "" if value is None else f"{value}%"


def _block(title, header, rows):
    return {"title": title, "header": header, "rows": rows}


def _breakdown_blocks(title: str, breakdown: list[dict]) -> list[dict]:
    return [
        _block(
            f"{title}: {row['characteristic'].lower()}",
            [row["characteristic"], "People"],
            [[cell["label"], cell["display"]] for cell in row["cells"]],
        )
        for row in breakdown
    ]


def report_sheets(f: ReportFilter) -> dict[str, list[dict]]:
    figures = cached_aggregate("reports.dashboard", selectors.filter_key(f), lambda: selectors.dashboard(f))
    summits, media, people = figures["summits"], figures["media"], figures["people"]
    spend, survey, interest = figures["spend"], figures["survey"], figures["interest"]

    summary = [
        _block(
            "Report",
            ["", ""],
            [
                ["Period", f.label],
                ["From", f.start],
                ["To", f.last_day],
                ["Borough", str(f.borough) if f.borough else "All"],
                ["Community", str(f.community) if f.community else "All"],
            ],
        ),
        _block(
            "Headline figures",
            ["Figure", "Value"],
            [
                ["Summits held", summits["held"]],
                ["Tickets issued", summits["tickets"]],
                ["Checked in", summits["checked_in"]],
                ["Attendance", summits["attendance"]],
                ["Estimated reach", summits["reach"]],
                ["Media appearances", media["appearances"]],
                ["Views (latest)", media["views"]],
                ["Likes (latest)", media["likes"]],
                ["Comments (latest)", media["comments"]],
                ["Officers and staff taking part", people["people"]],
                ["Volunteer hours", people["volunteer_hours"]],
                ["Influencers engaged", people["influencers"]],
                ["Spend (£)", spend["total"]],
                ["Cost per attendee (£)", spend["cost_per_attendee"] if spend["cost_per_attendee"] is not None else ""],
                ["Survey response rate", _pct(survey["response_rate"])],
                ["See the police more positively", _pct(survey["more_positive_share"])],
                ["Would recommend", _pct(survey["recommend_share"])],
                ["Expressions of interest", interest["total"]],
                ["Joined", interest["joined"]],
            ],
        ),
        *_breakdown_blocks("Officers and staff taking part", people["diversity"]),
    ]

    summit_rows = [
        [
            summit.starts_at.date() if summit.starts_at else "",
            summit.title,
            str(summit.borough) if summit.borough else "",
            summit.expected_attendees or 0,
            summit.tickets,
            summit.checked_in,
            summit.actual_attendance or 0,
            summit.estimated_reach or 0,
            summit.planned_spend,
            summit.actual_spend,
            (summit.actual_spend / summit.actual_attendance).quantize(Decimal("0.01"))
            if summit.actual_attendance
            else "",
            summit.responses,
            summit.interest_count,
        ]
        for summit in selectors.summit_rows(f)
    ]
    summit_sheet = [
        _block(
            "Summits held",
            [
                "Date",
                "Summit",
                "Borough",
                "Expected",
                "Tickets",
                "Checked in",
                "Attendance",
                "Estimated reach",
                "Planned (£)",
                "Actual (£)",
                "Cost per attendee (£)",
                "Survey responses",
                "Expressions of interest",
            ],
            summit_rows,
        )
    ]

    appearance_sheet = [
        _block(
            "By outlet kind",
            ["Outlet kind", "Appearances", "Views", "Likes", "Comments"],
            [[row["kind"], row["appearances"], row["views"], row["likes"], row["comments"]] for row in media["by_kind"]]
            + [["Total", media["appearances"], media["views"], media["likes"], media["comments"]]],
        ),
        _block(
            "Appearances",
            [
                "Date",
                "Title",
                "Outlet",
                "Kind",
                "Status",
                "Officers taking part",
                "Views",
                "Likes",
                "Comments",
                "Cost (£)",
                "Officer hours",
            ],
            [
                [
                    appearance.starts_at.date(),
                    appearance.title,
                    appearance.outlet.name,
                    appearance.outlet.get_kind_display(),
                    appearance.get_status_display(),
                    appearance.participant_count,
                    appearance.latest_views if appearance.latest_views is not None else "",
                    appearance.latest_likes if appearance.latest_likes is not None else "",
                    appearance.latest_comments if appearance.latest_comments is not None else "",
                    appearance.cost,
                    appearance.officer_hours,
                ]
                for appearance in selectors.appearance_rows(f)
            ],
        ),
    ]

    feedback_sheet = [
        _block(
            "Survey",
            ["Figure", "Value"],
            [
                ["Invitations sent", survey["invited"]],
                ["Invitations answered", survey["responded"]],
                ["Response rate", _pct(survey["response_rate"])],
                ["Responses (including on the day)", survey["responses"]],
                ["Answered the perception question", survey["perception_answers"]],
                ["See the police more positively", survey["more_positive"]],
                ["Share more positive", _pct(survey["more_positive_share"])],
                ["Answered the recommendation question", survey["recommend_answers"]],
                ["Would recommend", survey["recommend_yes"]],
                ["Share who would recommend", _pct(survey["recommend_share"])],
            ],
        ),
        *_breakdown_blocks("Survey respondents", survey["diversity"]),
    ]

    interest_sheet = [
        _block(
            "Funnel",
            ["Stage", "People", "Share"],
            [[row["stage"], row["count"], _pct(row["share"])] for row in interest["funnel"]]
            + [["Not proceeding", interest["not_proceeding"], ""]],
        ),
        _block("By source", ["Source", "People"], [[row["source"], row["count"]] for row in interest["by_source"]]),
    ]

    spend_sheet = [
        _block(
            "Summit budgets",
            ["Category", "Planned (£)", "Actual (£)"],
            [[row["category"], row["planned"], row["actual"]] for row in spend["by_category"]]
            + [["All summits", spend["summit_planned"], spend["summit_actual"]]],
        ),
        _block(
            "Totals",
            ["Figure", "£"],
            [
                ["Summits (actual)", spend["summit_actual"]],
                ["Media appearances", spend["media_cost"]],
                ["Total spend", spend["total"]],
                ["Summit attendance", spend["attendance"]],
                ["Cost per attendee", spend["cost_per_attendee"] if spend["cost_per_attendee"] is not None else ""],
            ],
        ),
    ]
    return dict(
        zip(SHEETS, [summary, summit_sheet, appearance_sheet, feedback_sheet, interest_sheet, spend_sheet], strict=True)
    )


def sheet_rows(blocks: list[dict]) -> list[list]:
    """A sheet's blocks as plain rows: each block's title, header and rows, with a blank row between blocks."""
    rows = []
    for block in blocks:
        if rows:
            rows.append([])
        rows.append([block["title"]])
        rows.append(block["header"])
        rows.extend(block["rows"])
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def workbook_bytes(f: ReportFilter) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for name, blocks in report_sheets(f).items():
        sheet = workbook.create_sheet(name)
        row_number = 0
        for block in blocks:
            if row_number:
                row_number += 1
            row_number += 1
            sheet.cell(row=row_number, column=1, value=safe(block["title"])).font = Font(bold=True, size=12)
            row_number += 1
            for column, heading in enumerate(block["header"], start=1):
                sheet.cell(row=row_number, column=column, value=safe(heading)).font = bold
            for values in block["rows"]:
                row_number += 1
                for column, value in enumerate(values, start=1):
                    cell = sheet.cell(row=row_number, column=column, value=safe(value))
                    if isinstance(value, date):
                        cell.number_format = "yyyy-mm-dd"
                    elif isinstance(value, Decimal):
                        cell.number_format = "#,##0.00" if value.as_tuple().exponent == -2 else "#,##0.0"
        sheet.column_dimensions["A"].width = 36
        sheet.column_dimensions["B"].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe(_text(value)) for value in row])
    return buffer.getvalue()


def sheet_csv(f: ReportFilter, sheet: str) -> str:
    return csv_text(sheet_rows(report_sheets(f)[sheet]))


def csv_filename(sheet: str) -> str:
    return f"{sheet.lower()}.csv"


def csv_zip_bytes(f: ReportFilter) -> bytes:
    """Every sheet as its own CSV file (UTF-8 with a byte-order mark, so Excel reads £), in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blocks in report_sheets(f).items():
            archive.writestr(csv_filename(name), "\ufeff" + csv_text(sheet_rows(blocks)))
    return buffer.getvalue()


def report_basename(f: ReportFilter) -> str:
    return f"board-report-{f.start:%Y-%m-%d}-to-{f.last_day:%Y-%m-%d}"


INTEREST_HEADER = [
    "Raised on",
    "Name",
    "E-mail",
    "Phone",
    "Interests",
    "Source",
    "Summit",
    "Appearance",
    "Status",
    "Contacted on",
    "Applied on",
]


def interest_contacts_csv(f: ReportFilter) -> tuple[str, int]:
    """For coordinators: the people who expressed interest in the period, with their contact details (personal
    data: the caller records the export). Anonymised records are left out."""
    rows = [
        [
            interest.created_at.date(),
            interest.name,
            interest.email,
            interest.phone,
            "; ".join(interest.interests),
            interest.get_source_display(),
            interest.summit.title if interest.summit else "",
            interest.appearance.title if interest.appearance else "",
            interest.get_status_display(),
            interest.contacted_on or "",
            interest.applied_on or "",
        ]
        for interest in selectors.interests_in(f)
        .filter(anonymised_at__isnull=True)
        .select_related("summit", "appearance")
        .order_by("created_at", "pk")
    ]
    return "\ufeff" + csv_text([INTEREST_HEADER, *rows]), len(rows)
