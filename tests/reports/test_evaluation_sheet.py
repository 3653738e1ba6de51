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
from reports.exports import evaluation_sheet, report_sheets
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
    blocks = {block["title"]: block for block in evaluation_sheet(quarter_filter(2025, 1))}
    evidence = list(blocks["Strength of evidence by summit"]["rows"])
    assert evidence == [
        [summit.title, date(2025, 2, 8), "Hackney", "Before and after, with the borough's official figure", 6, 6]
    ]
    measures = {row[1][:4]: row for row in blocks["Standard measures: share answering positively"]["rows"]}
    q60 = measures["Q60:"]
    assert q60[2] == "50% (95% CI 19–81%, n = 6)" and q60[3] == "67% (95% CI 30–90%, n = 6)"
    assert q60[4].startswith("+17 points (95% CI ") and q60[5] == "44% (PAS, 12 months to Mar 2025)"
    assert "Wilson" in blocks["How to read these figures"]["rows"][0][0]


def test_a_summit_without_a_baseline_is_post_only_and_too_few_answers_show_no_percentage():
    _summit_with_evidence(date(2025, 2, 8), before=0, after=6)
    _summit_with_evidence(date(2025, 3, 1), before=0, after=3)
    blocks = {block["title"]: block for block in evaluation_sheet(quarter_filter(2025, 1))}
    labels = [row[3] for row in blocks["Strength of evidence by summit"]["rows"]]
    assert labels == ["Post-event answers only", "Post-event answers only"]
    rows = list(blocks["Standard measures: share answering positively"]["rows"])
    assert {row[0] for row in rows} == {rows[0][0]}  # the summit with three responses shows no measures
    fairness = next(row for row in rows if row[1].startswith("Q62C"))
    assert fairness[2] == "not asked or too few answers" and fairness[3] == "too few answers (n = 0)"


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
    cells = [value for row in workbook["Evaluation"].iter_rows(values_only=True) for value in row if value]
    assert "Before and after" in cells and "67% (95% CI 30–90%, n = 6)" in cells
    assert "Evaluation" in report_sheets(quarter_filter(2025, 1), limit=5)
    assert SurveyAnswer.objects.exists()
