"""Reads for the feedback pages: response tracking and results in aggregate, in a fixed number of queries."""

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from events.models import Summit

from .enums import DeliveryStatus, QuestionKind
from .models import ExpressionOfInterest, InfluencerDebrief, Survey, SurveyAnswer, SurveyOptOut
from .rules import can_manage, can_read
from .services.tokens import email_digest


def survey_tracking(survey: Survey) -> dict:
    counts = survey.invitations.aggregate(
        invited=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
        waiting=Count("pk", filter=Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])),
        reminded=Count("pk", filter=Q(reminder_status=DeliveryStatus.SENT)),
        bounced=Count("pk", filter=Q(status=DeliveryStatus.FAILED) | Q(reminder_status=DeliveryStatus.FAILED)),
        skipped=Count("pk", filter=Q(status=DeliveryStatus.SKIPPED)),
        responded=Count("use"),
    )
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


def survey_results(survey: Survey) -> list[dict]:
    """Each question with its answers in aggregate; free text only for the main part, never for "about you"."""
    questions = list(survey.questions.all())
    answers = SurveyAnswer.objects.filter(response__survey=survey).values_list(
        "question_id", "rating", "choices", "text"
    )
    by_question = {question.pk: [] for question in questions}
    for question_id, rating, choices, text in answers:
        by_question.setdefault(question_id, []).append((rating, choices, text))
    results = []
    for question in questions:
        rows = by_question[question.pk]
        result = {"question": question, "count": len(rows)}
        if question.kind == QuestionKind.RATING:
            ratings = [rating for rating, _, _ in rows if rating]
            tally = Counter(ratings)
            result["average"] = (
                (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.1"), ROUND_HALF_UP) if ratings else None
            )
            result["tally"] = [(str(n), tally.get(n, 0)) for n in range(1, 6)]
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            tally = Counter(choice for _, choices, _ in rows for choice in choices)
            result["tally"] = [(choice, tally.get(choice, 0)) for choice in question.choices]
        elif not question.about_you:
            result["texts"] = [text for _, _, text in rows if text]
        results.append(result)
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
