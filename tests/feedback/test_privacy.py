"""Answers cannot be joined to the people invited: not through the admin, the logs or the database's row order."""

import logging
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from btb.logging import MaskSecretsFilter
from feedback.models import InvitationUse, SurveyAnswer, SurveyResponse
from feedback.services import responses_shuffle, survey_answer_by_link, survey_ensure
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.factories import invitation_with_link


@pytest.mark.django_db
def test_admin_shows_invitation_uses_only_as_a_count(admin_client):
    summit = SummitFactory(title="Peckham summit")
    survey = survey_ensure(summit=summit)
    invitation, token = invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=summit))
    survey_answer_by_link(token=token, answers={"overall": 4})
    page = admin_client.get(reverse("admin:feedback_invitationuse_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Invitations answered" in html and "<td>1</td>" in html
    assert f"Invitation {invitation.pk} used" not in html
    change = reverse("admin:feedback_invitationuse_change", args=[invitation.pk])
    assert admin_client.get(change, follow=True).redirect_chain  # no such page: back to the admin index
    assert admin_client.get(reverse("admin:feedback_invitationuse_add")).status_code == 403
    # The invitation list cannot be filtered by whether it was used.
    listing = reverse("admin:feedback_surveyinvitation_changelist")
    assert admin_client.get(listing, {"use__isnull": "False"}).status_code in (302, 400)
    assert InvitationUse.objects.count() == 1


def _physical_order(model, column):
    """What a database dump gives away: the rows in the order they sit in the table."""
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} ORDER BY {position}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def _attacker_pairs(truth):
    """Pair the n-th invitation use with the n-th response, as they sit in their tables; count the right pairs."""
    uses = _physical_order(InvitationUse, "invitation_id")
    responses = {r.pk: r for r in SurveyResponse.objects.prefetch_related("answers")}
    # Raw SQL gives the key as the engine stores it (SQLite: 32 hex digits, no dashes).
    ordered = [responses[uuid.UUID(str(pk))] for pk in _physical_order(SurveyResponse, "id")]
    texts = [next(a.text for a in response.answers.all() if a.text) for response in ordered]
    return sum(truth[invitation_id] == text for invitation_id, text in zip(uses, texts, strict=True))


PEOPLE = 30


def test_the_days_rows_and_log_pair_answers_no_better_than_chance(transactional_db, settings, caplog):
    """A day with thirty answers through links. The attacker has the database (both tables in their physical order,
    and on PostgreSQL each row's transaction id) and the day's access log. Before the shuffle, pairing the n-th use
    with the n-th response names everyone; after it, the right pairs are what chance gives (one on average: the
    fixed points of a random permutation; seven or more has a probability under 1 in 10,000)."""
    settings.SURVEY_RESPONSE_SHUFFLE_BATCH = 1000  # only the end-of-day pass, so the test sees both states
    summit = SummitFactory()
    survey = survey_ensure(summit=summit)
    invited = [invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=summit)) for _ in range(PEOPLE)]
    truth = {}
    log = logging.getLogger("django.server")
    mask = MaskSecretsFilter()
    lines = []
    for number, (invitation, token) in enumerate(invited):
        survey_answer_by_link(token=token, answers={"overall": 1 + number % 5, "differently": f"answer {number}"})
        truth[invitation.pk] = f"answer {number}"
        for method in ("GET", "POST"):
            record = log.makeRecord(
                log.name, logging.INFO, __file__, 0, '"%s" %s %s', (f"{method} /s/{token}/ HTTP/1.1", "302", "0"), None
            )
            mask.filter(record)
            lines.append(record.getMessage())
    # The log carries no token, so its order (which is the order of the uses) adds nothing to the dump.
    assert not any(token in line for line in lines for _, token in invited)
    assert all("/s/***/" in line for line in lines)

    if connection.vendor == "postgresql":
        assert _attacker_pairs(truth) == PEOPLE  # the attack is real on the rows as written
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(DISTINCT xmin::text) FROM feedback_surveyresponse")
            assert cursor.fetchone()[0] == PEOPLE  # and the use and the response never shared one

    result = responses_shuffle(today=timezone.localdate() + timedelta(days=1))
    assert result["with_their_day"] == PEOPLE
    assert _attacker_pairs(truth) <= 6
    assert SurveyResponse.objects.filter(shuffle_stage=2).count() == PEOPLE
    assert SurveyAnswer.objects.filter(response__survey=survey).count() == PEOPLE * 2  # nothing lost
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(DISTINCT xmin::text) FROM feedback_surveyresponse")
            assert cursor.fetchone()[0] == 1  # one transaction id for the whole day


def test_a_full_batch_is_shuffled_during_the_day(db, settings):
    settings.SURVEY_RESPONSE_SHUFFLE_BATCH = 3
    survey = survey_ensure(summit=SummitFactory())
    from feedback.services import survey_answer_open

    for _ in range(2):
        survey_answer_open(survey=survey, answers={"overall": 3})
    assert responses_shuffle()["batched"] == 0
    survey_answer_open(survey=survey, answers={"overall": 3})
    assert responses_shuffle()["batched"] == 3
    assert set(SurveyResponse.objects.values_list("shuffle_stage", flat=True)) == {1}
    assert responses_shuffle() == {"batched": 0, "with_their_day": 0}


def test_a_hidden_comment_survives_the_shuffle(db, coordinator):
    from reports.models import HiddenComment

    survey = survey_ensure(summit=SummitFactory())
    from feedback.services import survey_answer_open

    survey_answer_open(survey=survey, answers={"differently": "Less talk"})
    answer = SurveyAnswer.objects.get(text="Less talk")
    HiddenComment.objects.create(answer=answer, hidden_by=coordinator)
    responses_shuffle(today=timezone.localdate() + timedelta(days=1))
    assert HiddenComment.objects.get().answer_id == answer.pk
    assert SurveyAnswer.objects.get(pk=answer.pk).text == "Less talk"
