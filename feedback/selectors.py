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
from btb.statistics import Change, Share
from btb.suppression import enough_to_show, suppressed_pairs
from events.models import Summit

from .enums import EVIDENCE_EXPLAINED, EvidenceLevel, QuestionKind
from .models import (
    BaselineAnswer,
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
    counts["response_share"] = (
        Share(min(counts["responded"], counts["invited"]), counts["invited"]) if counts["invited"] else None
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
    results = question_tallies(
        survey.questions.select_related("standard"), answers_for_tally().filter(response__survey=survey)
    )
    for result in results:
        question = result["question"]
        if question.about_you and "tally" in result:
            cells = list(result["tally"])
            if question.kind == QuestionKind.SINGLE:
                cells.append((NOT_ANSWERED, responses - result["count"]))
            result["tally"] = suppressed_pairs(cells)
        elif "tally" in result:
            _add_shares(result)
        if "text_count" in result:
            texts = latest_texts(survey, result["question"]).values_list("text", flat=True)
            result["texts"] = list(texts[:TEXTS_SHOWN]) if result["text_count"] else []
    return results


def _add_shares(result: dict) -> None:
    """Each option's share of those who answered the question, with its interval; for a standard measure, the
    positive share the official figure reports (e.g. "Excellent" or "Good")."""
    n = result["count"]
    result["shares"] = [(label, count, Share(count, n) if n else None) for label, count in result["tally"]]
    standard = result["question"].standard
    if standard is not None and n:
        counts = dict(result["tally"])
        result["positive"] = Share(sum(counts.get(label, 0) for label in standard.positive_choices), n)
        result["positive_label"] = " or ".join(standard.positive_choices)


def baseline_answers_for_tally() -> QuerySet[BaselineAnswer]:
    if connection.vendor == "postgresql":
        return BaselineAnswer.objects.all()
    return BaselineAnswer.objects.annotate(choices_text=Cast("choices", TextField()))


OFFICIAL_WINDOW_DAYS = 366


def official_figures_for(summit: Summit, measure_ids) -> dict:
    """For each measure, the borough's official figure for the period nearest the summit's day (within a year),
    preferring the period that contains it (the first to end on or after the day)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import OfficialFigure

    if summit.borough_id is None or summit.starts_at is None or not measure_ids:
        return {}
    day = timezone.localdate(summit.starts_at)
    window = timedelta(days=OFFICIAL_WINDOW_DAYS)
    figures = OfficialFigure.objects.filter(
        borough_id=summit.borough_id, measure_id__in=measure_ids, period_end__range=(day - window, day + window)
    ).select_related("borough")
    best = {}
    for figure in figures:
        rank = (abs((figure.period_end - day).days), figure.period_end < day)
        if figure.measure_id not in best or rank < best[figure.measure_id][0]:
            best[figure.measure_id] = (rank, figure)
    return {measure_id: figure for measure_id, (_, figure) in best.items()}


def recruitment_variants(interests: QuerySet[ExpressionOfInterest], *, shown_from=None, shown_to=None) -> list[dict]:
    """The recruitment message trial: per message, how often the interest form showed it, how many expressed
    interest under it, and how far they went, each conversion as a share with its Wilson interval. Two queries."""
    from django.db.models import Sum

    from .enums import InterestStatus, MessagePlace, RecruitmentMessage
    from .models import MessageImpression

    impressions = MessageImpression.objects.filter(place=MessagePlace.INTEREST_FORM)
    if shown_from is not None:
        impressions = impressions.filter(shown_on__gte=shown_from)
    if shown_to is not None:
        impressions = impressions.filter(shown_on__lte=shown_to)
    shown = dict(impressions.values("variant").annotate(total=Sum("count")).values_list("variant", "total"))
    applied = (InterestStatus.APPLIED, InterestStatus.JOINED)
    counts = {
        row["message_variant"]: row
        for row in interests.exclude(message_variant="")
        .values("message_variant")
        .annotate(
            interests=Count("pk"),
            applied=Count("pk", filter=Q(status__in=applied)),
            joined=Count("pk", filter=Q(status=InterestStatus.JOINED)),
        )
        .order_by()
    }
    rows = []
    for variant, label in RecruitmentMessage.choices:
        row = counts.get(variant, {"interests": 0, "applied": 0, "joined": 0})
        views = shown.get(variant) or 0
        rows.append(
            {
                "variant": variant,
                "label": label,
                "shown": views,
                "interests": row["interests"],
                "applied": row["applied"],
                "joined": row["joined"],
                # Someone can fill the form in twice on one view (rare); the share is capped so it stays a share.
                "interest_share": Share(min(row["interests"], views), views) if views else None,
                "applied_share": Share(row["applied"], row["interests"]) if row["interests"] else None,
                "joined_share": Share(row["joined"], row["interests"]) if row["interests"] else None,
            }
        )
    return rows


def official_figure_uploads(limit: int = 20) -> list:
    from .models import OfficialFigureUpload

    return list(OfficialFigureUpload.objects.select_related("uploaded_by")[:limit])


def official_coverage() -> list[dict]:
    """Per borough: how many figures are held and the latest period, in one query."""
    from django.db.models import Max

    from .models import OfficialFigure

    return list(
        OfficialFigure.objects.values("borough__name")
        .annotate(figures=Count("pk"), latest=Max("period_end"))
        .order_by("borough__name")
    )


def before_and_after(survey: Survey) -> dict:
    """The survey's standard questions: before (the baseline on arrival) and after (the survey), each as the
    positive share with its interval and n, the change between the two groups with Newcombe's interval, and the
    borough's official figure for the period; with the strength of evidence they give.

    The survey's row of ``evaluation_by_summit``, the board report's source, so the survey page and the board's
    tables cannot differ. Two groups, never pairs: nothing links a baseline to a follow-up. Neither side is
    described until it has as many answers as results need (``enough_to_show``)."""
    evaluation = next(iter(evaluation_by_summit(Summit.objects.filter(pk=survey.summit_id))), None)
    if evaluation is None:  # the survey was deleted meanwhile
        return {
            "baseline_total": 0,
            "after_total": 0,
            "shown": False,
            "official": False,
            "rows": [],
            "evidence": evidence_label(before_and_after=False, comparison=False),
        }
    return {
        "baseline_total": evaluation["before_total"],
        "after_total": evaluation["after_total"],
        "shown": evaluation["shown"],
        "official": any(row["official"] for row in evaluation["rows"]),
        "rows": evaluation["rows"],
        "evidence": evaluation["evidence"],
    }


def evidence_label(*, before_and_after: bool, comparison: bool) -> dict:
    """The strength of evidence a summit's results have: post-only, before-and-after (the baseline has enough
    answers to compare), or before-and-after with the borough's official figure beside them."""
    if before_and_after and comparison:
        level = EvidenceLevel.COMPARISON
    elif before_and_after:
        level = EvidenceLevel.BEFORE_AFTER
    else:
        level = EvidenceLevel.POST_ONLY
    return {"level": level.value, "label": level.label, "explanation": EVIDENCE_EXPLAINED[level]}


def summits_with_actions(*, slug: str | None = None) -> list[Summit]:
    """Summits with "you said, we did" entries, newest first, each with its entries (two queries in all)."""
    from django.db.models import Prefetch

    from .models import FeedbackAction

    summits = Summit.objects.filter(feedback_actions__isnull=False).distinct().order_by("-starts_at", "-pk")
    if slug:
        summits = summits.filter(slug=slug)
    return list(
        summits.only("title", "slug", "starts_at").prefetch_related(
            Prefetch("feedback_actions", queryset=FeedbackAction.objects.only("summit_id", "you_said", "we_did"))
        )
    )


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


def _positive_by_question(answers, questions) -> dict:
    """(positive, answered) for each standard question, all surveys at once: one grouped query."""
    if not questions:
        return {}
    positive = Q()
    for measure_id, labels in {q.standard_id: q.standard.positive_choices for q in questions}.items():
        either = Q()
        for label in labels:
            either |= has_choice(label)
        positive |= Q(question__standard_id=measure_id) & either
    rows = (
        answers.filter(question__in=[q.pk for q in questions])
        .values("question_id")
        .annotate(n=Count("pk"), p=Count("pk", filter=positive))
        .order_by()
    )
    return {row["question_id"]: (row["p"], row["n"]) for row in rows}


def evaluation_by_summit(summits) -> list[dict]:
    """For the board report: each summit's survey evidence (label, responses, baseline) and its standard measures
    before and after with intervals and n, beside the borough's official figure, in a fixed number of queries
    however many summits. The same rules as the survey page: nothing of a side with fewer than
    ``enough_to_show`` responses."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import BaselineResponse, OfficialFigure, SurveyQuestion, SurveyResponse

    surveys = list(Survey.objects.filter(summit__in=summits).select_related("summit__borough"))
    if not surveys:
        return []
    ids = [survey.pk for survey in surveys]
    after_totals = dict(
        SurveyResponse.objects.filter(survey__in=ids)
        .values("survey_id")
        .annotate(n=Count("pk"))
        .values_list("survey_id", "n")
    )
    before_totals = dict(
        BaselineResponse.objects.filter(survey__in=ids)
        .values("survey_id")
        .annotate(n=Count("pk"))
        .values_list("survey_id", "n")
    )
    questions = list(SurveyQuestion.objects.filter(survey__in=ids).exclude(standard=None).select_related("standard"))
    after = _positive_by_question(answers_for_tally(), questions)
    before = _positive_by_question(baseline_answers_for_tally(), questions)
    days = [timezone.localdate(s.summit.starts_at) for s in surveys if s.summit.starts_at]
    figures = (
        list(
            OfficialFigure.objects.filter(
                borough_id__in={s.summit.borough_id for s in surveys if s.summit.borough_id},
                measure_id__in={q.standard_id for q in questions},
                period_end__range=(
                    min(days) - timedelta(days=OFFICIAL_WINDOW_DAYS),
                    max(days) + timedelta(days=OFFICIAL_WINDOW_DAYS),
                ),
            )
        )
        if days and questions
        else []
    )
    by_survey = {}
    for question in questions:
        by_survey.setdefault(question.survey_id, []).append(question)
    results = []
    for survey in sorted(surveys, key=lambda s: (s.summit.starts_at is None, s.summit.starts_at, s.pk)):
        summit = survey.summit
        after_total, before_total = after_totals.get(survey.pk, 0), before_totals.get(survey.pk, 0)
        before_shown, after_shown = enough_to_show(before_total), enough_to_show(after_total)
        official = _nearest_figures(summit, figures)
        rows = []
        if after_shown:
            for question in by_survey.get(survey.pk, []):
                after_share = Share(*after.get(question.pk, (0, 0)))
                before_share = Share(*before.get(question.pk, (0, 0))) if before_shown else None
                rows.append(
                    {
                        "question": question,
                        "positive_label": " or ".join(question.standard.positive_choices),
                        "before": before_share,
                        "after": after_share,
                        "change": Change(before_share, after_share) if before_share else None,
                        "official": official.get(question.standard_id),
                    }
                )
        label = evidence_label(
            before_and_after=before_shown and after_shown, comparison=any(row["official"] for row in rows)
        )
        results.append(
            {
                "summit": summit,
                "after_total": after_total,
                "before_total": before_total,
                "shown": before_shown and after_shown,
                "evidence": label,
                "rows": rows,
            }
        )
    return results


def _nearest_figures(summit: Summit, figures) -> dict:
    """``official_figures_for`` over figures already read."""
    from datetime import timedelta

    from django.utils import timezone

    if summit.borough_id is None or summit.starts_at is None:
        return {}
    day = timezone.localdate(summit.starts_at)
    best = {}
    for figure in figures:
        if figure.borough_id != summit.borough_id or abs(figure.period_end - day) > timedelta(
            days=OFFICIAL_WINDOW_DAYS
        ):
            continue
        rank = (abs((figure.period_end - day).days), figure.period_end < day)
        if figure.measure_id not in best or rank < best[figure.measure_id][0]:
            best[figure.measure_id] = (rank, figure)
    return {measure_id: figure for measure_id, (_, figure) in best.items()}
