from datetime import timedelta

import pytest
from django.contrib.contenttypes.fields import GenericForeignKey
from django.urls import reverse
from django.utils import timezone

from btb.errors import ApplicationError
from events.models import TicketHolder
from feedback.models import InvitationUse, SurveyAnswer, SurveyInvitation, SurveyLink, SurveyOptOut, SurveyResponse
from feedback.services import email_digest, opt_out_token, survey_answer_by_link, survey_ensure, survey_link_state
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.factories import invitation_with_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return survey_ensure(summit=SummitFactory())


@pytest.fixture
def invited(survey):
    return invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=survey.summit))


def answers(**extra):
    return {"overall": 4, "perception": "A bit more positive", "differently": "More Q&A", **extra}


def survey_url(token):
    return reverse("feedback:survey_answer", kwargs={"token": token})


def test_answers_are_stored_and_the_invitation_marked_used(survey, invited):
    invitation, token = invited
    survey_answer_by_link(token=token, answers=answers(interest=["Volunteer police cadets"]))
    response = SurveyResponse.objects.get()
    assert response.submitted_on == timezone.localdate() and response.on_the_day is False
    stored = {a.question.key: (a.rating, a.choices, a.text) for a in response.answers.select_related("question")}
    assert stored == {
        "overall": (4, [], ""),
        "perception": (None, ["A bit more positive"], ""),
        "interest": (None, ["Volunteer police cadets"], ""),
        "differently": (None, [], "More Q&A"),
    }
    assert InvitationUse.objects.filter(invitation=invitation).exists()


def test_token_cannot_be_used_twice(invited):
    _, token = invited
    survey_answer_by_link(token=token, answers=answers())
    with pytest.raises(ApplicationError, match="already been answered"):
        survey_answer_by_link(token=token, answers=answers())
    assert SurveyResponse.objects.count() == 1


def test_a_reminder_link_is_spent_by_answering_the_first(survey):
    from feedback.services import new_token

    invitation, first = invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=survey.summit))
    second, hashed = new_token()
    SurveyLink.objects.create(invitation=invitation, token_hash=hashed, expires_at=timezone.now() + timedelta(days=30))
    survey_answer_by_link(token=first, answers=answers())
    assert survey_link_state(token=second).state == "used"


def test_token_expires_after_thirty_days(invited):
    _, token = invited
    later = timezone.now() + timedelta(days=30, minutes=1)
    assert survey_link_state(token=token, now=later).state == "expired"
    with pytest.raises(ApplicationError, match="expired"):
        survey_answer_by_link(token=token, answers=answers(), now=later)
    assert SurveyResponse.objects.count() == 0


def test_simultaneous_answers_with_one_link_store_one_response(transactional_db, postgres):
    """The use's primary key is the lock: both submissions find the link open, the second waits on the key until
    the first commits, then is refused, and nothing of it is stored."""
    import threading

    from django.db import connection

    survey = survey_ensure(summit=SummitFactory())
    _, token = invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=survey.summit))
    states = [survey_link_state(token=token), survey_link_state(token=token)]
    assert [state.state for state in states] == ["open", "open"]
    started, outcomes = threading.Barrier(2, timeout=30), []

    def answer(state):
        try:
            started.wait()
            survey_answer_by_link(token=token, answers=answers(), state=state)
            outcomes.append("stored")
        except ApplicationError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(state,)) for state in states]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["This survey has already been answered with this link. Thank you!", "stored"]
    assert SurveyResponse.objects.count() == 1 and SurveyAnswer.objects.count() == 3
    assert InvitationUse.objects.count() == 1


def test_answering_through_a_link_takes_a_fixed_number_of_queries(client, invited, django_assert_num_queries):
    _, token = invited
    client.get(survey_url(token))  # a first visitor puts the survey and its questions in the cache
    # The link's state; then the use, and the response with its answers, each in a transaction of its own (in tests
    # a savepoint and its release around each).
    with django_assert_num_queries(8):
        response = client.post(
            survey_url(token), {"overall": "5", "recommend": "Yes", "interest": ["Volunteer police cadets"]}
        )
    assert response.status_code == 302
    assert SurveyAnswer.objects.count() == 3


def test_the_survey_page_takes_one_query_once_cached(client, invited, django_assert_num_queries):
    _, token = invited
    client.get(survey_url(token))  # the link trades its token for a cookie; the form is at the token-free address
    with django_assert_num_queries(1):
        assert "Overall, how was the event?" in client.get(reverse("feedback:survey_link_form")).content.decode()


def test_a_changed_question_or_a_closed_survey_shows_at_once(client, survey, invited):
    from feedback.services import survey_question_save, survey_update

    _, token = invited
    client.get(survey_url(token))  # cached
    question = survey.questions.get(key="differently")
    question.text = "What one thing would you change?"
    survey_question_save(question=question)
    assert "What one thing would you change?" in client.get(survey_url(token), follow=True).content.decode()
    survey_update(
        survey=survey, title=survey.title, intro=survey.intro, only_checked_in=False, open_for_responses=False
    )
    assert "This survey is closed" in client.get(survey_url(token), follow=True).content.decode()
    assert client.post(survey_url(token), {"overall": "5"}).status_code == 200
    assert SurveyResponse.objects.count() == 0


def test_the_link_redirects_to_a_token_free_address_that_takes_the_answers(client, invited):
    invitation, token = invited
    response = client.get(survey_url(token))
    form_url = reverse("feedback:survey_link_form")
    assert response.status_code == 302 and response["Location"] == form_url and token not in response["Location"]
    cookie = response.cookies["btb-survey-link"]
    assert cookie["httponly"] and cookie["path"] == form_url and cookie["max-age"] == 3600
    page = client.get(form_url).content.decode()
    assert "Overall, how was the event?" in page and token not in page
    answered = client.post(form_url, {"overall": "5", "recommend": "Yes"})
    assert answered.status_code == 302 and answered["Location"] == reverse("feedback:survey_thanks")
    assert answered.cookies["btb-survey-link"].value == ""  # the cookie goes with the answer
    assert InvitationUse.objects.filter(invitation=invitation).exists() and SurveyResponse.objects.count() == 1


def test_the_token_free_address_without_the_cookie_asks_for_the_link(client):
    page = client.get(reverse("feedback:survey_link_form")).content.decode()
    assert "Open the survey from your e-mail" in page
    assert client.post(reverse("feedback:survey_link_form"), {"overall": "5"}).status_code == 200
    assert SurveyResponse.objects.count() == 0


def test_a_forged_cookie_is_ignored(client):
    client.cookies["btb-survey-link"] = "not-signed"
    assert "Open the survey from your e-mail" in client.get(reverse("feedback:survey_link_form")).content.decode()


def test_unknown_token_is_404(client):
    assert client.get(survey_url("not-a-real-token")).status_code == 404


def test_public_page_shows_the_form_then_a_thank_you_for_a_used_link(client, invited):
    _, token = invited
    page = client.get(survey_url(token), follow=True).content.decode()
    assert "Overall, how was the event?" in page and "About you (optional)" in page
    response = client.post(survey_url(token), {"overall": "5", "recommend": "Yes"})
    assert response.status_code == 302 and response["Location"] == reverse("feedback:survey_thanks")
    page = client.get(survey_url(token), follow=True).content.decode()
    assert "Thank you" in page and "Send my answers" not in page
    assert client.post(survey_url(token), {"overall": "1"}).status_code == 200
    assert SurveyResponse.objects.count() == 1


def test_required_rating_is_asked_for_next_to_the_question(client, invited):
    _, token = invited
    page = client.post(survey_url(token), {"recommend": "Yes"}).content.decode()
    assert 'id="id_overall_error"' in page and "This field is required." in page
    assert SurveyResponse.objects.count() == 0


def test_expired_link_page_says_so(client, survey):
    _, token = invitation_with_link(survey=survey, holder=TicketHolderFactory(), expires_in=timedelta(seconds=-1))
    page = client.get(survey_url(token), follow=True).content.decode()
    assert "This link has expired" in page and "Send my answers" not in page


def _forward_models(model, seen=None):
    """Every model reachable from ``model`` by following its own foreign keys, one-to-ones, many-to-manys and
    generic foreign keys (the only ways a row points at another)."""
    seen = set() if seen is None else seen
    for field in model._meta.get_fields():
        if isinstance(field, GenericForeignKey):
            seen.add("generic relation")
            continue
        if field.is_relation and field.concrete and field.related_model is not None:
            if field.related_model not in seen:
                seen.add(field.related_model)
                _forward_models(field.related_model, seen)
        if field.many_to_many and not field.concrete and field.related_model is not None:
            pass  # reverse many-to-many: the other side points here, not this row there
    return seen


@pytest.mark.parametrize("model", [SurveyResponse, SurveyAnswer])
def test_no_path_from_a_response_to_a_person(model):
    reachable = _forward_models(model)
    assert TicketHolder not in reachable
    assert SurveyInvitation not in reachable and InvitationUse not in reachable and SurveyLink not in reachable
    assert "generic relation" not in reachable


def test_response_keeps_only_the_day_and_random_keys():
    fields = {f.name: f for f in SurveyResponse._meta.concrete_fields}
    # shuffle_stage says how far the row's position has been shuffled, nothing about when it was written.
    assert set(fields) == {"id", "survey", "submitted_on", "on_the_day", "shuffle_stage"}
    assert fields["submitted_on"].get_internal_type() == "DateField"
    assert fields["id"].get_internal_type() == "UUIDField"
    assert SurveyAnswer._meta.pk.get_internal_type() == "UUIDField"
    # The record that an invitation was used has nothing but the invitation: no time to match against.
    assert [f.name for f in InvitationUse._meta.concrete_fields] == ["invitation"]


@pytest.fixture
def survey_today():
    """The on-the-day survey takes answers only on the summit's day (tests/feedback/test_qr_survey.py)."""
    starts_at = timezone.now() - timedelta(hours=1)
    return survey_ensure(summit=SummitFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=3)))


def test_open_survey_takes_one_response_per_browser(client, survey_today):
    survey = survey_today
    url = reverse("feedback:survey_open", kwargs={"token": survey.open_token})
    client.get(url)  # the form gives the browser its device id
    response = client.post(url, {"overall": "5"})
    assert response.status_code == 302
    assert SurveyResponse.objects.get().on_the_day is True
    page = client.get(url).content.decode()
    assert "Thank you" in page and "Send my answers" not in page
    client.post(url, {"overall": "1"})
    assert SurveyResponse.objects.count() == 1
    from django.test import Client

    other = Client()  # another browser
    other.get(url)
    other.post(url, {"overall": "3"})
    assert SurveyResponse.objects.count() == 2


def test_public_survey_posts_are_rate_limited(client, survey_today, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "qr_survey": "2/h"}
    url = reverse("feedback:survey_open", kwargs={"token": survey_today.open_token})
    from django.test import Client

    def answer_in_a_new_browser():
        browser = Client()
        browser.get(url)
        return browser.post(url, {"overall": "4"}).status_code

    statuses = [answer_in_a_new_browser() for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_opt_out_page_changes_nothing_on_get_and_opts_out_on_post(client):
    token = opt_out_token("Someone@Example.org")
    url = reverse("feedback:opt_out", kwargs={"token": token})
    opened = client.get(url)
    assert opened.status_code == 302 and token not in opened["Location"]
    assert "Opt me out" in client.get(opened["Location"]).content.decode()
    assert SurveyOptOut.objects.count() == 0
    assert "You have opted out" in client.post(opened["Location"]).content.decode()
    assert SurveyOptOut.objects.get().email_digest == email_digest("someone@example.org")


def test_the_invitation_says_what_its_opt_out_link_does(client):
    """The mail program's one-click (List-Unsubscribe-Post) opts out at once; the link in the body opens a page
    with one button, and the e-mail says so rather than promising "one click"."""
    from btb.mail import templated_mail

    url = "http://testserver" + reverse("feedback:opt_out", kwargs={"token": opt_out_token("b@example.org")})
    context = {"first_name": "Bo", "summit": SummitFactory.build(title="Hackney"), "reminder": False}
    message = templated_mail(
        to=["b@example.org"],
        template_prefix="feedback/email/survey_invitation",
        context={**context, "survey_url": "http://testserver/s/x/", "opt_out_url": url},
    )
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "one click" not in part.lower()
        assert "Opt me out" in part and "survey e-mails" in part
    page = client.get(client.get(url)["Location"]).content.decode()
    assert "Opt me out</button>" in page and "not e-mail you about surveys again" in page


def test_one_click_opt_out_from_a_mail_program_needs_no_csrf_token():
    from django.test import Client

    url = reverse("feedback:opt_out", kwargs={"token": opt_out_token("a@example.org")})
    client = Client(enforce_csrf_checks=True)
    assert client.post(url, {}).status_code == 403  # any other POST without a token is refused
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert SurveyOptOut.objects.count() == 1


def test_forged_opt_out_token_is_refused(client):
    url = reverse("feedback:opt_out", kwargs={"token": "forged"})
    assert client.post(url).status_code == 400 and SurveyOptOut.objects.count() == 0
