"""The board report's Evaluation sheet: each held summit's strength of evidence and its standard measures before
and after, with intervals and n, beside the borough's official figure; the page, workbook and CSV read it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from btb.accounts.models import Borough
from feedback.models import BaselineAnswer, BaselineResponse, OfficialFigure, StandardMeasure, SurveyAnswer
from feedback.selectors import evaluation_by_summit
from feedback.services import survey_answer_open, survey_ensure
from reports.exports import SHEETS, evaluation_tables
from reports.periods import quarter_filter
from tests.factories import OversightFactory

from .fixtures import held_summit

pytestmark = pytest.mark.django_db


def _summit_with_evidence(day, *, before=6, after=6, borough="Hackney"):
    summit = held_summit(day, borough=Borough.objects.get(name=borough))
    survey = survey_ensure(summit=summit)
    q60 = survey.questions.get(key="pas-q60")
    for n in range(after):
        survey_answer_open(survey=survey, answers={"overall": 4, "pas-q60": "Good" if n % 3 else "Poor"})
    for n in range(before):
        response = BaselineResponse.objects.create(survey=survey, submitted_on=day)
        BaselineAnswer.objects.create(response=response, question=q60, choices=["Good" if n % 2 else "Fair"])
    return summit


def test_the_sheet_carries_intervals_n_and_the_evidence_label():
    summit = _summit_with_evidence(date(2025, 2, 8))
    OfficialFigure.objects.create(
        measure=StandardMeasure.objects.get(code="pas-q60"),
        borough=summit.borough,
        period_end=date(2025, 3, 31),
        proportion=Decimal("0.44"),
    )
    tables = {table.slug: table for table in evaluation_tables(quarter_filter(2025, 1))}
    evidence = list(tables["evidence"].rows)
    assert evidence == [
        [summit.title, date(2025, 2, 8), "Hackney", "Before and after, with the borough's official figure", 6, 6]
    ]
    measures = {row[1]: row for row in tables["standard-measures"].rows}
    q60 = measures["Q60"]
    assert q60[3] == "50% (95% CI 19–81%, n = 6)" and q60[8] == "67% (95% CI 30–90%, n = 6)"
    # The same figures as numbers, for the workbook's and the CSV's analysts.
    assert (q60[4], q60[5], q60[6], q60[7]) == (Decimal(50), Decimal(19), Decimal(81), 6)
    assert q60[13].startswith("+17 points (95% CI ") and q60[14] == Decimal(17)
    assert q60[17] == "44% (PAS, 12 months to Mar 2025)" and q60[19] == date(2025, 3, 31)
    assert "Wilson" in tables["evidence"].note


def test_a_summit_without_a_baseline_is_post_only_and_too_few_answers_show_no_percentage():
    _summit_with_evidence(date(2025, 2, 8), before=0, after=6)
    _summit_with_evidence(date(2025, 3, 1), before=0, after=3)
    tables = {table.slug: table for table in evaluation_tables(quarter_filter(2025, 1))}
    labels = [row[3] for row in tables["evidence"].rows]
    assert labels == ["Post-event answers only", "Post-event answers only"]
    rows = list(tables["standard-measures"].rows)
    assert {row[0] for row in rows} == {rows[0][0]}  # the summit with three responses shows no measures
    fairness = next(row for row in rows if row[1] == "Q62C")
    assert fairness[3] == "not asked or too few answers" and fairness[4] is None
    assert fairness[8] == "too few answers (n = 0)" and fairness[9] is None


def test_the_evaluation_takes_the_same_queries_however_many_summits(django_assert_max_num_queries):
    _summit_with_evidence(date(2025, 1, 10))
    f = quarter_filter(2025, 1)
    from reports.selectors import summits_in

    with django_assert_max_num_queries(10) as one:
        evaluation_by_summit(summits_in(f))
    for day in range(11, 20):
        _summit_with_evidence(date(2025, 1, day), borough="Lambeth")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(evaluation_by_summit(summits_in(f))) == 10


def test_the_board_report_and_workbook_show_the_sheet(client):
    from io import BytesIO

    from openpyxl import load_workbook

    _summit_with_evidence(date(2025, 2, 8))
    client.force_login(OversightFactory())
    page = client.get(reverse("reports:board_report") + "?period=quarter&quarter=2025-Q1").content.decode()
    assert "Strength of evidence by summit" in page and "67% (95% CI 30–90%, n = 6)" in page
    workbook = load_workbook(
        BytesIO(b"".join(client.get(reverse("reports:workbook") + "?period=quarter&quarter=2025-Q1").streaming_content))
    )
    evidence = list(workbook["Evidence"].iter_rows(values_only=True))
    assert evidence[1][3] == "Before and after" and evidence[1][4] == 6
    sheet = workbook["Standard measures"]
    header = [cell.value for cell in sheet[1]]
    q60 = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "Q60")
    after = q60[header.index("After (%)")]
    assert q60[header.index("After")].value == "67% (95% CI 30–90%, n = 6)"
    assert after.data_type == "n" and after.number_format == "0.0%" and abs(after.value - 0.667) < 0.01
    assert {"Evidence", "Standard measures"} <= set(SHEETS)
    assert SurveyAnswer.objects.exists()
