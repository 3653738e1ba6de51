"""The official benchmark: the PAS borough table uploaded as CSV, checked row by row, shown beside a summit's
before and after for its borough and period."""

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from btb.accounts.models import AuditEvent, Borough
from btb.aggregates import aggregates_invalidate
from btb.errors import ApplicationError
from feedback.models import OfficialFigure
from feedback.selectors import before_and_after
from feedback.services import baseline_answer, survey_answer_open, survey_ensure, survey_update
from feedback.services.benchmarks import OfficialFiguresRejected, official_figures_import
from tests.events.factories import SummitFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pas"


def _import(name, actor=None):
    return official_figures_import(content=(FIXTURES / name).read_bytes(), file_name=name, actor=actor)


def test_the_fixture_imports_the_bank_measures_and_skips_the_rest(coordinator):
    outcome = _import("pas_borough.csv", coordinator)
    assert (outcome.created, outcome.updated, outcome.skipped) == (10, 0, 2)
    assert outcome.skipped_measures == ["Informed local"] and outcome.skipped_areas == ["MPS"]
    q60 = OfficialFigure.objects.get(measure__source_code="Q60", borough__name="Hackney", period_end="2023-12-31")
    assert q60.proportion == Decimal("0.4300") and q60.percent == Decimal("43")
    assert AuditEvent.objects.get(action="official_figures.uploaded").detail == {
        "created": 10,
        "updated": 0,
        "skipped": 2,
    }
    again = _import("pas_borough.csv", coordinator)
    assert (again.created, again.updated) == (0, 10) and OfficialFigure.objects.count() == 10


def test_bad_rows_are_listed_by_row_number_and_nothing_is_imported():
    with pytest.raises(OfficialFiguresRejected) as rejected:
        _import("pas_borough_bad.csv")
    rows = dict(rejected.value.rejects)
    assert sorted(rows) == [3, 4, 5, 6]
    assert "“Q3 23-24” is not a date" in rows[3]
    assert "borough is empty" in rows[4] and "“1.4” is not a share from 0 to 1" in rows[4]
    assert "“n/a” is not a share" in rows[5]
    assert rows[6] == "It repeats row 2 (same borough, measure and date)."
    assert OfficialFigure.objects.count() == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (b"Borough,Measure,Proportion\nHackney,Good Job,0.4\n", "missing: Date"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"Date,Borough,Measure,Proportion\n2023-12-31,Hackney,Informed local,0.4\n", "no rows for the question"),
    ],
)
def test_an_unusable_file_says_why(content, message):
    with pytest.raises(ApplicationError, match=message):
        official_figures_import(content=content, file_name="x.csv", actor=None)


def test_percentages_and_a_quarter_column_are_read():
    content = b"Quarter,Borough,Measure,Proportion\n31/03/2024,Hackney,Trust MPS,61%\n"
    official_figures_import(content=content, file_name="x.csv", actor=None)
    figure = OfficialFigure.objects.get()
    assert (figure.period_end.isoformat(), figure.proportion) == ("2024-03-31", Decimal("0.6100"))


def test_the_upload_page_lists_rejects_next_to_the_file(client, coordinator):
    client.force_login(coordinator)
    url = reverse("feedback:official_figures")
    bad = SimpleUploadedFile("pas.csv", (FIXTURES / "pas_borough_bad.csv").read_bytes(), content_type="text/csv")
    page = client.post(url, {"file": bad})
    assert page.status_code == 200
    assert "4 rows could not be read" in page.context["form"].errors["file"][0]
    assert [number for number, _ in page.context["rejects"]] == [3, 4, 5, 6]
    assert '<th scope="row">6</th>' in page.content.decode()
    wrong_type = client.post(url, {"file": SimpleUploadedFile("pas.xlsx", b"PK")})
    assert "Upload a CSV file" in wrong_type.context["form"].errors["file"][0]
    good = SimpleUploadedFile("pas.csv", (FIXTURES / "pas_borough.csv").read_bytes(), content_type="text/csv")
    done = client.post(url, {"file": good}, follow=True)
    assert "10 figure(s) added and 0 updated. 2 row(s) skipped" in done.content.decode()


def test_the_upload_page_takes_the_same_queries_however_many_uploads(
    client, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("feedback:official_figures")
    _import("pas_borough.csv", coordinator)
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for _ in range(20):
        _import("pas_borough.csv", coordinator)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


def test_oversight_cannot_upload(client, oversight):
    client.force_login(oversight)
    assert client.get(reverse("feedback:official_figures")).status_code == 403


@pytest.fixture
def hackney_survey():
    starts = timezone.make_aware(datetime(2023, 11, 18, 14))
    summit = SummitFactory(
        borough=Borough.objects.get(name="Hackney"), starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    survey = survey_ensure(summit=summit)
    return survey_update(
        survey=survey, title=survey.title, intro="", only_checked_in=False, open_for_responses=True, baseline_open=True
    )


def test_the_results_show_the_borough_figure_for_the_period_beside_before_and_after(client, oversight, hackney_survey):
    _import("pas_borough.csv")
    survey = hackney_survey
    arrival = survey.summit.starts_at - timedelta(minutes=10)
    for n, job in enumerate(["Good", "Fair", "Poor", "Fair", "Good"]):
        baseline_answer(survey=survey, answers={"pas-q60": job}, device=f"d{n}", now=arrival)
    for job in ["Good", "Good", "Excellent", "Fair", "Good"]:
        survey_answer_open(survey=survey, answers={"overall": 4, "pas-q60": job})
    figures = before_and_after(survey)
    q60 = next(row for row in figures["rows"] if row["question"].key == "pas-q60")
    # The summit is in November 2023: the twelve months to December 2023 contain it.
    assert q60["official"].period_end.isoformat() == "2023-12-31" and q60["official"].percent == Decimal("43")
    assert figures["official"] and figures["shown"]
    client.force_login(oversight)
    aggregates_invalidate()
    page = client.get(reverse("feedback:survey_detail", kwargs={"slug": survey.summit.slug}))
    table = page.content.decode().split('id="before-after"')[1].split("</table>")[0]
    assert "43%" in table and "PAS, 12 months to Dec 2023" in table and "Official figure (Hackney)" in table
    assert "The populations differ." in page.content.decode()
    assert page.context["evidence"]["level"] == "comparison"


def test_another_boroughs_figures_are_not_shown(hackney_survey):
    content = b"Date,Borough,Measure,Proportion\n2023-12-31,Lambeth,Good Job,0.39\n"
    official_figures_import(content=content, file_name="x.csv", actor=None)
    for _ in range(5):
        survey_answer_open(survey=hackney_survey, answers={"overall": 4, "pas-q60": "Good"})
    assert not before_and_after(hackney_survey)["official"]
