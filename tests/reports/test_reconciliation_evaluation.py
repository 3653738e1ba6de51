"""The evaluation's figures reconciled: one hand-computed summit and trial, and the same figures wherever a board or a
coordinator reads them (the survey page, the dashboard, the board page, the workbook, the CSV files and
``export_report``), with their intervals, their n and the strength of evidence.

The fixture, Q4 2025:

- **Hackney** (held 15 November 2025), the standard question PAS Q60 ("how good a job"; positive: Excellent or
  Good). On arrival 5 answers, 2 positive: 40% (95% Wilson interval 12–77%). In the survey afterwards 8 answers,
  5 positive: 63% (31–86%). The change: +23 points (62.5 − 40 rounded as its two shares are, 63 − 40), Newcombe's
  interval −26 to +59, which contains zero. Hackney's official figure for the twelve months to December 2025: 43%.
  Evidence: before and after, with the borough's official figure.
- **Recruitment messages**: "A challenge" shown 20 times, 5 expressed interest (25%, 11–47%), of whom 3 applied or
  joined (60%, 23–88%) and 1 joined (20%, 4–62%); "A long-term career" shown 10 times, 2 expressed interest (20%,
  6–51%), too few to describe what they went on to do; "Serve your community" never shown.
"""

import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from btb.accounts.models import Borough
from feedback.enums import InterestStatus, MessagePlace
from feedback.models import MessageImpression
from feedback.services import baseline_answer, survey_answer_open, survey_ensure, survey_update
from feedback.services.benchmarks import official_figures_import
from tests.factories import CoordinatorFactory
from tests.reports.fixtures import held_summit, interest
from tests.reports.test_reconciliation import csv_tables, html_tables, workbook_tables

pytestmark = pytest.mark.django_db

QUARTER = "?period=quarter&quarter=2025-Q4"
SUMMIT = "Hackney evaluation summit"
EVIDENCE = "Before and after, with the borough's official figure"

# (percent, low, high, n) before and after; (points, low, high) for the change; the official percentage.
Q60 = {"before": (40, 12, 77, 5), "after": (63, 31, 86, 8), "change": (23, -26, 59), "official": 43}
# message: shown, interests, (percent, low, high) of interest, applied, its share, joined, its share (None: too few).
RECRUITMENT = {
    "A challenge": (20, 5, (25, 11, 47), 3, (60, 23, 88), 1, (20, 4, 62)),
    "A long-term career": (10, 2, (20, 6, 51), 0, None, 0, None),
    "Serve your community": (0, 0, None, 0, None, 0, None),
}


def _fixture():
    summit = held_summit(date(2025, 11, 15), title=SUMMIT, borough=Borough.objects.get(name="Hackney"))
    survey = survey_ensure(summit=summit)
    survey = survey_update(
        survey=survey, title=survey.title, intro="", only_checked_in=False, open_for_responses=True, baseline_open=True
    )
    arrival = summit.starts_at - timedelta(minutes=10)
    for n, job in enumerate(["Good", "Fair", "Poor", "Fair", "Excellent"]):
        baseline_answer(survey=survey, answers={"pas-q60": job}, device=f"device-{n}", now=arrival)
    for job in ["Good", "Good", "Excellent", "Fair", "Good", "Poor", "Good", "Fair"]:
        survey_answer_open(survey=survey, answers={"overall": 4, "pas-q60": job})
    official_figures_import(
        content=b"Date,Borough,Measure,Proportion\n2025-12-31,Hackney,Good Job,0.43\n", file_name="pas.csv", actor=None
    )
    for day, shown in ((date(2025, 11, 15), 12), (date(2025, 11, 16), 8)):
        MessageImpression.objects.create(
            variant="challenge", place=MessagePlace.INTEREST_FORM, shown_on=day, count=shown
        )
    MessageImpression.objects.create(
        variant="career", place=MessagePlace.INTEREST_FORM, shown_on=date(2025, 12, 1), count=10
    )
    # Shown outside the quarter: in no figure.
    MessageImpression.objects.create(
        variant="community", place=MessagePlace.INTEREST_FORM, shown_on=date(2025, 9, 30), count=40
    )
    statuses = [InterestStatus.JOINED, InterestStatus.APPLIED, InterestStatus.APPLIED, InterestStatus.NEW]
    for status in [*statuses, InterestStatus.NEW]:
        interest(date(2025, 11, 20), summit=summit, message_variant="challenge", status=status)
    for _ in range(2):
        interest(date(2025, 12, 2), summit=summit, message_variant="career", status=InterestStatus.NEW)
    interest(date(2025, 9, 1), summit=summit, message_variant="community", status=InterestStatus.JOINED)
    return summit


# --- Reading a share wherever it is written ----------------------------------------------------------------------


def share_text(text: str) -> tuple | None:
    """(percent, low, high, n) from "40% (95% CI 12–77%, n = 5)" or the survey page's "40% (95% CI 12–77%) n = 5";
    None for "too few answers"."""
    text = " ".join(str(text).split())
    match = re.search(r"(\d+)% \(95% CI (\d+)–(\d+)%.*?n = (\d+)", text)
    return tuple(int(group) for group in match.groups()) if match else None


def share_without_n(text: str) -> tuple | None:
    match = re.search(r"(\d+)% \(95% CI (\d+)–(\d+)%", " ".join(str(text).split()))
    return tuple(int(group) for group in match.groups()) if match else None


def change_text(text: str) -> tuple | None:
    match = re.search(r"([+-]\d+) points.*?95% CI ([+-]\d+) to ([+-]\d+)", " ".join(str(text).split()))
    return tuple(int(group) for group in match.groups()) if match else None


def whole(value) -> int | None:
    if value in (None, ""):
        return None
    return int(Decimal(str(value)).quantize(Decimal("1")))


def table_with(tables, *headers) -> list[list]:
    for rows in tables:
        for position, row in enumerate(rows):
            cells = [str(cell) if cell is not None else "" for cell in row]
            if all(header in cells for header in headers):
                return [cells, *rows[position + 1 :]]
    raise AssertionError(f"no table with {headers}")


def records(table: list[list]) -> list[dict]:
    """The table's rows by column name; a workbook row read back ends at its last filled cell, so it is padded."""
    header, *rows = table
    return [
        dict(zip(header, [*row, *[None] * (len(header) - len(row))], strict=True))
        for row in rows
        if any(cell not in (None, "") for cell in row)
    ]


# --- Checking one place ------------------------------------------------------------------------------------------


def assert_page_tables(tables, place: str) -> None:
    """A page's tables (board page, dashboard): the sentences with their intervals and n."""
    evidence = {row["Summit"]: row for row in records(table_with(tables, "Summit", "Evidence"))}
    assert evidence[SUMMIT]["Evidence"] == EVIDENCE, place
    assert (whole(evidence[SUMMIT]["Responses after"]), whole(evidence[SUMMIT]["Answers before"])) == (8, 5), place
    rows = [row for row in records(table_with(tables, "Code", "Before", "After")) if row["Code"] == "Q60"]
    assert len(rows) == 1, place
    row = rows[0]
    assert (share_text(row["Before"]), share_text(row["After"])) == (Q60["before"], Q60["after"]), place
    assert change_text(row["Change"]) == Q60["change"], place
    assert row["Official figure"].startswith(f"{Q60['official']}% (PAS, 12 months to Dec 2025)"), place


def assert_download_tables(tables, place: str) -> None:
    """A download's tables (workbook, CSV): numbers an analyst can use, column by column."""
    evidence = {row["Summit"]: row for row in records(table_with(tables, "Summit", "Evidence"))}
    assert evidence[SUMMIT]["Evidence"] == EVIDENCE, place
    assert (whole(evidence[SUMMIT]["Responses after"]), whole(evidence[SUMMIT]["Answers before"])) == (8, 5), place
    [row] = [row for row in records(table_with(tables, "Code", "Before (%)")) if row["Code"] == "Q60"]
    for side in ("Before", "After"):
        found = tuple(whole(row[f"{side}{suffix}"]) for suffix in (" (%)", " low (%)", " high (%)", " n"))
        assert found == Q60[side.lower()], (place, side)
    change = tuple(whole(row[name]) for name in ("Change (points)", "Change low", "Change high"))
    assert change == Q60["change"], place
    assert whole(row["Official (%)"]) == Q60["official"], place
    assert str(row["Official period end"])[:10] == "2025-12-31", place
    assert_recruitment_download(tables, place)


def recruitment_rows(tables, place: str):
    """Each message's row in the recruitment table, with what it should say."""
    messages = {row["Message"]: row for row in records(table_with(tables, "Message", "Form shown"))}
    assert set(messages) == set(RECRUITMENT), place
    for message, expected in RECRUITMENT.items():
        yield message, messages[message], expected


def assert_recruitment_download(tables, place: str) -> None:
    for message, row, expected in recruitment_rows(tables, place):
        shown, interests, interest_share, applied, applied_share, joined, joined_share = expected
        counts = (whole(row["Form shown"]), whole(row["Expressed interest"]), whole(row["Applied or joined"]))
        assert counts == (shown, interests, applied) and whole(row["Joined"]) == joined, (place, message)
        for name, expected in (("Interest", interest_share), ("Applied", applied_share), ("Joined", joined_share)):
            found = tuple(whole(row[f"{name}{suffix}"]) for suffix in (" (%)", " low (%)", " high (%)"))
            assert found == (expected or (None, None, None)), (place, message, name)


def assert_recruitment_page(tables, place: str) -> None:
    for message, row, expected in recruitment_rows(tables, place):
        shown, interests, interest_share, applied, applied_share, joined, joined_share = expected
        assert whole(row["Form shown"]) == shown, (place, message)
        cells = [value for key, value in row.items() if key != "Message"]
        found = [share_without_n(cell) for cell in cells if share_without_n(cell)]
        assert found == [share for share in (interest_share, applied_share, joined_share) if share], (place, message)
        counts = [int(match) for cell in cells for match in re.findall(r"^(\d+)(?: ·|$)", cell.strip())]
        assert counts[:1] == [shown] and interests in counts and applied in counts and joined in counts, place


def test_the_evaluation_figures_are_the_same_in_every_place(client, tmp_path):
    summit = _fixture()
    client.force_login(CoordinatorFactory())

    # 1: the survey page.
    html = client.get(reverse("feedback:survey_detail", kwargs={"slug": summit.slug})).content.decode()
    assert f'id="evidence-level">{EVIDENCE}</span>' in html.replace("&#x27;", "'")
    table = html.split('id="before-after"')[1].split("</table>")[0]
    [q60] = [row for row in html_tables("<table>" + table + "</table>")[0] if row[0].startswith("Q60")]
    assert (share_text(q60[1]), share_text(q60[2]), change_text(q60[3].replace(" (95%", " 95%"))) == (
        Q60["before"],
        Q60["after"],
        Q60["change"],
    )
    assert q60[4].startswith(f"{Q60['official']}% PAS, 12 months to Dec 2025")

    # 2: the dashboard.
    html = client.get(reverse("reports:dashboard") + QUARTER).content.decode()
    tables = html_tables(html)
    assert_page_tables(tables, "dashboard")
    assert_recruitment_page(tables, "dashboard")

    # 3: the board page.
    html = client.get(reverse("reports:board_report") + QUARTER).content.decode()
    tables = html_tables(html)
    assert_page_tables(tables, "board page")
    assert_recruitment_page(tables, "board page")

    # 4: the workbook.
    assert_download_tables(workbook_tables(client.get(reverse("reports:workbook") + QUARTER).getvalue()), "workbook")

    # 5: the CSV files the board page offers.
    links = sorted(set(re.findall(r'href="(/reports/board/[\w-]+\.csv)\?', html)))
    assert {"/reports/board/standard-measures.csv", "/reports/board/recruitment-messages.csv"} <= set(links)
    texts = [client.get(link + QUARTER).getvalue().decode("utf-8") for link in links]
    assert_download_tables(csv_tables(texts), "CSV")

    # 6: export_report, as a workbook and as a zip of CSV files.
    xlsx, archive = tmp_path / "report.xlsx", tmp_path / "report.zip"
    call_command("export_report", "--from", "2025-10-01", "--to", "2025-12-31", "--format", "xlsx", "-o", str(xlsx))
    assert_download_tables(workbook_tables(xlsx.read_bytes()), "export_report xlsx")
    call_command("export_report", "--from", "2025-10-01", "--to", "2025-12-31", "--format", "csv", "-o", str(archive))
    with zipfile.ZipFile(archive) as files:
        tables = csv_tables([files.read(name).decode("utf-8") for name in files.namelist()])
    assert_download_tables(tables, "export_report csv")
