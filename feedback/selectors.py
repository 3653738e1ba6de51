"""Reads for the feedback pages: response tracking and results in aggregate, in a fixed number of queries."""

import json
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast

from btb.aggregates import cached_aggregate
from btb.outbox.enums import OPEN_STATUSES, MailStatus
from btb.outbox.models import OutgoingMail
from btb.suppression import enough_to_show, suppressed_pairs
from events.models import Summit

from .enums import QuestionKind
from .models import (
    ExpressionOfInterest,
    InfluencerDebrief,
    InvitationUse,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyOptOut,
)
from .rules import can_manage, can_read
from .services.dispatch import INVITATION, REMINDER
from .services.tokens import email_digest


def _mail_counts(mails) -> dict:
    """Invitation and reminder e-mails (outbox rows) counted by what became of them."""
    rows = mails.filter(kind__in=[INVITATION, REMINDER]).values_list("kind", "status").annotate(n=Count("pk"))
    by = {(kind, status): n for kind, status, n in rows.order_by()}
    return {
        "invited": by.get((INVITATION, MailStatus.SENT), 0),
        "waiting": sum(by.get((INVITATION, status), 0) for status in OPEN_STATUSES),
        "reminded": by.get((REMINDER, MailStatus.SENT), 0),
        "bounced": by.get((INVITATION, MailStatus.FAILED), 0) + by.get((REMINDER, MailStatus.FAILED), 0),
        "skipped": by.get((INVITATION, MailStatus.SKIPPED), 0),
    }


def survey_invited(summits) -> dict:
    """Across ``summits`` (a queryset): how many were sent an invitation and how many answered through one."""
    invitations = SurveyInvitation.objects.filter(survey__summit__in=summits)
    invited = OutgoingMail.objects.filter(
        kind=INVITATION,
        status=MailStatus.SENT,
        about_type=ContentType.objects.get_for_model(SurveyInvitation),
        about_id__in=invitations.values("pk"),
    ).count()
    return {"invited": invited, "responded": InvitationUse.objects.filter(invitation__in=invitations).count()}


def survey_tracking(survey: Survey) -> dict:
    counts = _mail_counts(OutgoingMail.objects.filter(scope=f"summit:{survey.summit_id}"))
    counts["responded"] = InvitationUse.objects.filter(invitation__survey=survey).count()
    opted_out = set(SurveyOptOut.objects.values_list("email_digest", flat=True))
    emails = survey.summit.ticket_holders.exclude(email="").values_list("email", flat=True)
    counts["opted_out"] = sum(email_digest(email) in opted_out for email in emails) if opted_out else 0
    responses = survey.responses.aggregate(total=Count("pk"), on_the_day=Count("pk", filter=Q(on_the_day=True)))
    counts["responses"], counts["on_the_day"] = responses["total"], responses["on_the_day"]
    counts["response_rate"] = (
        (Decimal(100) * counts["responded"] / counts["invited"]).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if counts["invited"]
        else None
    )
    return counts


TEXTS_SHOWN = 50


def answers_for_tally() -> QuerySet[SurveyAnswer]:
    """Survey answers ready for ``has_choice`` filters (the JSON as text where the database needs it)."""
    if connection.vendor == "postgresql":
        return SurveyAnswer.objects.all()
    return SurveyAnswer.objects.annotate(choices_text=Cast("choices", TextField()))


def has_choice(label: str) -> Q:
    """An answer (from ``answers_for_tally``) whose choices include ``label``. On PostgreSQL, jsonb containment
    (``@>``): no text conversion per row, which matters when a report counts a million answers. Elsewhere, a match
    on the JSON text, where the quotes keep "No" from matching "No change"."""
    if connection.vendor == "postgresql":
        return Q(choices__contains=[label])
    return Q(choices_text__contains=json.dumps(label))


def survey_tracking_cached(survey: Survey) -> dict:
    """``survey_tracking`` through the aggregate cache (it counts every invitation and ticket holder)."""
    return cached_aggregate("feedback.survey_tracking", (survey.pk,), lambda: survey_tracking(survey))


def question_tallies(questions, answers: QuerySet[SurveyAnswer], *, shown_texts: Q | None = None) -> list[dict]:
    """Each question with its answers in aggregate, all in one query over ``answers`` (from ``answers_for_tally``,
    narrowed to a survey): the number of answers; for a rating, the tally of 1 to 5 and the average; for a choice,
    the tally of each option; for free text outside "about you", the number of answers written, counting only
    ``shown_texts`` if given. The survey page and the reports read their figures here, so they always agree."""
    questions = list(questions)
    aggregates = {}
    for question in questions:
        on_question = Q(question_id=question.pk)
        aggregates[f"n{question.pk}"] = Count("pk", filter=on_question)
        if question.kind == QuestionKind.RATING:
            for n in range(1, 6):
                aggregates[f"q{question.pk}_{n}"] = Count("pk", filter=on_question & Q(rating=n))
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            for index, label in enumerate(question.choices):
                aggregates[f"q{question.pk}_{index}"] = Count("pk", filter=on_question & has_choice(label))
        elif not question.about_you:
            written = on_question & ~Q(text="")
            aggregates[f"t{question.pk}"] = Count("pk", filter=written & shown_texts if shown_texts else written)
    counts = answers.aggregate(**aggregates) if aggregates else {}
    results = []
    for question in questions:
        result = {"question": question, "count": counts.get(f"n{question.pk}", 0)}
        if question.kind == QuestionKind.RATING:
            tally = [(str(n), counts[f"q{question.pk}_{n}"]) for n in range(1, 6)]
            rated = sum(count for _, count in tally)
            result["tally"] = tally
            result["average"] = (
                (Decimal(sum(int(n) * count for n, count in tally)) / rated).quantize(Decimal("0.1"), ROUND_HALF_UP)
                if rated
                else None
            )
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            result["tally"] = [
                (label, counts[f"q{question.pk}_{index}"]) for index, label in enumerate(question.choices)
            ]
        elif not question.about_you:
            result["text_count"] = counts[f"t{question.pk}"]
        results.append(result)
    return results


def latest_texts(survey: Survey, question) -> QuerySet[SurveyAnswer]:
    """A free-text question's written answers, newest first."""
    return (
        SurveyAnswer.objects.filter(response__survey=survey, question=question)
        .exclude(text="")
        .order_by("-response__submitted_on", "-pk")
    )


NOT_ANSWERED = "Not answered"


def survey_results(survey: Survey) -> list[dict]:
    """Each question with its answers in aggregate; free text only for the main part, never for "about you".

    Nothing at all (an empty list) until the survey has enough responses to be described without pointing to
    anyone; "about you" tallies are a breakdown of people, so they are suppressed like every other one, with the
    respondents who did not answer as a cell of their own so that the shown total cannot recover a hidden count.

    The tallies are one aggregate query however many responses there are, and each free-text question shows its
    latest ``TEXTS_SHOWN`` comments (one query each) with the total, so the page stays as fast with 100,000
    responses as with ten."""
    responses = survey.responses.count()
    if not enough_to_show(responses):
        return []
    results = question_tallies(survey.questions.all(), answers_for_tally().filter(response__survey=survey))
    for result in results:
        question = result["question"]
        if question.about_you and "tally" in result:
            cells = list(result["tally"])
            if question.kind == QuestionKind.SINGLE:
                cells.append((NOT_ANSWERED, responses - result["count"]))
            result["tally"] = suppressed_pairs(cells)
        if "text_count" in result:
            texts = latest_texts(survey, result["question"]).values_list("text", flat=True)
            result["texts"] = list(texts[:TEXTS_SHOWN]) if result["text_count"] else []
    return results


def summit_for_survey(user, slug: str) -> Summit | None:
    if not can_read(user):
        return None
    return Summit.objects.select_related("survey").filter(slug=slug).first()


def interests_visible_to(user) -> QuerySet[ExpressionOfInterest]:
    if not can_manage(user):
        return ExpressionOfInterest.objects.none()
    return ExpressionOfInterest.objects.select_related("summit", "appearance")


def debriefs_visible_to(user) -> QuerySet[InfluencerDebrief]:
    if not can_read(user):
        return InfluencerDebrief.objects.none()
    return InfluencerDebrief.objects.select_related("influencer", "summit", "appearance", "recorded_by")
