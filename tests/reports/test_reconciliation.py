"""The reconciliation test: one hand-computed programme, and the same figures in all seven places a board or a
coordinator reads them (the summit page, the evaluation, the dashboard, the board page, the workbook, the CSV files and
``export_report``), before and after late check-ins.

The programme, Q1 2025:

- **Croydon** (held): 20 tickets, 14 checked in, no head count, so attendance is 14 by check-ins; four budget lines
  (£1,000, £500, £800, £300 planned) of which one has its actual (£95.40): actuals incomplete, no actual spend and no
  cost per attendee; a survey with two responses (too few to show its shares on its own).
- **Hackney** (held): 86 tickets, 50 checked in, head count 104 (the attendance, by head count); four lines planned
  £2,600 and spent £2,650 (an overspend of £50); reach 1,050: £25.48 per attendee (2,650 / 104), £2.52 per person
  reached; ten invitations sent, four answered (40.0%), six responses: four of six more positive (66.7%), five of
  six would recommend (83.3%); three expressions of interest (one joined, one applied, one new).
- **Late** (held): ten tickets, five checked in on the day and three more checked in late, no head count; one line,
  £300 planned and spent; reach 200: £60.00 per attendee before the late check-ins, £37.50 after.
- **Cancelled** (cancelled in the quarter) and **Next** (confirmed, in the future): never in a period's figures.

The period: 3 summits, 116 tickets, 69 then 72 checked in, attendance 123 then 126 (1 by head count, 2 by
check-ins), reach 1,250, planned £5,500, actuals recorded £3,045.40 (2 of 3 summits complete), cost per attendee
£2,950 / 109 = £27.06 then £2,950 / 112 = £26.34; invitations 10, answered 4 (40.0%); 8 responses in the period
(enough to show): more positive 4 of 8 (50.0%), would recommend 5 of 8 (62.5%).
"""

import csv
import io
import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from events.enums import SummitStatus
from events.tickets.services import ticket_holder_check_in
from feedback.enums import InterestStatus
from feedback.models import InvitationUse
from feedback.services import survey_answer_open, survey_ensure
from tests.events.factories import BudgetLineFactory, SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.factories import CoordinatorFactory
from tests.feedback.factories import InterestFactory, invitation_with_link
from tests.reports.fixtures import at, held_summit

pytestmark = pytest.mark.django_db

QUARTER = "?period=quarter&quarter=2025-Q1"
D = Decimal


def _programme() -> dict:
    croydon = held_summit(date(2025, 1, 25), title="Croydon summit", expected_attendees=80, estimated_reach=None)
    for n in range(20):
        TicketHolderFactory(summit=croydon, checked_in=n < 14)
    BudgetLineFactory(summit=croydon, category="food", planned=D("1000"), actual=D("95.40"))
    BudgetLineFactory(summit=croydon, category="music", planned=D("500"), actual=None)
    BudgetLineFactory(summit=croydon, category="venue", planned=D("800"), actual=None)
    BudgetLineFactory(summit=croydon, category="printing", planned=D("300"), actual=None)
    croydon_survey = survey_ensure(summit=croydon)
    for _ in range(2):
        survey_answer_open(survey=croydon_survey, answers={"perception": "No change", "recommend": "No"})

    hackney = held_summit(
        date(2025, 2, 15), title="Hackney summit", expected_attendees=100, actual_attendance=104, estimated_reach=1050
    )
    holders = [TicketHolderFactory(summit=hackney, checked_in=n < 50) for n in range(86)]
    for category, planned, actual in (("food", "1400", "1450"), ("music", "400", "400"), ("venue", "0", "0")):
        BudgetLineFactory(summit=hackney, category=category, planned=D(planned), actual=D(actual))
    BudgetLineFactory(summit=hackney, category="transport", planned=D("800"), actual=D("800"))
    survey = survey_ensure(summit=hackney)
    for index, holder in enumerate(holders[:10]):
        invitation, _ = invitation_with_link(survey=survey, holder=holder)
        if index < 4:
            InvitationUse.objects.create(invitation=invitation)
    answers = [
        ("Much more positive", "Yes"),
        ("Much more positive", "Yes"),
        ("Much more positive", "Yes"),
        ("A bit more positive", "Yes"),
        ("No change", "Yes"),
        ("No change", "Maybe"),
    ]
    for perception, recommend in answers:
        survey_answer_open(survey=survey, answers={"perception": perception, "recommend": recommend})
    for status in (InterestStatus.JOINED, InterestStatus.APPLIED, InterestStatus.NEW):
        InterestFactory(summit=hackney, status=status)

    late = held_summit(date(2025, 3, 8), title="Late summit", expected_attendees=40, estimated_reach=200)
    late_holders = [TicketHolderFactory(summit=late, checked_in=n < 5) for n in range(10)]
    BudgetLineFactory(summit=late, category="food", planned=D("300"), actual=D("300"))

    cancelled = SummitFactory(
        title="Cancelled summit",
        status=SummitStatus.CANCELLED,
        starts_at=at(date(2025, 2, 20)),
        ends_at=at(date(2025, 2, 20)) + timedelta(hours=3),
        actual_attendance=None,
    )
    TicketHolderFactory.create_batch(7, summit=cancelled, checked_in=False)
    BudgetLineFactory(summit=cancelled, planned=D("999"), actual=D("120"))
    upcoming = SummitFactory(title="Next summit", status=SummitStatus.CONFIRMED, expected_attendees=120)
    TicketHolderFactory.create_batch(3, summit=upcoming)
    BudgetLineFactory(summit=upcoming, planned=D("1500"))
    return {
        "croydon": croydon,
        "hackney": hackney,
        "late": late,
        "late_holders": late_holders,
        "cancelled": cancelled,
        "upcoming": upcoming,
    }


def _expected(late_check_ins: int) -> tuple[dict, dict]:
    late_attendance = 5 + late_check_ins
    summits = {
        "Croydon summit": {
            "tickets": 20,
            "checked_in": 14,
            "attendance": 14,
            "planned": D("2600.00"),
            "actual": None,
            "cost_per_attendee": None,
            "responses": 2,
            "interest": 0,
        },
        "Hackney summit": {
            "tickets": 86,
            "checked_in": 50,
            "attendance": 104,
            "planned": D("2600.00"),
            "actual": D("2650.00"),
            "cost_per_attendee": D("25.48"),
            "responses": 6,
            "interest": 3,
        },
        "Late summit": {
            "tickets": 10,
            "checked_in": late_attendance,
            "attendance": late_attendance,
            "planned": D("300.00"),
            "actual": D("300.00"),
            "cost_per_attendee": (D("300") / late_attendance).quantize(D("0.01")),
            "responses": 0,
            "interest": 0,
        },
    }
    period = {
        "Summits held": 3,
        "Tickets issued": 116,
        "Checked in": 64 + late_attendance,
        "Attendance": 118 + late_attendance,
        "Estimated reach": 1250,
        "Total spend": D("3045.40"),
        "Cost per attendee": (D("2950") / (104 + late_attendance)).quantize(D("0.01")),
        "Response rate": D("40.0"),
        "Share more positive": D("50.0"),
        "Share who would recommend": D("62.5"),
    }
    return summits, period


# --- Reading every place -----------------------------------------------------------------------------------------


def number(text) -> Decimal | None:
    """A figure as any place writes it ("£1,250.00", "40.0%", "−£50.00", 1250, "1250.00") as a Decimal; None for
    a blank or a dash."""
    if text is None:
        return None
    if isinstance(text, (int, float, Decimal)):
        return D(str(text))
    text = str(text).strip().replace("\u2212", "-").replace("£", "").replace(",", "").replace("%", "")
    match = re.match(r"^-?\d+(\.\d+)?", text)
    return D(match.group(0)) if match else None


def figure(html: str, name: str, within: str | None = None) -> str:
    if within is not None:
        html = re.search(rf'<tr data-summit="{within}".*?</tr>', html, re.S).group(0)
    match = re.search(rf'<(\w+)[^>]* data-figure="{name}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, name
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(2))).strip()


class _Tables(HTMLParser):
    """Every table of a page as a list of rows of cell texts (the header row included)."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def labelled(tables, label: str):
    """The value next to ``label`` in the first row (of any table) that holds it as a label: label / value tables,
    whatever columns come before the label (a header row, where text follows the label, is passed over)."""
    for rows in tables:
        for row in rows:
            cells = list(row)
            if label in cells:
                index = cells.index(label)
                if index + 1 == len(cells):
                    continue  # a heading at the end of a header row
                value = cells[index + 1]
                if value in (None, "", "—") or number(value) is not None:
                    return value
    raise AssertionError(f"no {label!r} in any table")


LISTING_COLUMNS = {
    "tickets": "Tickets",
    "checked_in": "Checked in",
    "attendance": "Attendance",
    "planned": "Planned (£)",
    "actual": "Actual (£)",
    "cost_per_attendee": "Cost per attendee (£)",
    "responses": "Survey responses",
    "interest": "Expressions of interest",
}


def listing(tables) -> dict[str, dict]:
    """The summits listing (the table with a Summit and an Attendance column), by summit title."""
    for rows in tables:
        for position, header in enumerate(rows):
            header = [str(cell) if cell is not None else "" for cell in header]
            if "Summit" in header and "Attendance" in header:
                title = header.index("Summit")
                return {
                    str(row[title]): {key: row[header.index(name)] for key, name in LISTING_COLUMNS.items()}
                    for row in rows[position + 1 :]
                    if len(row) > title and row[title]
                }
    raise AssertionError("no summits listing")


def _shown(cell):
    """A cell's value as the spreadsheet shows it: a percentage is stored as a fraction under a % format."""
    if isinstance(cell.value, (int, float)) and cell.number_format.endswith("%"):
        return round(cell.value * 100, 1)
    return cell.value


def workbook_tables(data: bytes) -> list[list[list]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return [[[_shown(cell) for cell in row] for row in sheet.iter_rows()] for sheet in workbook.worksheets]


def csv_tables(texts: list[str]) -> list[list[list[str]]]:
    return [list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) for text in texts]


def assert_listing(rows: dict, summits: dict, place: str) -> None:
    assert set(rows) == set(summits), place  # the cancelled and the upcoming summits are not in it
    for title, expected in summits.items():
        found = {key: number(value) for key, value in rows[title].items()}
        assert found == {key: None if v is None else D(v) for key, v in expected.items()}, (place, title)


def assert_period(tables, period: dict, place: str) -> None:
    for label, expected in period.items():
        assert number(labelled(tables, label)) == D(expected), (place, label)


def check_every_place(client, programme, summits: dict, period: dict, tmp_path) -> None:
    by_title = {s.title: s for s in (programme["croydon"], programme["hackney"], programme["late"])}

    # 1 and 2: each summit's page and its evaluation.
    for title, expected in summits.items():
        summit = by_title[title]
        for place, url, attended in (
            ("summit page", summit.get_absolute_url(), "attendance"),
            ("evaluation", reverse("reports:summit_evaluation", kwargs={"slug": summit.slug}), "attended"),
        ):
            html = client.get(url).content.decode()
            found = {
                "tickets": number(figure(html, "tickets")),
                "checked_in": number(figure(html, "checked-in")),
                "attendance": number(figure(html, attended)),
                "planned": number(figure(html, "planned-spend")),
                "actual": number(figure(html, "actual-spend")),
                "cost_per_attendee": number(figure(html, "cost-per-attendee")),
                "interest": number(figure(html, "interest")),
            }
            wanted = {key: None if v is None else D(v) for key, v in expected.items() if key in found}
            assert found == wanted, (place, title)

    # 3: the dashboard, its headline figures and its summits.
    html = client.get(reverse("reports:dashboard") + QUARTER).content.decode()
    assert number(figure(html, "summits-held")) == period["Summits held"]
    assert number(figure(html, "attendance")) == period["Attendance"]
    assert number(figure(html, "reach")) == period["Estimated reach"]
    assert number(figure(html, "spend")) == period["Total spend"]
    assert number(figure(html, "cost-per-attendee")) == period["Cost per attendee"]
    assert number(figure(html, "response-rate")) == period["Response rate"]
    assert number(figure(html, "more-positive")) == period["Share more positive"]
    assert number(figure(html, "recommend")) == period["Share who would recommend"]
    assert f"tickets {period['Tickets issued']:,}, checked in {period['Checked in']:,}" in html
    for title, expected in summits.items():
        slug = by_title[title].slug
        assert number(figure(html, "attendance", within=slug)) == expected["attendance"], title
        assert number(figure(html, "actual-spend", within=slug)) == expected["actual"], title
        assert number(figure(html, "responses", within=slug)) == expected["responses"], title
        assert number(figure(html, "interest", within=slug)) == expected["interest"], title
    assert "Cancelled summit" not in html and "Next summit" not in html

    # 4: the board page.
    html = client.get(reverse("reports:board_report") + QUARTER).content.decode()
    tables = html_tables(html)
    assert_period(tables, period, "board page")
    assert_listing(listing(tables), summits, "board page")

    # 5: the workbook.
    tables = workbook_tables(client.get(reverse("reports:workbook") + QUARTER).getvalue())
    assert_period(tables, period, "workbook")
    assert_listing(listing(tables), summits, "workbook")

    # 6: the CSV files the board page offers.
    links = sorted(set(re.findall(r'href="(/reports/board/[\w-]+\.csv)\?', html)))
    assert links, "the board page links its CSV files"
    tables = csv_tables([client.get(link + QUARTER).getvalue().decode("utf-8") for link in links])
    assert_period(tables, period, "CSV")
    assert_listing(listing(tables), summits, "CSV")

    # 7: export_report, as a workbook and as a zip of CSV files.
    xlsx, archive = tmp_path / "report.xlsx", tmp_path / "report.zip"
    call_command("export_report", "--from", "2025-01-01", "--to", "2025-03-31", "--format", "xlsx", "-o", str(xlsx))
    tables = workbook_tables(xlsx.read_bytes())
    assert_period(tables, period, "export_report xlsx")
    assert_listing(listing(tables), summits, "export_report xlsx")
    call_command("export_report", "--from", "2025-01-01", "--to", "2025-03-31", "--format", "csv", "-o", str(archive))
    with zipfile.ZipFile(archive) as files:
        tables = csv_tables([files.read(name).decode("utf-8") for name in files.namelist()])
    assert_period(tables, period, "export_report csv")
    assert_listing(listing(tables), summits, "export_report csv")


def test_the_same_figures_in_all_seven_places_before_and_after_late_check_ins(client, tmp_path):
    programme = _programme()
    client.force_login(CoordinatorFactory())

    summits, period = _expected(late_check_ins=0)
    assert period["Attendance"] == 123 and period["Cost per attendee"] == D("27.06")  # the sums in the docstring
    check_every_place(client, programme, summits, period, tmp_path)

    for holder in programme["late_holders"][5:8]:  # checked in after the day, from the door list
        ticket_holder_check_in(holder=holder)
    summits, period = _expected(late_check_ins=3)
    assert period["Attendance"] == 126 and period["Cost per attendee"] == D("26.34")
    check_every_place(client, programme, summits, period, tmp_path)


def test_what_each_summit_says_beside_its_figures(client):
    """The basis and the warnings that go with the figures: Croydon's check-ins and incomplete actuals, Hackney's head
    count reconciled with the door and its overspend, the withheld shares of a small survey, the cancelled summit."""
    programme = _programme()
    client.force_login(CoordinatorFactory())
    croydon = client.get(programme["croydon"].get_absolute_url()).content.decode()
    assert "attended (check-ins)" in croydon
    assert "actual: actuals incomplete: 1 of 4 lines" in croydon
    assert "What attendees said is shown once at least 5 people have answered (2 so far)." in croydon
    assert "Estimated reach None" not in croydon and "None" not in figure(croydon, "reach")
    hackney = client.get(programme["hackney"].get_absolute_url()).content.decode()
    assert "attended (head count)" in hackney
    assert (
        "Head count 104: 86 tickets issued; 50 checked in; 54 more counted than checked in (walk-ins or not checked "
        "in at the door)." in hackney
    )
    assert "actual (£50.00 overspend)" in hackney
    assert figure(hackney, "more-positive") == "66.7%" and figure(hackney, "recommend") == "83.3%"
    assert figure(hackney, "response-rate") == "40.0%"
    evaluation = client.get(
        reverse("reports:summit_evaluation", kwargs={"slug": programme["hackney"].slug})
    ).content.decode()
    assert figure(evaluation, "difference") == "£50.00 overspend"
    cancelled = client.get(programme["cancelled"].get_absolute_url()).content.decode()
    assert "Outcome (cancelled)" in cancelled
    assert "Spent before the cancellation: £120.00" in cancelled
    upcoming = client.get(programme["upcoming"].get_absolute_url()).content.decode()
    assert "The plan in figures" in upcoming
    assert figure(upcoming, "planned-per-expected") == "£12.50"  # £1,500 planned for 120 expected, before the day
    assert "per attendee" not in upcoming.split("The plan in figures")[1].split("</section>")[0]
