"""The survey results page: every share with its interval and n, too few answers said as such, the response rate
with a non-response caveat, and the strength of evidence."""

import pytest
from django.urls import reverse

from btb.aggregates import aggregates_invalidate
from feedback.selectors import survey_results
from feedback.services import survey_answer_by_link, survey_answer_open, survey_ensure
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.factories import invitation_with_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return survey_ensure(summit=SummitFactory())


def _page(client, survey):
    aggregates_invalidate()
    return client.get(reverse("feedback:survey_detail", kwargs={"slug": survey.summit.slug}))


def test_each_share_has_its_wilson_interval_and_n(client, oversight, survey):
    for job in ["Excellent", "Good", "Good", "Fair", "Poor", "Good", "Excellent", "Fair"]:
        survey_answer_open(survey=survey, answers={"overall": 4, "pas-q60": job})
    result = next(r for r in survey_results(survey) if r["question"].key == "pas-q60")
    shares = {label: share for label, _, share in result["shares"]}
    assert result["count"] == 8
    assert str(shares["Good"]) == "38% (95% CI 14–69%, n = 8)"
    assert str(result["positive"]) == "63% (95% CI 31–86%, n = 8)" and result["positive_label"] == "Excellent or Good"
    client.force_login(oversight)
    page = _page(client, survey).content.decode()
    assert '63% <span class="small text-body-secondary text-nowrap">(95% CI 31–86%)</span>' in page
    assert "(n = 8)" in page and "Standard measure: MOPAC Public Attitudes Survey, question Q60" in page


def test_a_question_with_fewer_than_five_answers_says_so_instead_of_a_percentage(client, oversight, survey):
    for n in range(6):
        survey_answer_open(survey=survey, answers={"overall": 5, **({"pas-q62c": "Tend to agree"} if n < 3 else {})})
    result = next(r for r in survey_results(survey) if r["question"].key == "pas-q62c")
    assert result["count"] == 3 and all(share.percent is None for _, _, share in result["shares"])
    assert str(result["positive"]) == "too few answers (n = 3)"
    overall = next(r for r in survey_results(survey) if r["question"].key == "overall")
    assert str({label: share for label, _, share in overall["shares"]}["5"]) == "100% (95% CI 61–100%, n = 6)"
    client.force_login(oversight)
    page = _page(client, survey).content.decode()
    fairness = page.split("treat everyone fairly regardless of who they are <span")[1].split("</table>")[0]
    assert "too few answers" in fairness and "%" not in fairness.split("<tbody>")[1]


def test_the_response_rate_stands_with_its_interval_and_the_non_response_caveat(client, oversight, survey):
    tokens = [
        invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=survey.summit))[1] for _ in range(10)
    ]
    for token in tokens[:5]:
        survey_answer_by_link(token=token, answers={"overall": 3})
    client.force_login(oversight)
    page = _page(client, survey)
    caveat = page.content.decode().split('id="non-response"')[1].split("</p>")[0]
    assert "5 of 10 invited answered (50.0%, 95% CI 24–76%)" in caveat
    assert "not a random sample" in caveat
    assert page.context["evidence"]["level"] == "post_only"
    assert "Post-event answers only" in page.content.decode()


def test_the_results_page_takes_the_same_queries_however_many_answers(
    client, oversight, survey, django_assert_max_num_queries
):
    for _ in range(5):
        survey_answer_open(survey=survey, answers={"overall": 4, "pas-q60": "Good", "differently": "More time"})
    client.force_login(oversight)
    _page(client, survey)
    aggregates_invalidate()
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("feedback:survey_detail", kwargs={"slug": survey.summit.slug}))
    for _ in range(20):
        survey_answer_open(survey=survey, answers={"overall": 2, "pas-q60": "Poor", "differently": "Less talk"})
    aggregates_invalidate()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("feedback:survey_detail", kwargs={"slug": survey.summit.slug}))
