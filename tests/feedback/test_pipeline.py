from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from btb.aggregates import aggregates_invalidate
from btb.errors import ApplicationError
from feedback.enums import InterestStatus
from feedback.models import ExpressionOfInterest, InfluencerDebrief, SurveyLink, SurveyResponse
from feedback.services import (
    debrief_submit,
    debriefs_request_for_summit,
    interest_move,
    interest_submit,
    personal_data_purge,
    survey_answer_by_link,
    survey_answer_open,
    survey_ensure,
)
from tests.events.factories import EngagementFactory, SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.factories import DebriefFactory, InterestFactory, debrief_with_link, invitation_with_link

pytestmark = pytest.mark.django_db


def test_interest_needs_consent_and_a_way_to_reach_them():
    base = {"name": "Ada", "email": "ada@example.org", "phone": "", "interests": ["cadet"], "source": "stall"}
    with pytest.raises(ApplicationError) as refused:
        interest_submit(**base, consent=False)
    assert refused.value.field == "consent"
    with pytest.raises(ApplicationError, match="e-mail address or a phone number"):
        interest_submit(**{**base, "email": ""}, consent=True)
    interest = interest_submit(**base, consent=True)
    assert interest.status == InterestStatus.NEW and interest.consent_at is not None


def test_interest_pipeline_moves_forward_with_dates(coordinator):
    interest = InterestFactory()
    day = timezone.localdate()
    interest_move(interest=interest, to="contacted", note="Called", actor=coordinator, today=day)
    with pytest.raises(ApplicationError, match="can move to"):
        interest_move(interest=interest, to="joined", actor=coordinator)
    interest_move(interest=interest, to="applied", actor=coordinator, today=day)
    interest_move(interest=interest, to="joined", actor=coordinator, today=day)
    interest.refresh_from_db()
    assert (interest.contacted_on, interest.applied_on, interest.closed_on) == (day, day, day)
    assert interest.notes.endswith("Called")
    with pytest.raises(ApplicationError, match="it is closed"):
        interest_move(interest=interest, to="not_proceeding", actor=coordinator)


def test_interest_form_from_the_stall_qr_code(client):
    summit = SummitFactory()
    url = reverse("feedback:interest") + f"?summit={summit.slug}&from=stall"
    response = client.post(
        url, {"name": "Ada Obi", "email": "ada@example.org", "interests": ["special"], "consent": "on"}
    )
    assert response.status_code == 302
    interest = ExpressionOfInterest.objects.get()
    assert (interest.summit, interest.source, interest.interests) == (summit, "stall", ["special"])
    page = client.post(url, {"name": "No Consent", "email": "n@example.org", "interests": ["special"]})
    assert "Please tick the box" in page.content.decode() and ExpressionOfInterest.objects.count() == 1


def test_retention_purge_anonymises_and_logs_counts_only(settings, caplog):
    settings.TICKET_HOLDER_RETENTION_DAYS = 90
    settings.INTEREST_RETENTION_DAYS = 30
    now = timezone.now()
    old = SummitFactory(starts_at=now - timedelta(days=95), ends_at=now - timedelta(days=94, hours=21))
    TicketHolderFactory(summit=old, name="Old Attendee", email="old@example.org")
    recent = TicketHolderFactory(
        summit=SummitFactory(starts_at=now - timedelta(days=5), ends_at=now - timedelta(days=4))
    )
    closed = InterestFactory(
        name="Closed Long Ago", status="not_proceeding", closed_on=timezone.localdate() - timedelta(days=31)
    )
    open_one = InterestFactory(status="contacted", contacted_on=timezone.localdate() - timedelta(days=400))
    fresh = InterestFactory(status="joined", closed_on=timezone.localdate() - timedelta(days=3))
    survey = survey_ensure(summit=old)
    _, token = invitation_with_link(survey=survey, holder=TicketHolderFactory(), expires_in=timedelta(days=-1))
    with caplog.at_level("INFO", logger="feedback.services.retention"):
        counts = personal_data_purge(now=now)
    assert counts == {"ticket_holders": 1, "interests": 1, "expired_links": 1}
    holder = old.ticket_holders.get()
    assert (holder.name, holder.email, holder.anonymised_at) == ("", "", now)
    recent.refresh_from_db()
    assert recent.email != ""
    closed.refresh_from_db()
    assert (closed.name, closed.email, closed.status) == ("", "", "not_proceeding")
    assert ExpressionOfInterest.objects.filter(pk__in=[open_one.pk, fresh.pk], anonymised_at__isnull=True).count() == 2
    assert SurveyLink.objects.count() == 0
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "1 ticket holders anonymised, 1 interest records anonymised, 1 expired links deleted" in logged
    assert "Old Attendee" not in logged and "old@example.org" not in logged and "Closed Long Ago" not in logged
    assert personal_data_purge(now=now) == {"ticket_holders": 0, "interests": 0, "expired_links": 0}


def test_answers_survive_anonymisation(settings):
    now = timezone.now()
    summit = SummitFactory(starts_at=now - timedelta(days=100), ends_at=now - timedelta(days=99))
    survey = survey_ensure(summit=summit)
    _, token = invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=summit))
    survey_answer_by_link(token=token, answers={"overall": 4})
    personal_data_purge(now=now)
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_engaged_influencers_are_asked_for_a_debrief_once(django_capture_on_commit_callbacks):
    summit = SummitFactory()
    engagement = EngagementFactory(summit=summit)
    engagement.influencer.email = "host@example.org"
    engagement.influencer.save()
    EngagementFactory(summit=summit, status="withdrawn")
    with django_capture_on_commit_callbacks(execute=True):
        assert len(debriefs_request_for_summit(summit=summit)) == 1
        assert debriefs_request_for_summit(summit=summit) == []
    assert [m.to for m in mail.outbox] == [["host@example.org"]]
    debrief = InfluencerDebrief.objects.get()
    assert debrief.token_hash and debrief.requested_at


def test_debrief_link_moves_to_a_token_free_form(client):
    debrief, token = debrief_with_link()
    opened = client.get(reverse("feedback:debrief_answer", kwargs={"token": token}))
    assert opened.status_code == 302 and opened["Location"] == reverse("feedback:debrief_form")
    assert token not in client.get(opened["Location"]).content.decode()
    response = client.post(opened["Location"], {"what_worked": "The host", "overall_feeling": "very_good"})
    assert "Your debrief has been received" in response.content.decode()
    assert Client().get(opened["Location"]).status_code == 404  # without the cookie, nothing to answer


def test_debrief_link_is_single_use_and_expires(client):
    debrief, token = debrief_with_link()
    url = reverse("feedback:debrief_answer", kwargs={"token": token})
    response = client.post(url, {"what_worked": "The host", "overall_feeling": "very_good", "consent_to_quote": "on"})
    assert "Your debrief has been received" in response.content.decode()
    debrief.refresh_from_db()
    assert debrief.is_submitted and debrief.consent_to_quote
    # Opened again (the influencer clicks the e-mail once more): a thank-you, not a 404, and no second answer.
    again = Client().get(url)
    assert again.status_code == 200
    assert "your debrief was already sent" in again.content.decode()
    assert Client().post(url, {"what_worked": "Changed", "overall_feeling": "poor"}).status_code == 200
    debrief.refresh_from_db()
    assert debrief.what_worked == "The host"
    with pytest.raises(ApplicationError, match="already been sent"):
        debrief_submit(token=token, data={"what_worked": "Changed"})
    other, token = debrief_with_link()
    with pytest.raises(ApplicationError, match="expired"):
        debrief_submit(token=token, data={}, now=timezone.now() + timedelta(days=31))


def test_coordinator_records_a_face_to_face_debrief(client, coordinator):
    client.force_login(coordinator)
    influencer = DebriefFactory().influencer
    summit = SummitFactory()
    response = client.post(
        reverse("feedback:debrief_record"),
        {"influencer": influencer.pk, "summit": summit.pk, "what_worked": "Food", "overall_feeling": "good"},
    )
    debrief = InfluencerDebrief.objects.get(recorded_by=coordinator)
    assert response["Location"] == reverse("feedback:debrief_detail", kwargs={"pk": debrief.pk})
    assert (debrief.summit, debrief.what_worked, debrief.is_submitted) == (summit, "Food", True)


@pytest.mark.parametrize("rows", [1, 20])
def test_interest_list_query_count(client, coordinator, rows, django_assert_max_num_queries):
    client.force_login(coordinator)
    InterestFactory.create_batch(rows, summit=SummitFactory())
    with django_assert_max_num_queries(12):
        assert client.get(reverse("feedback:interest_list")).status_code == 200


@pytest.mark.parametrize("rows", [1, 20])
def test_debrief_list_query_count(client, oversight, rows, django_assert_max_num_queries):
    client.force_login(oversight)
    DebriefFactory.create_batch(rows)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("feedback:debrief_list")).status_code == 200


def test_debrief_list_shows_waiting_or_received(client, oversight):
    waiting = DebriefFactory()
    received = DebriefFactory(submitted_at=timezone.now())
    client.force_login(oversight)
    url = reverse("feedback:debrief_list")

    def listed(**query):
        return [debrief.pk for debrief in client.get(url, query).context["debriefs"]]

    assert listed() == [received.pk, waiting.pk]
    assert listed(state="waiting") == [waiting.pk]
    assert listed(state="received") == [received.pk]
    assert listed(state="bogus") == [received.pk, waiting.pk]
    assert '<option value="waiting" selected>' in client.get(url, {"state": "waiting"}).content.decode()


def test_interest_list_filters_and_ignores_bad_filters(client, coordinator):
    client.force_login(coordinator)
    InterestFactory(name="Ada New")
    InterestFactory(name="Ben Contacted", status="contacted")
    page = client.get(reverse("feedback:interest_list"), {"status": "contacted"}).content.decode()
    assert "Ben Contacted" in page and "Ada New" not in page
    assert client.get(reverse("feedback:interest_list"), {"status": "nonsense", "summit": "x"}).status_code == 200
    assert client.get(reverse("feedback:interest_list"), {"page": "99"}).status_code == 404


def test_survey_page_shows_tracking_and_results(client, oversight):
    summit = SummitFactory()
    survey = survey_ensure(summit=summit)
    _, token = invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=summit))
    invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=summit))
    survey_answer_by_link(token=token, answers={"overall": 4, "ethnicity": "Prefer not to say"})
    for _ in range(4):  # results are shown from five responses on
        survey_answer_open(survey=survey, answers={"overall": 4})
    client.force_login(oversight)
    page = client.get(reverse("feedback:survey_detail", kwargs={"slug": summit.slug})).content.decode()
    assert "50.0%" in page and "Average 4.0 out of 5" in page
    assert "Send invitations now" not in page  # oversight reads only


def test_survey_page_withholds_results_below_five_responses(client, oversight):
    summit = SummitFactory()
    survey = survey_ensure(summit=summit)
    for _ in range(4):
        survey_answer_open(survey=survey, answers={"overall": 2, "differently": "Shorter speeches"})
    client.force_login(oversight)
    url = reverse("feedback:survey_detail", kwargs={"slug": summit.slug})
    page = client.get(url).content.decode()
    assert "Shorter speeches" not in page and "Average 2.0" not in page
    assert "at least 5 people have answered (4 so far)" in page
    survey_answer_open(survey=survey, answers={"overall": 2})
    aggregates_invalidate()  # the tallies are cached and answers do not move the cache on
    page = client.get(url).content.decode()
    assert "Shorter speeches" in page and "Average 2.0 out of 5" in page


def test_survey_page_suppresses_respondents_diversity(client, oversight):
    """Six respondents, five White and one Black: "Black 1" is hidden, and since "Not answered" is a cell of its own
    (0, hidden too), the shown total of six minus "White 5" never gives the one back."""
    from feedback.selectors import survey_results

    summit = SummitFactory()
    survey = survey_ensure(summit=summit)
    for _ in range(5):
        survey_answer_open(survey=survey, answers={"overall": 4, "ethnicity": "White"})
    survey_answer_open(survey=survey, answers={"overall": 4, "ethnicity": "Black, Black British, Caribbean or African"})
    tally = dict(next(r for r in survey_results(survey) if r["question"].key == "ethnicity")["tally"])
    assert tally["White"] == "5"
    assert tally["Black, Black British, Caribbean or African"] == "<5" and tally["Not answered"] == "<5"
    assert "1" not in tally.values()
    client.force_login(oversight)
    page = client.get(reverse("feedback:survey_detail", kwargs={"slug": summit.slug})).content.decode()
    assert "Your ethnic group</h3>" in page  # no answer count beside it


def test_coordinator_edits_the_questions(client, coordinator):
    summit = SummitFactory()
    survey = survey_ensure(summit=summit)
    client.force_login(coordinator)
    url = reverse("feedback:question_create", kwargs={"slug": summit.slug})
    response = client.post(
        url, {"text": "Was the venue easy to reach?", "kind": "single", "choices_text": "Yes", "position": 9}
    )
    assert "at least two options" in response.content.decode()
    client.post(
        url, {"text": "Was the venue easy to reach?", "kind": "single", "choices_text": "Yes\nNo", "position": 9}
    )
    question = survey.questions.get(text="Was the venue easy to reach?")
    assert question.choices == ["Yes", "No"] and question.key == "was-the-venue-easy-to-reach"
    delete = reverse("feedback:question_delete", kwargs={"slug": summit.slug, "pk": question.pk})
    page = client.get(delete).content.decode()
    survey_url = reverse("feedback:survey_detail", kwargs={"slug": summit.slug})
    assert 'class="btn btn-danger">Delete</button>' in page and f'href="{survey_url}#questions">Keep it</a>' in page
    assert 'name="text"' not in page  # the confirm page shows none of the question form's fields
    client.post(delete)
    assert not survey.questions.filter(pk=question.pk).exists()


def test_poster_has_two_qr_codes_as_data_uris(client, coordinator):
    summit = SummitFactory()
    survey = survey_ensure(summit=summit)
    client.force_login(coordinator)
    page = client.get(reverse("feedback:poster", kwargs={"slug": summit.slug})).content.decode()
    assert page.count('src="data:image/svg+xml') == 2
    assert f"/survey/{survey.open_token}/" in page and f"/interest/?summit={summit.slug}&amp;from=stall" in page


def test_summit_page_shows_the_feedback_section(client, coordinator):
    summit = SummitFactory()
    survey_ensure(summit=summit)
    client.force_login(coordinator)
    page = client.get(summit.get_absolute_url()).content.decode()
    assert reverse("feedback:survey_detail", kwargs={"slug": summit.slug}) in page and "response rate" in page


def test_choice_tallies_match_whole_labels_with_any_characters(db):
    """The survey page and the evaluation report count a choice by its whole label, accents and curly quotes
    included, and "No" is not counted inside "No change"."""
    from feedback.selectors import survey_results
    from feedback.services import survey_answer_open
    from reports.selectors import summit_survey

    summit = SummitFactory()
    survey = survey_ensure(summit=summit)
    labels = ["Café", "Don’t know", "No", "No change"]
    question = survey.questions.create(
        text="Where did you hear?", key="heard", kind="single", choices=labels, position=20
    )
    for label in ["Café", "Café", "Don’t know", "No change"]:
        survey_answer_open(survey=survey, answers={"heard": label})
    survey_answer_open(survey=survey, answers={})  # a fifth response, so that results are shown at all
    expected = [("Café", 2), ("Don’t know", 1), ("No", 0), ("No change", 1)]
    assert next(r for r in survey_results(survey) if r["question"] == question)["tally"] == expected
    evaluation = summit_survey(summit, include_hidden=True)
    assert next(r for r in evaluation["results"] if r["question"] == question)["tally"] == expected


def test_interest_pages_and_export_show_areas_as_labels_not_codes(client, coordinator):
    from reports.exports import interest_contacts_csv
    from reports.periods import current_quarter

    interest = InterestFactory(name="Ada Area", interests=["officer", "ward_panel"])
    client.force_login(coordinator)
    detail = client.get(reverse("feedback:interest_detail", kwargs={"pk": interest.pk})).content.decode()
    assert "<li>Becoming a police officer</li><li>Safer neighbourhood ward panels</li>" in detail
    assert "<li>officer</li>" not in detail
    listing = client.get(reverse("feedback:interest_list")).content.decode()
    assert "Becoming a police officer; Safer neighbourhood ward panels" in listing and "2 areas" not in listing
    text, _ = interest_contacts_csv(current_quarter())
    assert "Becoming a police officer; Safer neighbourhood ward panels" in text
