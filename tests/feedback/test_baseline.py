"""The short baseline on arrival: the survey's standard questions through the door poster's QR code, once per
device, until the summit ends; compared with the same questions afterwards as two unlinked groups."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from btb.aggregates import aggregates_invalidate
from btb.errors import ApplicationError
from feedback.models import BaselineAnswer, BaselineResponse, SurveyResponse
from feedback.selectors import before_and_after
from feedback.services import baseline_answer, survey_answer_open, survey_ensure, survey_update
from tests.events.factories import SummitFactory

pytestmark = pytest.mark.django_db


def _open_baseline(survey):
    return survey_update(
        survey=survey,
        title=survey.title,
        intro=survey.intro,
        only_checked_in=False,
        open_for_responses=True,
        baseline_open=True,
    )


@pytest.fixture
def survey():
    now = timezone.now()
    summit = SummitFactory(starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=2))
    return _open_baseline(survey_ensure(summit=summit))


def url(survey):
    return reverse("feedback:baseline", kwargs={"token": survey.baseline_token})


def test_opening_the_baseline_gives_it_its_own_token(survey):
    assert survey.baseline_token and survey.baseline_token != survey.open_token


def test_the_baseline_asks_only_the_standard_questions(client, survey):
    page = client.get(url(survey))
    assert page.status_code == 200
    assert [field.name for field, _ in page.context["form"].main_fields()] == ["pas-q60", "pas-q62c", "pas-nq135bd"]
    assert page.context["form"].about_you_fields() == []


def test_a_phone_answers_once_and_nothing_goes_to_the_follow_up(survey):
    phone = Client()
    phone.get(url(survey))
    answer = phone.post(url(survey), {"pas-q60": "Good", "pas-q62c": "Tend to disagree"})
    assert answer.status_code == 302
    response = BaselineResponse.objects.get()
    assert response.submitted_on == timezone.localdate()
    assert sorted((a.question.key, a.choices) for a in response.answers.select_related("question")) == [
        ("pas-q60", ["Good"]),
        ("pas-q62c", ["Tend to disagree"]),
    ]
    assert SurveyResponse.objects.count() == 0
    again = phone.post(url(survey), {"pas-q60": "Poor"})
    assert again.status_code == 200 and "Enjoy the event" in again.content.decode()
    assert BaselineResponse.objects.count() == 1
    # Dropping the "answered" cookie is not enough: the device id has answered.
    phone.cookies.pop(f"btb-before-{survey.pk}")
    phone.post(url(survey), {"pas-q60": "Poor"})
    assert BaselineResponse.objects.count() == 1


def test_a_post_without_the_device_cookie_stores_nothing(survey):
    page = Client().post(url(survey), {"pas-q60": "Good"})
    assert page.status_code == 400 and BaselineResponse.objects.count() == 0


def test_a_bad_option_is_refused_next_to_the_question(client, survey):
    client.get(url(survey))
    page = client.post(url(survey), {"pas-q60": "Brilliant"})
    assert page.status_code == 200 and "pas-q60" in page.context["form"].errors
    assert "Please check the answers marked below." in page.content.decode()
    assert BaselineResponse.objects.count() == 0


def test_the_baseline_closes_when_the_summit_ends(survey):
    later = survey.summit.ends_at + timedelta(minutes=1)
    with pytest.raises(ApplicationError, match="closed"):
        baseline_answer(survey=survey, answers={"pas-q60": "Good"}, device="d1", now=later)
    survey.baseline_open = False
    survey.save()
    assert Client().get(url(survey)).status_code == 404


def test_the_baseline_cannot_open_without_standard_questions(client, coordinator):
    survey = survey_ensure(summit=SummitFactory())
    survey.questions.exclude(standard=None).delete()
    client.force_login(coordinator)
    page = client.post(
        reverse("feedback:survey_edit", kwargs={"slug": survey.summit.slug}),
        {"title": "A survey", "intro": "", "language": "en", "open_for_responses": "on", "baseline_open": "on"},
    )
    assert page.status_code == 200
    assert "add some from the question bank first" in page.context["form"].errors["baseline_open"][0]
    survey.refresh_from_db()
    assert not survey.baseline_open


def test_a_baseline_keeps_nothing_that_could_point_to_a_person_or_the_follow_up():
    assert {f.name for f in BaselineResponse._meta.get_fields()} == {"id", "survey", "submitted_on", "answers"}
    assert {f.name for f in BaselineAnswer._meta.get_fields()} == {"id", "response", "question", "choices"}
    assert BaselineResponse._meta.get_field("id").get_internal_type() == "UUIDField"


def _answer_before(survey, choices):
    for n, choice in enumerate(choices):
        baseline_answer(survey=survey, answers={"pas-q60": choice}, device=f"device-{n}-{choice}")


def test_the_results_show_the_change_with_n_behind_each_figure(client, oversight, survey):
    _answer_before(survey, ["Good", "Fair", "Poor", "Fair", "Excellent", "Poor"])
    for choice in ["Good", "Good", "Excellent", "Fair", "Good", "Good"]:
        survey_answer_open(survey=survey, answers={"overall": 4, "pas-q60": choice})
    figures = before_and_after(survey)
    assert figures["shown"] and (figures["baseline_total"], figures["after_total"]) == (6, 6)
    q60 = next(row for row in figures["rows"] if row["question"].key == "pas-q60")
    assert (q60["before"].count, q60["before"].n, q60["after"].count, q60["after"].n) == (2, 6, 5, 6)
    assert str(q60["change"]) == "+50 points (95% CI -4 to +77)" and not q60["change"].clear
    fairness = next(row for row in figures["rows"] if row["question"].key == "pas-q62c")
    assert fairness["before"].n == 0 and str(fairness["change"]) == "too few answers"
    client.force_login(oversight)
    aggregates_invalidate()
    page = client.get(reverse("feedback:survey_detail", kwargs={"slug": survey.summit.slug}))
    table = page.content.decode().split('id="before-after"')[1].split("</table>")[0]
    assert "33%" in table and "83%" in table and "+50 points" in table and "n = 6" in table
    assert "cannot be told from no change" in table
    assert page.context["evidence"]["level"] == "before_after"


def test_the_comparison_waits_for_five_answers_before(client, oversight, survey):
    _answer_before(survey, ["Good", "Fair", "Poor", "Fair"])
    for _ in range(6):
        survey_answer_open(survey=survey, answers={"overall": 4, "pas-q60": "Good"})
    figures = before_and_after(survey)
    assert not figures["shown"] and all(row["before"] is None and row["change"] is None for row in figures["rows"])
    client.force_login(oversight)
    aggregates_invalidate()
    page = client.get(reverse("feedback:survey_detail", kwargs={"slug": survey.summit.slug}))
    assert "at least 5 people have answered on arrival (4 so far)" in page.content.decode()
    assert "25%" not in page.content.decode().split('id="before-after"')[1].split("</table>")[0]
    assert page.context["evidence"]["level"] == "post_only"


def test_the_poster_has_the_door_qr_code_when_the_baseline_is_open(client, coordinator, survey):
    client.force_login(coordinator)
    page = client.get(reverse("feedback:poster", kwargs={"slug": survey.summit.slug})).content.decode()
    assert page.count('src="data:image/svg+xml') == 3 and f"/before/{survey.baseline_token}/" in page
