"""The board report as tables: one source for the printable page, the XLSX workbook, the CSV files and the
``export_report`` command, so they always agree. Aggregates only: no person is named or counted alone.

Each sheet is a list of blocks ``{"title", "header", "rows"}``; a breakdown by a personal characteristic holds
the suppressed text ("<5"), never the count behind it. The two listings (summits held, appearances) grow with the
programme, so their rows are read lazily from the database: the downloads stream them (a server-side cursor, CSV
written a row at a time, the workbook in openpyxl's write-only mode to a temporary file), so an export's memory does
not grow with its rows (bench/RESULTS.md). The page shows the first ``limit`` rows of each with the total.
"""

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from btb.aggregates import cached_aggregate
from btb.spreadsheets import escape_formula

from . import selectors
from .outcomes import iter_summit_outcomes
from .periods import LONDON, ReportFilter

SHEETS = ("Summary", "Summits", "Appearances", "Feedback", "Interest", "Spend", "Evaluation")
CHUNK_ROWS = 1_000  # rows fetched from the server-side cursor at a time


def _pct(value) -> str:
    return "" if value is None else f"{value}%"


def _block(title, header, rows, total=None):
    return {"title": title, "header": header, "rows": rows, "total": total}


def _listing(title, header, queryset, to_row, limit):
    """A block whose rows come from ``queryset``: all of them, read in chunks (``limit`` None), or the first
    ``limit`` with the total (the page)."""
    if limit is None:
        return _block(title, header, (to_row(item) for item in queryset.iterator(chunk_size=CHUNK_ROWS)))
    shown = [to_row(item) for item in queryset[:limit]]
    return _block(title, header, shown, queryset.order_by().count())  # always counted: as many queries at any size


def _breakdown_blocks(title: str, breakdown: list[dict]) -> list[dict]:
    return [
        _block(
            f"{title}: {row['characteristic'].lower()}",
            [row["characteristic"], "People"],
            [[cell["label"], cell["display"]] for cell in row["cells"]],
        )
        for row in breakdown
    ]


SUMMIT_HEADER = [
    "Date",
    "Summit",
    "Borough",
    "Status",
    "Expected",
    "Tickets",
    "Checked in",
    "Attendance",
    "Attendance basis",
    "Estimated reach",
    "Planned (£)",
    "Actual (£)",
    "Actuals",
    "Cost per attendee (£)",
    "Cost per person reached (£)",
    "Survey responses",
    "Response rate",
    "See the police more positively",
    "Would recommend",
    "Expressions of interest",
    "Contacted",
    "Applied",
    "Joined",
]


def _blank(value):
    return "" if value is None else value


def _summit_row(outcome) -> list:
    """One summit's outcome (``outcomes.SummitOutcome``), as every page shows it."""
    return [
        outcome.starts_at.astimezone(LONDON).date() if outcome.starts_at else "",
        outcome.title,
        outcome.borough,
        outcome.status_label,
        _blank(outcome.expected),
        outcome.tickets,
        outcome.checked_in,
        _blank(outcome.attendance),
        outcome.attendance_basis or "not recorded",
        _blank(outcome.reach),
        outcome.planned_spend,
        _blank(outcome.actual_spend),
        outcome.actuals_note or "complete",
        _blank(outcome.cost_per_attendee),
        _blank(outcome.cost_per_person_reached),
        outcome.responses,
        _pct(outcome.response_rate),
        _pct(outcome.more_positive_share),
        _pct(outcome.recommend_share),
        outcome.interest_total,
        outcome.interest.get("contacted", 0),
        outcome.interest.get("applied", 0),
        outcome.interest.get("joined", 0),
    ]


def _survey_note(survey: dict) -> str:
    if survey["shown"]:
        return "shown"
    return f"withheld until {survey['minimum']} responses ({survey['responses']} so far)"


def _summit_listing(f: ReportFilter, limit):
    """The summits held in the period, one outcome a row: all of them a chunk at a time, or the first ``limit``
    with the total (the page)."""
    summits = selectors.summits_in(f)
    if limit is None:
        return _block("Summits held", SUMMIT_HEADER, (_summit_row(o) for o in iter_summit_outcomes(summits)))
    shown = [_summit_row(o) for o in iter_summit_outcomes(summits, limit=limit)]
    return _block("Summits held", SUMMIT_HEADER, shown, summits.order_by().count())


def _appearance_row(appearance) -> list:
    return [
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


def report_sheets(f: ReportFilter, *, limit: int | None = None) -> dict[str, list[dict]]:
    """The report's sheets; ``limit`` cuts each listing to its first rows (the page), None streams them all."""
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
                ["Attendance basis", summits["attendance_basis"]],
                ["Estimated reach", summits["reach"]],
                ["Media appearances", media["appearances"]],
                ["Views (latest)", media["views"]],
                ["Likes (latest)", media["likes"]],
                ["Comments (latest)", media["comments"]],
                ["Officers and staff taking part", people["people"]],
                ["Volunteer hours", people["volunteer_hours"]],
                ["Influencers engaged", people["influencers"]],
                ["Spend (£)", spend["total"]],
                ["Summit actuals", spend["actuals_note"] or "complete"],
                ["Cost per attendee (£)", _blank(spend["cost_per_attendee"])],
                ["Cost per attendee basis", spend["cost_basis"]],
                ["Survey response rate", _pct(survey["response_rate"])],
                ["See the police more positively", _pct(survey["more_positive_share"])],
                ["Would recommend", _pct(survey["recommend_share"])],
                ["Expressions of interest", interest["total"]],
                ["Joined", interest["joined"]],
            ],
        ),
        *_breakdown_blocks("Officers and staff taking part", people["diversity"]),
    ]

    summit_sheet = [_summit_listing(f, limit)]

    appearance_sheet = [
        _block(
            "By outlet kind",
            ["Outlet kind", "Appearances", "Views", "Likes", "Comments"],
            [[row["kind"], row["appearances"], row["views"], row["likes"], row["comments"]] for row in media["by_kind"]]
            + [["Total", media["appearances"], media["views"], media["likes"], media["comments"]]],
        ),
        _listing(
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
            selectors.appearance_rows(f),
            _appearance_row,
            limit,
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
                ["Shares", _survey_note(survey)],
                ["Answered the perception question", _blank(survey["perception_answers"])],
                ["See the police more positively", _blank(survey["more_positive"])],
                ["Share more positive", _pct(survey["more_positive_share"])],
                ["Answered the recommendation question", _blank(survey["recommend_answers"])],
                ["Would recommend", _blank(survey["recommend_yes"])],
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
                ["Summits (actuals recorded)", spend["summit_actual"]],
                ["Media appearances", spend["media_cost"]],
                ["Total spend", spend["total"]],
                ["Summit attendance", spend["attendance"]],
                ["Cost per attendee", _blank(spend["cost_per_attendee"])],
                ["Cost per attendee basis", spend["cost_basis"]],
                ["Summit actuals", spend["actuals_note"] or "complete"],
            ],
        ),
    ]
    sheets = [
        summary,
        summit_sheet,
        appearance_sheet,
        feedback_sheet,
        interest_sheet,
        spend_sheet,
        evaluation_sheet(f, limit),
    ]
    return dict(zip(SHEETS, sheets, strict=True))


EVALUATION_NOTE = (
    "Shares are of those who answered, with their 95% Wilson interval and n; a change is between two unlinked groups "
    "(before on arrival, after in the survey), with Newcombe's interval; fewer than 5 answers are not shown as a "
    "percentage. People who answer a survey are not a random sample of those who came, and the official figure "
    "(MOPAC Public Attitudes Survey, the borough's residents) describes a different population."
)


def _share_text(share) -> str:
    return "" if share is None else str(share)


def evaluation_sheet(f: ReportFilter, limit: int | None = None) -> list[dict]:
    """Each held summit's survey evidence and its standard measures before and after, beside the borough's
    official figure (feedback.selectors.evaluation_by_summit); the page shows the first ``limit`` summits."""
    from feedback.selectors import evaluation_by_summit

    every = evaluation_by_summit(selectors.summits_in(f))
    evaluations = every if limit is None else every[:limit]
    return [
        _block("How to read these figures", ["Note", ""], [[EVALUATION_NOTE, ""]]),
        _block(
            "Strength of evidence by summit",
            ["Summit", "Date", "Borough", "Evidence", "Responses after", "Answers before"],
            [
                [
                    e["summit"].title,
                    e["summit"].starts_at.date() if e["summit"].starts_at else "",
                    str(e["summit"].borough or ""),
                    e["evidence"]["label"],
                    e["after_total"],
                    e["before_total"],
                ]
                for e in evaluations
            ],
            len(every),
        ),
        _block(
            "Standard measures: share answering positively",
            ["Summit", "Measure", "Before", "After", "Change", "Official figure"],
            [
                [
                    e["summit"].title,
                    f"{row['question'].standard.source_code}: {row['question'].text}",
                    _share_text(row["before"]) or "not asked or too few answers",
                    _share_text(row["after"]),
                    _share_text(row["change"]),
                    f"{row['official'].percent}% (PAS, 12 months to {row['official'].period_end:%b %Y})"
                    if row["official"]
                    else "",
                ]
                for e in evaluations
                for row in e["rows"]
            ],
        ),
    ]


def sheet_rows(blocks: list[dict]) -> Iterator[list]:
    """A sheet's blocks as plain rows: each block's title, header and rows, with a blank row between blocks."""
    for index, block in enumerate(blocks):
        if index:
            yield []
        yield [block["title"]]
        yield block["header"]
        yield from block["rows"]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _styled(sheet, value, font=None):
    cell = WriteOnlyCell(sheet, value=escape_formula(value))
    if font is not None:
        cell.font = font
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, Decimal):
        cell.number_format = "#,##0.00" if value.as_tuple().exponent == -2 else "#,##0.0"
    return cell


def workbook_write(f: ReportFilter, handle) -> None:
    """The workbook, written to ``handle`` (a binary file) in write-only mode: rows go to disk as they come."""
    workbook = Workbook(write_only=True)
    title_font, bold = Font(bold=True, size=12), Font(bold=True)
    for name, blocks in report_sheets(f).items():
        sheet = workbook.create_sheet(name)
        sheet.column_dimensions["A"].width = 36
        sheet.column_dimensions["B"].width = 28
        for index, block in enumerate(blocks):
            if index:
                sheet.append([])
            sheet.append([_styled(sheet, block["title"], title_font)])
            sheet.append([_styled(sheet, heading, bold) for heading in block["header"]])
            for values in block["rows"]:
                sheet.append([_styled(sheet, value) for value in values])
    workbook.save(handle)


def workbook_file(f: ReportFilter):
    """The workbook in a temporary file (deleted when closed), at its start, for streaming to the browser."""
    handle = tempfile.TemporaryFile()
    try:
        workbook_write(f, handle)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle


class _Line:
    """A file-like object whose ``write`` returns what it was given, so ``csv.writer`` yields one line at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Line())
    for row in rows:
        yield writer.writerow([escape_formula(_text(value)) for value in row])


def csv_text(rows: Iterable[list]) -> str:
    return "".join(csv_lines(rows))


def sheet_csv_lines(f: ReportFilter, sheet: str) -> Iterator[str]:
    """One sheet as CSV lines, starting with a byte-order mark so that Excel reads £."""
    yield "\ufeff"
    yield from csv_lines(sheet_rows(report_sheets(f)[sheet]))


def csv_filename(sheet: str) -> str:
    return f"{sheet.lower()}.csv"


def csv_zip_write(f: ReportFilter, handle) -> None:
    """Every sheet as its own CSV file (UTF-8 with a byte-order mark), written one line at a time into a zip."""
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blocks in report_sheets(f).items():
            with (
                archive.open(csv_filename(name), "w") as member,
                io.TextIOWrapper(member, encoding="utf-8-sig", newline="") as text,
            ):
                for line in csv_lines(sheet_rows(blocks)):
                    text.write(line)


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
            "; ".join(interest.interest_labels),
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
