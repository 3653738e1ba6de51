import io
import re
import zipfile
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from btb.accounts.models import AuditEvent
from btb.aggregates import aggregates_invalidate
from btb.spreadsheets import escape_formula
from feedback.models import SurveyAnswer
from reports.exports import SHEETS, TABLES
from reports.models import HiddenComment
from tests.factories import CoordinatorFactory, OversightFactory

Q1 = "?period=quarter&quarter=2025-Q1"


@pytest.fixture
def oversight_client(client):
    client.force_login(OversightFactory())
    return client


@pytest.fixture
def coordinator_client(client):
    client.force_login(CoordinatorFactory())
    return client


def _figure(html: str, name: str) -> str:
    """The text of the first element marked ``data-figure="name"``, tags inside it removed."""
    match = re.search(rf'<(\w+)[^>]* data-figure="{name}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, name
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(2))).strip()


def _sheet_values(workbook, name) -> dict:
    """A label/value sheet as a dict: the Summary's (section, figure) → value, another's first column → second."""
    rows = list(workbook[name].iter_rows(values_only=True))[1:]
    if name == "Summary":
        return {(row[0], row[1]): row[2] for row in rows}
    return {row[0]: row[1] for row in rows}


def test_dashboard_shows_the_hand_computed_figures(programme, oversight_client):
    html = oversight_client.get(reverse("reports:dashboard") + Q1).content.decode()
    assert _figure(html, "summits-held") == "2"
    assert _figure(html, "attendance") == "100"
    assert _figure(html, "attendance-basis") == "2 summits by head count"
    assert _figure(html, "reach") == "1,500"
    assert _figure(html, "appearances") == "2"
    assert _figure(html, "people") == "4"
    assert _figure(html, "hours") == "9.5"  # roles, panel seats and appearances, counted once each
    assert _figure(html, "influencers") == "1"
    assert _figure(html, "spend") == "£1,250.00"
    assert _figure(html, "actuals-note") == "actuals incomplete: 1 of 2 summits have every actual"
    assert _figure(html, "cost-per-attendee") == (
        "£15.00 per attendee, from 1 of 2 summits with every actual and an attendance"
    )
    assert _figure(html, "response-rate") == "50.0%"
    # Three responses in the period: the shares wait for five, as each summit's results do.
    assert 'data-figure="more-positive"' not in html and 'data-figure="recommend"' not in html
    assert _figure(html, "survey-withheld") == "Shown once at least 5 people have answered (3 so far)."
    assert _figure(html, "interest") == "4"
    assert "Interest contacts" not in html  # oversight cannot export personal data


def test_dashboard_borough_filter_and_bad_filters_are_ignored(programme, oversight_client):
    url = reverse("reports:dashboard")
    html = oversight_client.get(url + Q1 + f"&borough={programme['north'].pk}").content.decode()
    assert _figure(html, "summits-held") == "1"
    assert _figure(html, "people") == "3"
    response = oversight_client.get(url + "?period=custom&date_from=nonsense&borough=x&quarter=2025-Q9&year=abc")
    assert response.status_code == 200
    assert 'data-figure="summits-held"' not in response.content.decode()


@pytest.mark.parametrize(
    "query,field,message",
    [
        ("?period=year&year=1999", "year", "greater than or equal to 2000"),
        ("?period=year", "year", "Give the year to report on"),
        ("?period=custom&date_from=2025-01-01", "date_to", "Give the last day of the custom dates."),
        ("?period=custom&date_to=2025-01-01", "date_from", "Give the first day of the custom dates."),
        ("?period=custom&date_from=9999-12-31&date_to=9999-12-31", "date_from", "Choose dates from 1 January 2000"),
        ("?period=custom&date_from=2025-03-01&date_to=2025-01-01", "date_to", "must not be before the first"),
        ("?quarter=1999-Q1", "quarter", "Select a valid choice"),
    ],
)
@pytest.mark.parametrize("page", ["reports:dashboard", "reports:board_report"])
def test_invalid_filters_get_a_message_next_to_the_field_and_no_figures(
    programme, oversight_client, page, query, field, message
):
    response = oversight_client.get(reverse(page) + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The report was not made: correct the period or place below." in html
    feedback = re.search(rf'<div class="invalid-feedback" id="err_{field}">([^<]*)</div>', html)
    assert feedback and message in feedback.group(1)
    assert f'id="id_{field}"' in html and "is-invalid" in html
    # No other period passed off as the one asked for: no figures, no period named, no downloads.
    assert "data-figure=" not in html and "Summits held" not in html
    assert "Download workbook" not in html
    assert oversight_client.get(reverse("reports:workbook") + query).status_code == 400


def test_dashboard_charts_are_svg_with_data_tables(programme, oversight_client):
    html = oversight_client.get(reverse("reports:dashboard") + Q1).content.decode()
    assert html.count('<svg viewBox="0 0 560 200"') == 5
    assert "<caption>Summit attendance by month</caption>" in html
    assert '<th scope="row">February 2025</th><td>80</td>' in html
    assert "style=" not in html and "<script>" not in html


def _many(count: int):
    from feedback.services import survey_answer_open, survey_ensure
    from tests.events.factories import BudgetLineFactory
    from tests.media_appearances.factories import ParticipantFactory, SnapshotFactory
    from tests.reports.fixtures import appearance, held_summit, interest

    for n in range(count):
        summit = held_summit(date(2025, 2, 1 + n % 20), actual_attendance=10)
        BudgetLineFactory(summit=summit)
        survey = survey_ensure(summit=summit)
        survey_answer_open(survey=survey, answers={"overall": 4, "differently": f"Idea {n}", "perception": "No change"})
        show = appearance(date(2025, 3, 1 + n % 20))
        ParticipantFactory(appearance=show)
        SnapshotFactory(appearance=show, recorded_on=date(2025, 3, 25))
        interest(date(2025, 2, 2), summit=summit)
    return summit


@pytest.mark.parametrize("count", [1, 20])
def test_report_pages_query_count_does_not_grow(db, count, client, django_assert_max_num_queries):
    summit = _many(count)
    client.force_login(CoordinatorFactory())
    # The recruitment-message trial (3 queries) and the Evaluation sheet (7) are fixed counts on top.
    for name, bound in (("reports:dashboard", 38), ("reports:board_report", 44)):
        with django_assert_max_num_queries(bound):
            assert client.get(reverse(name) + Q1).status_code == 200
    with django_assert_max_num_queries(20):  # the outcome's seven queries included
        assert client.get(reverse("reports:summit_evaluation", kwargs={"slug": summit.slug})).status_code == 200
    with django_assert_max_num_queries(44):
        assert client.get(reverse("reports:workbook") + Q1).status_code == 200


def _enough_responses(programme):
    """The programme's survey has three responses; results are shown from five on."""
    from feedback.services import survey_answer_open

    for _ in range(2):
        survey_answer_open(survey=programme["survey"], answers={})


def test_evaluation_withholds_results_below_five_responses(programme, oversight_client):
    url = reverse("reports:summit_evaluation", kwargs={"slug": programme["s1"].slug})
    html = oversight_client.get(url).content.decode()
    assert "More food" not in html and "average 4.0" not in html
    assert "at least 5 people have answered (3 so far)" in html
    _enough_responses(programme)
    aggregates_invalidate()  # the tallies are cached and answers do not move the cache on
    assert "More food" in oversight_client.get(url).content.decode()


def test_evaluation_shows_plan_actual_survey_and_interest(programme, oversight_client):
    _enough_responses(programme)
    url = reverse("reports:summit_evaluation", kwargs={"slug": programme["s1"].slug})
    html = oversight_client.get(url).content.decode()
    assert _figure(html, "attended") == "80"
    assert _figure(html, "actual-spend") == "actuals incomplete: 1 of 2 lines"  # the music line has none yet
    assert _figure(html, "planned-spend") == "£1,500.00"
    assert _figure(html, "cost-per-attendee") == "—"
    assert _figure(html, "interest") == "3"  # two in the quarter, one after it
    assert "More food" in html
    assert "average 4.0 out of 5" in html
    assert "Hide<span" not in html  # oversight cannot hide comments
    assert "Appearance" in html or "None yet" in html


def test_coordinator_hides_a_comment_from_the_report(programme, coordinator_client):
    from django.test import Client

    _enough_responses(programme)
    client = Client()
    answer = SurveyAnswer.objects.get(text="More food")
    url = reverse("reports:comment_hide", kwargs={"slug": programme["s1"].slug, "pk": answer.pk})
    assert coordinator_client.get(url).status_code == 200
    assert not HiddenComment.objects.exists()  # a GET changes nothing
    response = coordinator_client.post(url)
    assert response.status_code == 302
    assert HiddenComment.objects.filter(answer=answer).exists()
    assert AuditEvent.objects.filter(action="report.comment_hidden").count() == 1
    evaluation = reverse("reports:summit_evaluation", kwargs={"slug": programme["s1"].slug})
    assert "Hidden from the report" in coordinator_client.get(evaluation).content.decode()
    client.force_login(OversightFactory())
    assert "More food" not in client.get(evaluation).content.decode()
    assert client.post(url).status_code == 403
    coordinator_client.post(url)  # shows it again
    assert not HiddenComment.objects.exists()


def test_comment_of_another_summit_is_404(programme, coordinator_client):
    answer = SurveyAnswer.objects.get(text="More food")
    url = reverse("reports:comment_hide", kwargs={"slug": programme["s2"].slug, "pk": answer.pk})
    assert coordinator_client.get(url).status_code == 404


def test_workbook_has_the_sheets_and_values(programme, oversight_client):
    response = oversight_client.get(reverse("reports:workbook") + Q1)
    assert response["Content-Disposition"] == 'attachment; filename="board-report-2025-01-01-to-2025-03-31.xlsx"'
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames == list(SHEETS)
    summary = _sheet_values(workbook, "Summary")
    assert summary["Summits", "Summits held"] == 2
    assert summary["Summits", "Attendance"] == 100
    assert summary["People", "Officers and staff taking part"] == 4
    assert summary["Spend", "Total spend"] == 1250
    assert summary["Spend", "Cost per attendee"] == 15  # over the summit with every actual (s2: £300 for 20)
    assert summary["Survey", "Response rate"] == 0.5
    diversity = list(workbook["Diversity"].iter_rows(values_only=True))
    black = next(row for row in diversity if row[2] == "Black, Black British, Caribbean or African")
    assert black[3:] == (None, "Yes")  # suppressed: no count behind it
    summits = list(workbook["Summits"].iter_rows(values_only=True))
    assert [row[1] for row in summits[1:]] == [programme["s1"].title, programme["s2"].title]
    s1 = dict(zip(summits[0], summits[1], strict=True))
    assert s1["Attendance"] == 80 and s1["Attendance basis"] == "head count"
    assert s1["Planned (£)"] == 1500 and s1["Actual (£)"] is None
    assert s1["Actuals"] == "actuals incomplete: 1 of 2 lines"
    assert _sheet_values(workbook, "Interest funnel")["Joined"] == 1
    assert _sheet_values(workbook, "Spend by category")["Food and drink"] == 1200


def test_cells_beginning_with_formula_characters_are_escaped():
    assert [escape_formula(v) for v in ["=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx", "fine", 5, -3]] == [
        "'=1+1",
        "'+44",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "fine",
        5,
        -3,
    ]


def test_workbook_and_csv_escape_formula_text(programme, oversight_client):
    programme["s1"].title = '=HYPERLINK("http://evil")'
    programme["s1"].save()
    workbook = load_workbook(io.BytesIO(oversight_client.get(reverse("reports:workbook") + Q1).getvalue()))
    titles = [row[1] for row in workbook["Summits"].iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://evil")' in titles
    text = oversight_client.get(reverse("reports:sheet_csv", kwargs={"sheet": "summits"}) + Q1).getvalue().decode()
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_csv_per_sheet_and_unknown_sheet(programme, oversight_client):
    text = oversight_client.get(reverse("reports:sheet_csv", kwargs={"sheet": "summary"}) + Q1).getvalue().decode()
    assert "Summits,Summits held,2,number,\r\n" in text
    assert oversight_client.get(reverse("reports:sheet_csv", kwargs={"sheet": "people"})).status_code == 404


def test_command_output_matches_the_page(programme, oversight_client, tmp_path):
    path = tmp_path / "report.xlsx"
    call_command("export_report", "--from", "2025-01-01", "--to", "2025-03-31", "--format", "xlsx", "-o", str(path))
    from_command = load_workbook(path)
    from_page = load_workbook(io.BytesIO(oversight_client.get(reverse("reports:workbook") + Q1).getvalue()))
    for name in SHEETS:
        assert list(from_command[name].iter_rows(values_only=True)) == list(from_page[name].iter_rows(values_only=True))
    html = oversight_client.get(reverse("reports:board_report") + Q1).content.decode()
    assert _sheet_values(from_command, "Summary")["Summits", "Summits held"] == 2
    assert '<th scope="row" class="fw-normal">Summits held</th><td class="btb-num">2</td>' in html
    assert '<th scope="row" class="fw-normal">Total spend</th><td class="btb-num">£1,250.00</td>' in html


def test_board_tables_escape_what_people_typed(db, oversight_client):
    from tests.reports.fixtures import appearance, held_summit

    held_summit(date(2025, 2, 3), title='<img src=x onerror="alert(1)"> & Co')
    appearance(date(2025, 2, 4), title="<script>alert('x')</script>")
    html = oversight_client.get(reverse("reports:board_report") + Q1).content.decode()
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_command_csv_writes_a_zip_of_sheets(programme, tmp_path, oversight_client):
    path = tmp_path / "report.zip"
    call_command("export_report", "--from", "2025-01-01", "--to", "2025-03-31", "--format", "csv", "-o", str(path))
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == [f"{slug}.csv" for slug in TABLES]
        summary = archive.read("summary.csv").decode("utf-8-sig")
    page = (
        oversight_client.get(reverse("reports:sheet_csv", kwargs={"sheet": "summary"}) + Q1)
        .getvalue()
        .decode("utf-8-sig")
    )
    assert summary == page


def test_command_refuses_bad_dates(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("export_report", "--from", "1 Jan", "--to", "2025-03-31", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="before"):
        call_command("export_report", "--from", "2025-03-01", "--to", "2025-01-31", "-o", str(tmp_path / "x.xlsx"))


def test_personal_export_is_for_coordinators_and_is_logged(programme, coordinator_client, client):
    response = coordinator_client.get(reverse("reports:interest_export") + Q1)
    text = response.content.decode("utf-8-sig")
    assert text.count("\r\n") == 5  # header and the four records of the quarter
    assert "@example.org" in text
    event = AuditEvent.objects.get(action="export.personal")
    assert event.actor.username.startswith("coordinator")
    assert event.detail["rows"] == 4 and event.detail["period"].startswith("Q1 2025")
    assert "@" not in str(event.detail)
    client.force_login(OversightFactory())
    assert client.get(reverse("reports:interest_export") + Q1).status_code == 403
    assert AuditEvent.objects.filter(action="export.personal").count() == 1


def test_oversight_exports_hold_no_contact_details(programme, oversight_client):
    response = oversight_client.get(reverse("reports:workbook") + Q1)
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    cells = [str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value]
    assert not any("@example.org" in cell for cell in cells)
    assert not AuditEvent.objects.filter(action="export.personal").exists()


def test_home_panel_for_oversight(db, client):
    client.force_login(OversightFactory())
    html = client.get(reverse("home")).content.decode()
    assert "This quarter: Q" in html
    assert 'href="/reports/"' in html


def test_board_page_shows_the_first_rows_and_the_downloads_stream_every_row(db, client, monkeypatch):
    from django.http import FileResponse, StreamingHttpResponse

    from reports import exports, views
    from tests.reports.fixtures import appearance

    monkeypatch.setattr(views, "BOARD_PAGE_ROWS", 3)
    monkeypatch.setattr(exports, "CHUNK_ROWS", 2)  # the server-side cursor is read in several chunks
    titles = [f"Show {n:02d}" for n in range(7)]
    for n, title in enumerate(titles):
        appearance(date(2025, 2, 1 + n), title=title)
    client.force_login(OversightFactory())

    html = client.get(reverse("reports:board_report") + Q1).content.decode()
    assert [t for t in titles if f">{t}<" in html] == titles[:3]
    assert "The first 3 of 7, in date order" in html

    response = client.get(reverse("reports:sheet_csv", kwargs={"sheet": "appearances"}) + Q1)
    assert isinstance(response, StreamingHttpResponse)
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeffDate,Title,Outlet,")
    assert [line.split(",")[1] for line in text.splitlines() if line.startswith("2025-02-")] == titles

    response = client.get(reverse("reports:workbook") + Q1)
    assert isinstance(response, FileResponse)
    rows = list(load_workbook(io.BytesIO(response.getvalue()))["Appearances"].iter_rows(values_only=True))
    assert [row[1] for row in rows if len(row) > 1 and row[1] in titles] == titles
    assert rows[-1][0].date() == date(2025, 2, 7)  # dates stay dates in write-only mode


def test_board_page_lists_the_first_summits_and_their_evaluation_with_the_totals(db, client, monkeypatch):
    from reports import rollup, views

    _many(4)
    monkeypatch.setattr(rollup, "OUTCOMES_LISTED", 3)  # the dashboard's figures keep the first three outcomes
    monkeypatch.setattr(views, "BOARD_PAGE_ROWS", 2)
    client.force_login(OversightFactory())
    html = client.get(reverse("reports:board_report") + Q1).content.decode()
    summits = html.split("Summits held</caption>")[1].split("</table>")[0]
    evidence = html.split("Strength of evidence by summit</caption>")[1].split("</table>")[0]
    assert summits.count("<tr>") == 3 and evidence.count("<tr>") == 3  # the header and two rows
    assert "The first 2 of 4, in date order; the workbook and the summits held CSV hold them all." in html
    assert "The first 2 of 4, in date order; the workbook and the strength of evidence by summit CSV" in html

    monkeypatch.setattr(views, "BOARD_PAGE_ROWS", 4)  # more than the figures keep: the listing is read afresh
    html = client.get(reverse("reports:board_report") + Q1).content.decode()
    summits = html.split("Summits held</caption>")[1].split("</table>")[0]
    assert summits.count("<tr>") == 5 and "summits held CSV" not in html


def test_board_page_without_more_rows_than_the_limit_says_nothing_about_downloads(programme, oversight_client):
    html = oversight_client.get(reverse("reports:board_report") + Q1).content.decode()
    assert "The first" not in html


def test_command_reports_a_file_it_cannot_write(programme, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_report", "--from", "2025-01-01", "--to", "2025-03-31", "-o", str(tmp_path / "no" / "x"))
