"""The board report as tidy tables: one source for the printable page, the XLSX workbook, the CSV files and the
``export_report`` command, so they always agree. Aggregates only: no person is named or counted alone.

Each table is one header row then records, so an analyst can filter, pivot and chart it: one table per sheet of
the workbook and per CSV file, no title rows, no totals mixed into the records (the totals are figures of the
Summary table). Every column has a kind (text, date, count, money, percent, decimal) that decides how a value is
stored and shown, written once here:

- workbook: numbers stored as numbers with a number format (money ``"£"#,##0.00``, percent ``0.0%`` of a fraction,
  counts ``#,##0``); an unknown figure is an empty cell, never text in a numeric column;
- CSV: plain numbers with fixed decimals (money 2, percent and hours 1, counts none), the unit in the header;
- page: £1,250.00, 1,250, 38.9%.

A breakdown by a personal characteristic never holds the count behind a suppressed cell: its People cell is empty
and its Suppressed column says so.

The two listings (summits held, appearances) grow with the programme, so their rows are read lazily from the
database: the downloads stream them (a server-side cursor, CSV written a row at a time, the workbook in openpyxl's
write-only mode to a temporary file), so an export's memory does not grow with its rows (bench/RESULTS.md). The page
shows the first ``limit`` rows of each with the total.

Where the figures come from: ``_period_figures`` (the period's figures) and ``_summit_record`` (one summit's row).
"""

import csv
import io
import itertools
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from btb.aggregates import cached_aggregate, cached_aggregates, model_scope
from btb.spreadsheets import escape_formula
from btb.suppression import HIDDEN, THRESHOLD

from . import rollup, selectors
from .outcomes import iter_summit_outcomes
from .periods import LONDON, ReportFilter

CHUNK_ROWS = 1_000  # rows fetched from the server-side cursor at a time
PRODUCT = "Behind the Badge"

# --- Kinds of value ---------------------------------------------------------------------------------------------------

TEXT, DATE, COUNT, MONEY, PERCENT, DECIMAL = "text", "date", "count", "money", "percent", "decimal"
UNIT = "unit"  # the kind is named by the row's Unit cell (the Summary's Value column)
NUMERIC = {COUNT, MONEY, PERCENT, DECIMAL}
NUMBER_FORMATS = {
    DATE: "yyyy-mm-dd",
    COUNT: "#,##0",
    MONEY: '"£"#,##0.00',
    PERCENT: "0.0%",
    DECIMAL: "#,##0.0",
}
# The Summary's Unit column, and the kind of value each unit means.
UNITS = {"number": COUNT, "£": MONEY, "%": PERCENT, "hours": DECIMAL}
_UNIT_OF_KIND = {kind: unit for unit, kind in UNITS.items()}
_PLACES = {MONEY: Decimal("0.01"), PERCENT: Decimal("0.1"), DECIMAL: Decimal("0.1")}


def _number(value, kind):
    """``value`` as the number the kind stores (fixed decimals), or None."""
    if value is None or value == "":
        return None
    if kind == COUNT:
        return int(value)
    return Decimal(value).quantize(_PLACES[kind])


def csv_value(value, kind) -> str:
    """A value as written in a CSV file: plain numbers with the kind's decimals, ISO dates."""
    if kind in NUMERIC:
        number = _number(value, kind)
        return "" if number is None else str(number)
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def display(value, kind) -> str:
    """A value as the page shows it: £1,250.00, 1,250, 38.9%, 3.5, 1 Feb 2025; an unknown figure as an en dash."""
    if kind in NUMERIC:
        number = _number(value, kind)
        if number is None:
            return "–"
        if kind == MONEY:
            return f"-£{-number:,.2f}" if number < 0 else f"£{number:,.2f}"
        if kind == PERCENT:
            return f"{number:,.1f}%"
        if kind == DECIMAL:
            return f"{number:,.1f}"
        return f"{number:,}"
    if isinstance(value, (date, datetime)):
        return f"{value:%-d %b %Y}"
    return "" if value is None else str(value)


# --- Tables -----------------------------------------------------------------------------------------------------------


# Every table by its slug (its CSV file, ``board/<slug>.csv``) with its sheet's name, in the workbook's order.
TABLES = {
    "about": "About",
    "summary": "Summary",
    "summits": "Summits",
    "media-by-kind": "Media by kind",
    "appearances": "Appearances",
    "diversity": "Diversity",
    "interest-funnel": "Interest funnel",
    "interest-sources": "Interest sources",
    "spend-by-category": "Spend by category",
    "evidence": "Evidence",
    "standard-measures": "Standard measures",
    "recruitment-messages": "Recruitment messages",
}
SHEETS = tuple(TABLES.values())


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    short: str = ""  # the printed page's heading, where a dozen columns must fit across A4
    on_page: bool = True  # False: in the workbook and the CSV only (the page fits thirteen columns across A4)

    @property
    def page_name(self) -> str:
        return self.short or self.name


@dataclass
class Table:
    """One tidy table: ``slug`` names its CSV file and (through ``TABLES``) its workbook sheet, ``section`` the part
    of the board page it is printed in."""

    slug: str
    title: str
    section: str
    columns: list[Column]
    rows: Iterable[list]
    total: int | None = None  # the listing's row count, when the page shows only its first rows
    note: str = ""
    unit_index: int | None = field(default=None)

    @property
    def sheet(self) -> str:
        return TABLES[self.slug]

    def kinds(self, row: list) -> list[str]:
        kinds = [column.kind for column in self.columns]
        if UNIT in kinds:
            unit_kind = UNITS.get(row[self.unit_index], TEXT)
            kinds = [unit_kind if kind == UNIT else kind for kind in kinds]
        return kinds


def _listing(queryset, to_row: Callable, limit: int | None) -> tuple[Iterable[list], int | None]:
    """Rows from ``queryset``: all of them, read in chunks (``limit`` None), or the first ``limit`` with the total
    (the page)."""
    if limit is None:
        return (to_row(item) for item in queryset.iterator(chunk_size=CHUNK_ROWS)), None
    shown = [to_row(item) for item in queryset[:limit]]
    return shown, queryset.order_by().count()  # always counted: as many queries at any size


def _listing_cached(name: str, f: ReportFilter, queryset, to_row: Callable, limit: int | None, scopes):
    """``_listing``; the page's first rows are cached under what the listings read."""
    if limit is None:
        return _listing(queryset, to_row, limit)
    return cached_aggregate(
        f"reports.listing.{name}",
        (selectors.filter_key(f), limit),
        lambda: _listing(queryset, to_row, limit),
        scopes=scopes,
    )


# --- Where the figures come from --------------------------------------------------------------------------------------


def _period_figures(f: ReportFilter) -> dict:
    """The period's figures (the dashboard's): the one place to point at another selector."""
    return rollup.dashboard(f)


def _summit_record(outcome) -> list:
    """One summit's outcome (``outcomes.SummitOutcome``), as every page shows it."""
    return [
        outcome.starts_at.astimezone(LONDON).date() if outcome.starts_at else None,
        outcome.title,
        outcome.borough,
        outcome.status_label,
        outcome.expected,
        outcome.tickets,
        outcome.checked_in,
        outcome.attendance,
        outcome.attendance_basis or "not recorded",
        outcome.reach,
        outcome.planned_spend,
        outcome.actual_spend,
        outcome.actuals_note or "complete",
        outcome.cost_per_attendee,
        outcome.cost_per_person_reached,
        outcome.responses,
        outcome.response_rate,
        outcome.more_positive_share,
        outcome.recommend_share,
        outcome.interest_total,
        outcome.interest.get("contacted", 0),
        outcome.interest.get("applied", 0),
        outcome.interest.get("joined", 0),
    ]


SUMMIT_COLUMNS = [
    Column("Date", DATE),
    Column("Summit"),
    Column("Borough"),
    Column("Status", on_page=False),
    Column("Expected", COUNT),
    Column("Tickets", COUNT),
    Column("Checked in", COUNT),
    Column("Attendance", COUNT),
    Column("Attendance basis", on_page=False),
    Column("Estimated reach", COUNT, short="Reach"),
    Column("Planned (£)", MONEY),
    Column("Actual (£)", MONEY),
    Column("Actuals", on_page=False),
    Column("Cost per attendee (£)", MONEY),
    Column("Cost per person reached (£)", MONEY, on_page=False),
    Column("Survey responses", COUNT),
    Column("Response rate (%)", PERCENT, on_page=False),
    Column("See the police more positively (%)", PERCENT, on_page=False),
    Column("Would recommend (%)", PERCENT, on_page=False),
    Column("Expressions of interest", COUNT),
    Column("Contacted", COUNT, on_page=False),
    Column("Applied", COUNT, on_page=False),
    Column("Joined", COUNT, on_page=False),
]


def _summit_listing(f: ReportFilter, limit: int | None):
    """The summits held in the period, one outcome a row: all of them a chunk at a time, or the first ``limit``
    with the total (the page)."""
    summits = selectors.summits_in(f)
    if limit is None:
        return (_summit_record(o) for o in iter_summit_outcomes(summits, chunk_size=CHUNK_ROWS)), None
    shown = [_summit_record(o) for o in iter_summit_outcomes(summits, limit=limit)]
    return shown, summits.order_by().count()


def _appearance_record(appearance) -> list:
    return [
        appearance.starts_at.date(),
        appearance.title,
        appearance.outlet.name,
        appearance.outlet.get_kind_display(),
        appearance.get_status_display(),
        appearance.participant_count,
        appearance.latest_views,
        appearance.latest_likes,
        appearance.latest_comments,
        appearance.cost,
        appearance.officer_hours,
    ]


APPEARANCE_COLUMNS = [
    Column("Date", DATE),
    Column("Title"),
    Column("Outlet"),
    Column("Kind"),
    Column("Status"),
    Column("Officers taking part", COUNT),
    Column("Views", COUNT),
    Column("Likes", COUNT),
    Column("Comments", COUNT),
    Column("Cost (£)", MONEY),
    Column("Officer hours", DECIMAL),
]


def _figure(section: str, label: str, value, kind: str, note: str = "") -> list:
    if value is None and not note:
        note = "No figure for this period."
    return [section, label, value, _UNIT_OF_KIND[kind], note]


def _summary_rows(figures: dict) -> list[list]:
    summits, media, people = figures["summits"], figures["media"], figures["people"]
    spend, survey, interest = figures["spend"], figures["survey"], figures["interest"]
    no_attendance = "" if spend["cost_per_attendee"] is not None else "No attendance recorded."
    no_invitations = "" if survey["response_rate"] is not None else "No invitations sent."
    withheld = (
        "" if survey.get("shown", True) else f"Withheld until {THRESHOLD} responses ({survey['responses']} so far)."
    )
    return [
        _figure("Summits", "Summits held", summits["held"], COUNT),
        _figure("Summits", "Tickets issued", summits["tickets"], COUNT),
        _figure("Summits", "Checked in", summits["checked_in"], COUNT),
        _figure("Summits", "Attendance", summits["attendance"], COUNT),
        _figure("Summits", "Estimated reach", summits["reach"], COUNT),
        _figure("Media", "Media appearances", media["appearances"], COUNT),
        _figure("Media", "Views (latest)", media["views"], COUNT),
        _figure("Media", "Likes (latest)", media["likes"], COUNT),
        _figure("Media", "Comments (latest)", media["comments"], COUNT),
        _figure("People", "Officers and staff taking part", people["people"], COUNT),
        _figure("People", "Volunteer hours", people["volunteer_hours"], DECIMAL),
        _figure("People", "Influencers engaged", people["influencers"], COUNT),
        _figure("Spend", "Summits planned", spend["summit_planned"], MONEY),
        _figure("Spend", "Summits actual", spend["summit_actual"], MONEY),
        _figure("Spend", "Media appearances", spend["media_cost"], MONEY),
        _figure("Spend", "Total spend", spend["total"], MONEY),
        _figure("Spend", "Cost per attendee", spend["cost_per_attendee"], MONEY, no_attendance),
        _figure("Survey", "Invitations sent", survey["invited"], COUNT),
        _figure("Survey", "Invitations answered", survey["responded"], COUNT),
        _figure("Survey", "Response rate", survey["response_rate"], PERCENT, no_invitations),
        _figure("Survey", "Responses (including on the day)", survey["responses"], COUNT),
        _figure("Survey", "Answered the perception question", survey["perception_answers"], COUNT, withheld),
        _figure("Survey", "See the police more positively", survey["more_positive"], COUNT, withheld),
        _figure("Survey", "Share more positive", survey["more_positive_share"], PERCENT, withheld),
        _figure("Survey", "Answered the recommendation question", survey["recommend_answers"], COUNT, withheld),
        _figure("Survey", "Would recommend", survey["recommend_yes"], COUNT, withheld),
        _figure("Survey", "Share who would recommend", survey["recommend_share"], PERCENT, withheld),
        _figure("Interest", "Expressions of interest", interest["total"], COUNT),
        _figure("Interest", "Contacted", interest["contacted"], COUNT),
        _figure("Interest", "Applied", interest["applied"], COUNT),
        _figure("Interest", "Joined", interest["joined"], COUNT),
        _figure("Interest", "Not proceeding", interest["not_proceeding"], COUNT),
    ]


def _diversity_rows(group: str, breakdown: list[dict]) -> list[list]:
    return [
        [group, row["characteristic"], cell["label"], cell["value"], "Yes" if cell["value"] is None else ""]
        for row in breakdown
        for cell in row["cells"]
    ]


SUPPRESSION_RULE = (
    f"Counts under 5 by a personal characteristic are not given (People empty, Suppressed Yes; “{HIDDEN}” on the page)."
)
SECONDARY_RULE = "Where one count alone would be hidden, the next smallest is hidden too: none follows from the total."
SUPPRESSION_NOTE = f"{SUPPRESSION_RULE} {SECONDARY_RULE}"


def protective_marking() -> str:
    return settings.BTB_PROTECTIVE_MARKING


def report_title(f: ReportFilter) -> str:
    return f"{PRODUCT}: report to the board, {f.description}"


def report_tables(f: ReportFilter, *, limit: int | None = None, figures: dict | None = None) -> list[Table]:
    """The report's tables; ``limit`` cuts each listing to its first rows (the page), None streams them all.
    ``figures``: the period's figures when the caller has them already."""
    figures = figures or _period_figures(f)
    media, people = figures["media"], figures["people"]
    spend, survey, interest = figures["spend"], figures["survey"], figures["interest"]
    if limit is None or "outcomes" not in figures or limit > rollup.OUTCOMES_LISTED:
        summit_rows, summit_total = _summit_listing(f, limit)
    else:  # the page: the first outcomes of the period, already cached one summit at a time
        summit_rows = [_summit_record(outcome) for outcome in figures["outcomes"][:limit]]
        summit_total = figures["outcome_total"]
    appearances = selectors.appearance_rows(f)
    appearance_rows, appearance_total = _listing_cached(
        "appearances", f, appearances, _appearance_record, limit, rollup.APPEARANCE_LISTING_SCOPES
    )
    return [
        Table(
            "about",
            "About this report",
            "About",
            [Column("Field"), Column("Value")],
            [
                ["Report", report_title(f)],
                ["Period", f.label],
                ["From", f.start.isoformat()],
                ["To", f.last_day.isoformat()],
                ["Borough", str(f.borough) if f.borough else "All"],
                ["Community", str(f.community) if f.community else "All"],
                ["Protective marking", protective_marking()],
                ["Suppression", SUPPRESSION_RULE],
                ["Secondary suppression", SECONDARY_RULE],
            ],
        ),
        Table(
            "summary",
            "Headline figures",
            "Summary",
            [Column("Section"), Column("Figure"), Column("Value", UNIT), Column("Unit"), Column("Note")],
            _summary_rows(figures),
            unit_index=3,
        ),
        Table("summits", "Summits held", "Summits", SUMMIT_COLUMNS, summit_rows, summit_total),
        Table(
            "media-by-kind",
            "Media appearances by outlet kind",
            "Media",
            [
                Column("Outlet kind"),
                Column("Appearances", COUNT),
                Column("Views", COUNT),
                Column("Likes", COUNT),
                Column("Comments", COUNT),
            ],
            [
                [row["kind"], row["appearances"], row["views"], row["likes"], row["comments"]]
                for row in media["by_kind"]
            ],
        ),
        Table(
            "appearances",
            "Media appearances",
            "Media",
            APPEARANCE_COLUMNS,
            appearance_rows,
            appearance_total,
        ),
        Table(
            "diversity",
            "Who took part and who answered, by personal characteristic",
            "People",
            [
                Column("Group"),
                Column("Characteristic"),
                Column("Category"),
                Column("People", COUNT),
                Column("Suppressed"),
            ],
            _diversity_rows("Officers and staff taking part", people["diversity"])
            + _diversity_rows("Survey respondents", survey["diversity"]),
            note=SUPPRESSION_NOTE,
        ),
        Table(
            "interest-funnel",
            "Expressions of interest by stage",
            "Interest",
            [Column("Stage"), Column("People", COUNT), Column("Share (%)", PERCENT)],
            [[row["stage"], row["count"], row["share"]] for row in interest["funnel"]]
            + [
                [
                    "Not proceeding",
                    interest["not_proceeding"],
                    selectors.percent(interest["not_proceeding"], interest["total"]),
                ]
            ],
        ),
        Table(
            "interest-sources",
            "Expressions of interest by source",
            "Interest",
            [Column("Source"), Column("People", COUNT)],
            [[row["source"], row["count"]] for row in interest["by_source"]],
        ),
        Table(
            "spend-by-category",
            "Summit budgets by category",
            "Spend",
            [Column("Category"), Column("Planned (£)", MONEY), Column("Actual (£)", MONEY)],
            [[row["category"], row["planned"], row["actual"]] for row in spend["by_category"]],
        ),
        *evaluation_tables(f, limit, figures=figures),
    ]


EVALUATION_NOTE = (
    "Shares are of those who answered, with their 95% Wilson interval and n; a change is between two unlinked groups "
    "(before on arrival, after in the survey), in percentage points with Newcombe's interval; fewer than 5 answers "
    "are not shown as a percentage. People who answer a survey are not a random sample of those who came, and the "
    "official figure (MOPAC Public Attitudes Survey, the borough's residents) describes a different population."
)
EVIDENCE_COLUMNS = [
    Column("Summit"),
    Column("Date", DATE),
    Column("Borough"),
    Column("Evidence"),
    Column("Responses after", COUNT),
    Column("Answers before", COUNT),
]
MEASURE_COLUMNS = [
    Column("Summit"),
    Column("Code"),
    Column("Measure", on_page=False),
    Column("Before"),
    Column("Before (%)", PERCENT, on_page=False),
    Column("Before low (%)", PERCENT, on_page=False),
    Column("Before high (%)", PERCENT, on_page=False),
    Column("Before n", COUNT, on_page=False),
    Column("After"),
    Column("After (%)", PERCENT, on_page=False),
    Column("After low (%)", PERCENT, on_page=False),
    Column("After high (%)", PERCENT, on_page=False),
    Column("After n", COUNT, on_page=False),
    Column("Change"),
    Column("Change (points)", DECIMAL, on_page=False),
    Column("Change low", DECIMAL, on_page=False),
    Column("Change high", DECIMAL, on_page=False),
    Column("Official figure"),
    Column("Official (%)", PERCENT, on_page=False),
    Column("Official period end", DATE, on_page=False),
]


def _share_cells(share) -> list:
    """A share as its sentence (interval and n, or "too few answers") and as numbers an analyst can use."""
    if share is None:
        return ["not asked or too few answers", None, None, None, None]
    return [str(share), share.percent, share.low, share.high, share.n]


def _measure_record(evaluation: dict, row: dict) -> list:
    question, change, official = row["question"], row["change"], row["official"]
    interval = change.interval if change is not None else None
    return [
        evaluation["summit"].title,
        question.standard.source_code,
        question.text,
        *_share_cells(row["before"]),
        *_share_cells(row["after"]),
        str(change) if change is not None else "",
        change.points if change is not None else None,
        interval[0] if interval else None,
        interval[1] if interval else None,
        f"{official.percent}% (PAS, 12 months to {official.period_end:%b %Y})" if official else "",
        official.percent if official else None,
        official.period_end if official else None,
    ]


RECRUITMENT_NOTE = (
    "The interest form shows one message at random on each visit; an expression of interest records only the "
    "message it saw. Each conversion has its 95% Wilson interval and n; where intervals overlap, the data cannot yet "
    "tell the messages apart."
)
RECRUITMENT_COLUMNS = [
    Column("Message"),
    Column("Form shown", COUNT),
    Column("Expressed interest", COUNT),
    Column("Interest"),
    Column("Interest (%)", PERCENT, on_page=False),
    Column("Interest low (%)", PERCENT, on_page=False),
    Column("Interest high (%)", PERCENT, on_page=False),
    Column("Applied or joined", COUNT),
    Column("Applied"),
    Column("Applied (%)", PERCENT, on_page=False),
    Column("Applied low (%)", PERCENT, on_page=False),
    Column("Applied high (%)", PERCENT, on_page=False),
    Column("Joined", COUNT),
    Column("Joined of interest"),
    Column("Joined (%)", PERCENT, on_page=False),
    Column("Joined low (%)", PERCENT, on_page=False),
    Column("Joined high (%)", PERCENT, on_page=False),
]


def _conversion_cells(share) -> list:
    """A conversion as its sentence and as numbers (the n is the count column before it); none when nobody was
    shown the message or nobody went on from it."""
    return ["none to count", None, None, None] if share is None else _share_cells(share)[:4]


def recruitment_rows(f: ReportFilter) -> list[dict]:
    """The recruitment message trial over the period (feedback.selectors.recruitment_variants), cached: the
    dashboard and every table read these rows."""
    from feedback.selectors import recruitment_variants

    return cached_aggregate(
        "reports.recruitment_variants",
        selectors.filter_key(f),
        lambda: recruitment_variants(selectors.interests_in(f), shown_from=f.start, shown_to=f.last_day),
    )


def recruitment_table(f: ReportFilter) -> Table:
    rows = [
        [
            row["label"],
            row["shown"],
            row["interests"],
            *_conversion_cells(row["interest_share"]),
            row["applied"],
            *_conversion_cells(row["applied_share"]),
            row["joined"],
            *_conversion_cells(row["joined_share"]),
        ]
        for row in recruitment_rows(f)
    ]
    return Table(
        "recruitment-messages",
        "Recruitment messages compared",
        "Evaluation",
        RECRUITMENT_COLUMNS,
        rows,
        note=RECRUITMENT_NOTE,
    )


# What a summit's evaluation reads beyond its own rows (the summit, its survey, questions and answers after, whose
# changes move the summit's and the survey's scopes): the answers before, the official figures, the borough's name.
EVALUATION_SCOPES = tuple(
    model_scope(label)
    for label in (
        "feedback.baselineresponse",
        "feedback.officialfigure",
        "feedback.standardmeasure",
        "accounts.borough",
    )
)


def _evaluation_parts(pks: list) -> dict:
    """Each summit's evidence row and its standard-measure records (``feedback.selectors.evaluation_by_summit``),
    by summit; None for a summit without a survey."""
    from events.models import Summit
    from feedback.selectors import evaluation_by_summit

    parts = dict.fromkeys(pks)
    for e in evaluation_by_summit(Summit.objects.filter(pk__in=pks)):
        summit = e["summit"]
        evidence = [
            summit.title,
            summit.starts_at.astimezone(LONDON).date() if summit.starts_at else None,
            str(summit.borough or ""),
            e["evidence"]["label"],
            e["after_total"],
            e["before_total"],
        ]
        parts[summit.pk] = (evidence, [_measure_record(e, row) for row in e["rows"]])
    return parts


def evaluation_tables(f: ReportFilter, limit: int | None = None, *, figures: dict | None = None) -> list[Table]:
    """Each held summit's survey evidence and its standard measures before and after, beside the borough's
    official figure (feedback.selectors.evaluation_by_summit); the page shows the first ``limit`` summits.
    Each summit's part is cached under its own scopes (as the dashboard's are), so a change to one summit recounts
    that summit's answers, not the period's. ``figures``: the period's figures when the caller has them already."""
    summits = figures["period_summits"] if figures else rollup.period_summits(f)
    # Every summit with a survey has its evidence row; the page reads the parts of the first ones only.
    with_survey = [summit for summit in summits if summit["survey_pk"] is not None]
    total = len(with_survey) if limit is not None else None
    chosen = with_survey if limit is None else with_survey[:limit]
    items = {pk: (*scopes, *EVALUATION_SCOPES) for pk, scopes in rollup.summit_items(chosen).items()}
    known = figures.get("generations") if figures else None
    parts = cached_aggregates("reports.evaluation_parts", items, _evaluation_parts, known=known)
    shown = [parts[summit["pk"]] for summit in chosen if parts[summit["pk"]] is not None]
    evidence = [part[0] for part in shown]
    measures = [part[1] for part in shown]
    measures = [record for records in measures for record in records]
    return [
        Table(
            "evidence",
            "Strength of evidence by summit",
            "Evaluation",
            EVIDENCE_COLUMNS,
            evidence,
            total,
            note=EVALUATION_NOTE,
        ),
        Table(
            "standard-measures",
            "Standard measures: share answering positively",
            "Evaluation",
            MEASURE_COLUMNS,
            measures,
            note=EVALUATION_NOTE,
        ),
        recruitment_table(f),
    ]


WIDE_SECTIONS = {"Summits", "Media", "Evaluation"}  # many columns, or sentences: full width, smaller type


def _page_table(slug, title, columns: list[Column], rows: list[list], kinds=None, total=None, note="") -> dict:
    """A table as the page prints it: each cell's text and whether it is a number (right aligned). ``kinds`` is
    each row's kinds (a function), or the Value kind by row label (a dict), or the columns' kinds."""
    if isinstance(kinds, dict):
        by_label = kinds
        kinds = lambda row: [TEXT, by_label[row[0]]]  # noqa: E731
    kinds = kinds or (lambda row: [column.kind for column in columns])
    pairs = [(row, kinds(row)) for row in rows]
    shown = [index for index, column in enumerate(columns) if column.on_page]
    if len(shown) < len(columns):
        pairs = [([row[i] for i in shown], [kind[i] for i in shown]) for row, kind in pairs]
        columns = [columns[i] for i in shown]
    return {
        "slug": slug,
        "title": title,
        "columns": [
            {"name": column.page_name, "numeric": column.kind in NUMERIC or column.kind == UNIT} for column in columns
        ],
        "rows": [
            [
                {"text": display(value, kind), "numeric": kind in NUMERIC}
                for value, kind in zip(row, row_kinds, strict=True)
            ]
            for row, row_kinds in pairs
        ],
        "total": total,
        "note": note,
    }


def _summary_page_tables(table: Table) -> list[dict]:
    """The headline figures as a small figure/value table per section, each note beside its figure."""
    by_section: dict[str, list[list]] = {}
    for section, label, value, unit, note in table.rows:
        by_section.setdefault(section, []).append([f"{label} ({note})" if note else label, value, UNITS[unit]])
    return [
        _page_table(
            f"summary-{section.lower()}",
            section,
            [Column("Figure"), Column("Value", UNIT)],
            [row[:2] for row in rows],
            kinds=dict(zip((row[0] for row in rows), (row[2] for row in rows), strict=True)),
        )
        for section, rows in by_section.items()
    ]


def _diversity_page_tables(table: Table) -> list[dict]:
    """Each breakdown as its own small table; a suppressed cell reads “<5”."""
    groups: dict[tuple, list[list]] = {}
    for group, characteristic, category, people, suppressed in table.rows:
        groups.setdefault((group, characteristic), []).append([category, HIDDEN if suppressed else people])
    tables = []
    for (group, characteristic), rows in groups.items():
        shown = _page_table(
            f"diversity-{len(tables)}",
            f"{group}: {characteristic.lower()}",
            [Column(characteristic), Column("People", COUNT)],
            rows,
            kinds=lambda row: [TEXT, TEXT if row[1] == HIDDEN else COUNT],
        )
        for row in shown["rows"]:
            row[1]["numeric"] = True
        tables.append(shown)
    return tables


def evaluation_page_tables(f: ReportFilter, *, limit: int, figures: dict | None = None) -> list[dict]:
    """The evaluation's evidence and standard-measures tables as the dashboard shows them: the board page's tables,
    from the same rows (the dashboard shows the recruitment messages from ``recruitment_rows`` its own way)."""
    return [
        _page_table(table.slug, table.title, table.columns, list(table.rows), table.kinds, table.total, table.note)
        for table in evaluation_tables(f, limit, figures=figures)
        if table.slug != "recruitment-messages"
    ]


def page_sections(f: ReportFilter, *, limit: int, figures: dict | None = None) -> list[dict]:
    """The board page's sections, each with its tables ready to print (the About table is the page's head)."""
    sections: dict[str, dict] = {}
    for table in report_tables(f, limit=limit, figures=figures):
        if table.slug == "about":
            continue
        section = sections.setdefault(
            table.section, {"name": table.section, "wide": table.section in WIDE_SECTIONS, "tables": []}
        )
        if table.slug == "summary":
            section["tables"] += _summary_page_tables(table)
        elif table.slug == "diversity":
            section["note"] = table.note
            section["tables"] += _diversity_page_tables(table)
        else:
            if table.note and table.note not in section.get("note", ""):  # the evaluation's two notes, say
                section["note"] = f"{section['note']} {table.note}" if section.get("note") else table.note
            section["tables"].append(
                _page_table(table.slug, table.title, table.columns, list(table.rows), table.kinds, table.total)
            )
    return list(sections.values())


# --- The workbook -----------------------------------------------------------------------------------------------------

WIDTH_SAMPLE_ROWS = 500  # rows read ahead to fit the column widths; the rest stream after them
MAX_WIDTH = 60


def _cell(sheet, value, kind, font=None):
    if kind in NUMERIC:
        number = _number(value, kind)
        if kind == PERCENT and number is not None:
            number = number / 100  # a fraction, shown as a percentage by the format
        value = number
    elif kind == DATE and isinstance(value, str) and value:
        value = date.fromisoformat(value)
    if isinstance(value, Promise):  # a label marked for translation, written in the export's language
        value = str(value)
    cell = WriteOnlyCell(sheet, value=escape_formula(value))
    if value is not None and kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]
    if font is not None:
        cell.font = font
    return cell


HEADER_WRAP = 12  # a number's heading wraps onto a second line rather than widen its column


def _widths(table: Table, sample: list[list]) -> list[float]:
    """Each column as wide as its widest value in the first rows (plus the filter button), its heading wrapped."""
    widths = [
        min(len(column.name), HEADER_WRAP if column.kind in NUMERIC | {UNIT} else MAX_WIDTH) + 3
        for column in table.columns
    ]
    for row in sample:
        for index, (value, kind) in enumerate(zip(row, table.kinds(row), strict=True)):
            text = display(value, kind) if kind != DATE else "2000-00-00"
            widths[index] = max(widths[index], len(text) + 2)
    return [min(width, MAX_WIDTH * 2 if table.slug == "about" else MAX_WIDTH) for width in widths]


def _print_setup(sheet, title: str) -> None:
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    marking = protective_marking().replace("&", "&&")
    sheet.oddHeader.left.text = marking
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddHeader.right.text = marking
    sheet.oddFooter.left.text = f"Printed {timezone.localdate():%-d %B %Y}"
    sheet.oddFooter.center.text = marking
    sheet.oddFooter.right.text = "Page &P of &N"


# The files are a contract other tools read (design.md section 5): their headers and labels stay in English whatever
# language the person asking reads the pages in.
EXPORT_LANGUAGE = "en-gb"


@translation.override(EXPORT_LANGUAGE)
def workbook_write(f: ReportFilter, handle) -> None:
    """The workbook, written to ``handle`` (a binary file) in write-only mode: rows go to disk as they come."""
    workbook = Workbook(write_only=True)
    title = report_title(f)
    workbook.properties.title = title
    workbook.properties.subject = f"Board report for {f.label}"
    workbook.properties.creator = PRODUCT
    workbook.properties.lastModifiedBy = PRODUCT
    workbook.properties.keywords = protective_marking()
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE3EA")
    left_wrap = Alignment(wrap_text=True, vertical="top")
    right_wrap = Alignment(wrap_text=True, vertical="top", horizontal="right")
    for table in report_tables(f):
        sheet = workbook.create_sheet(table.sheet)
        rows = iter(table.rows)
        sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
        widths = _widths(table, sample)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        _print_setup(sheet, f"{title}: {table.title}")
        header = []
        for column in table.columns:
            cell = _cell(sheet, column.name, TEXT, bold)
            cell.fill = header_fill
            cell.alignment = right_wrap if column.kind in NUMERIC | {UNIT} else left_wrap
            header.append(cell)
        lines = max(
            -(-len(column.name) // max(int(width) - 3, 1)) for column, width in zip(table.columns, widths, strict=True)
        )
        sheet.row_dimensions[1].height = 15 * max(lines, 1)  # a wrapped heading's lines, as spreadsheets size none
        sheet.append(header)
        count = 0
        for values in itertools.chain(sample, rows):
            cells = [_cell(sheet, value, kind) for value, kind in zip(values, table.kinds(values), strict=True)]
            sheet.append(cells)
            count += 1
        last = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    workbook.save(handle)


def workbook_file(f: ReportFilter):
    """The workbook in a temporary file (deleted when closed), at its start, for streaming to the browser."""
    return _temporary(workbook_write, f)


def _temporary(write, f: ReportFilter):
    handle = tempfile.TemporaryFile()
    try:
        write(f, handle)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle


# --- CSV --------------------------------------------------------------------------------------------------------------


class _Line:
    """A file-like object whose ``write`` returns what it was given, so ``csv.writer`` yields one line at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Line())
    for row in rows:
        yield writer.writerow([escape_formula(csv_value(value, TEXT)) for value in row])


def csv_text(rows: Iterable[list]) -> str:
    return "".join(csv_lines(rows))


def table_csv_lines(table: Table) -> Iterator[str]:
    """One table as CSV lines: its header, then its records with the kinds' fixed decimals."""
    writer = csv.writer(_Line())
    yield writer.writerow([column.name for column in table.columns])
    for row in table.rows:
        yield writer.writerow([_csv_cell(value, kind) for value, kind in zip(row, table.kinds(row), strict=True)])


def _csv_cell(value, kind: str) -> str:
    """A number of ours is written as it is, a minus sign included ("-26.0" is a number to every reader, and an
    apostrophe would make it text); any text that a spreadsheet would run as a formula is escaped."""
    text = csv_value(value, kind)
    return text if kind in NUMERIC else escape_formula(text)


def sheet_csv_lines(f: ReportFilter, slug: str) -> Iterator[str]:
    """One table as CSV lines, starting with a byte-order mark so that Excel reads the file as UTF-8 (£, accents)."""
    yield "\ufeff"
    with translation.override(EXPORT_LANGUAGE):
        table = next(table for table in report_tables(f) if table.slug == slug)
        yield from table_csv_lines(table)


def csv_filename(slug: str) -> str:
    return f"{slug}.csv"


@translation.override(EXPORT_LANGUAGE)
def csv_zip_write(f: ReportFilter, handle) -> None:
    """Every table as its own CSV file (UTF-8 with a byte-order mark), written one line at a time into a zip."""
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in report_tables(f):
            with (
                archive.open(csv_filename(table.slug), "w") as member,
                io.TextIOWrapper(member, encoding="utf-8-sig", newline="") as text,
            ):
                for line in table_csv_lines(table):
                    text.write(line)


def csv_zip_file(f: ReportFilter):
    return _temporary(csv_zip_write, f)


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


@translation.override(EXPORT_LANGUAGE)
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
