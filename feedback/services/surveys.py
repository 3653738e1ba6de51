"""Surveys, their questions, and answers from a link or from the QR code on the day."""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from btb.errors import ApplicationError
from events.models import Summit

from ..enums import QuestionKind
from ..models import (
    BaselineAnswer,
    BaselineResponse,
    InvitationUse,
    StandardMeasure,
    Survey,
    SurveyAnswer,
    SurveyLink,
    SurveyOptOut,
    SurveyQuestion,
    SurveyResponse,
)
from ..survey_template import DEFAULT_INTRO, DEFAULT_QUESTIONS, default_title
from .tokens import email_digest, token_hash

OPT_OUT_SALT = "feedback.opt-out"


@transaction.atomic
def survey_ensure(*, summit: Summit) -> Survey:
    """The summit's survey, created from the default template the first time it is needed."""
    survey = Survey.objects.filter(summit=summit).first()
    if survey is not None:
        return survey
    survey = Survey.objects.create(
        summit=summit,
        title=default_title(summit.title),
        intro=DEFAULT_INTRO,
        open_token=secrets.token_urlsafe(24),
    )
    bank = {measure.code: measure for measure in StandardMeasure.objects.filter(in_core=True)}
    rows = []
    for question in DEFAULT_QUESTIONS:
        if "standard" in question:
            if question["standard"] in bank:
                rows.append(_question_from_measure(survey, bank[question["standard"]]))
            continue
        rows.append(
            SurveyQuestion(
                survey=survey,
                key=question["key"],
                kind=question["kind"],
                text=question["text"],
                help_text=question.get("help_text", ""),
                choices=question.get("choices", []),
                required=question.get("required", False),
                about_you=question.get("about_you", False),
            )
        )
    for position, row in enumerate(rows, start=1):
        row.position = position
    SurveyQuestion.objects.bulk_create(rows)
    return survey


def _question_from_measure(survey: Survey, measure: StandardMeasure, position: int = 1) -> SurveyQuestion:
    return SurveyQuestion(
        survey=survey,
        position=position,
        key=measure.code,
        kind=QuestionKind.SINGLE,
        text=measure.text,
        help_text=measure.preamble,
        choices=list(measure.choices),
        standard=measure,
    )


@transaction.atomic
def survey_add_standard(*, survey: Survey, measure: StandardMeasure) -> SurveyQuestion:
    """Add an item from the question bank, word for word, after the survey's main questions (before "about you")."""
    if survey.questions.filter(standard=measure).exists():
        raise ApplicationError(
            gettext("This survey already asks %(source_code)s.") % {"source_code": measure.source_code}, field="measure"
        )
    if survey.questions.filter(key=measure.code).exists():
        raise ApplicationError(
            gettext("Another question of this survey already has the key “%(code)s”.") % {"code": measure.code},
            field="measure",
        )
    about_you = survey.questions.filter(about_you=True).order_by("position").first()
    if about_you is not None:
        position = about_you.position
        survey.questions.filter(position__gte=position).update(position=F("position") + 1)
    else:
        position = (survey.questions.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    question = _question_from_measure(survey, measure, position)
    question.save()
    return question


STANDARD_LOCKED = (
    "This is a standard measure ({code}): its {what} cannot change, so that its answers stay comparable with the "
    "official survey. Use the translation field for another language."
)


def _refuse_rewording(question: SurveyQuestion) -> None:
    measure = question.standard
    if question.text != measure.text:
        raise ApplicationError(STANDARD_LOCKED.format(code=measure.source_code, what="wording"), field="text")
    if list(question.choices) != list(measure.choices):
        raise ApplicationError(STANDARD_LOCKED.format(code=measure.source_code, what="options"), field="choices")
    if question.kind != QuestionKind.SINGLE:
        raise ApplicationError(STANDARD_LOCKED.format(code=measure.source_code, what="kind"), field="kind")
    if question.help_text != measure.preamble:
        raise ApplicationError(STANDARD_LOCKED.format(code=measure.source_code, what="lead-in"), field="help_text")


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    title: str,
    intro: str,
    only_checked_in: bool,
    open_for_responses: bool,
    language: str | None = None,
    title_cy: str | None = None,
    intro_cy: str | None = None,
    baseline_open: bool | None = None,
):
    """Change the survey's settings; the language and the Welsh texts stay as they are when not given."""
    survey.title, survey.intro = title, intro
    survey.only_checked_in, survey.open_for_responses = only_checked_in, open_for_responses
    fields = ["title", "intro", "only_checked_in", "open_for_responses"]
    for name, value in (("language", language), ("title_cy", title_cy), ("intro_cy", intro_cy)):
        if value is not None:
            setattr(survey, name, value)
            fields.append(name)
    if baseline_open is not None:
        if baseline_open and not survey.questions.exclude(standard=None).exists():
            raise ApplicationError(
                gettext(
                    "The baseline asks the survey's standard questions, and it has none: add some from the question "
                    "bank first."
                ),
                field="baseline_open",
            )
        survey.baseline_open = baseline_open
        # Its own token, so the baseline's QR code says nothing of the follow-up survey's address.
        survey.baseline_token = survey.baseline_token or secrets.token_urlsafe(24)
        fields += ["baseline_open", "baseline_token"]
    survey.save(update_fields=fields)
    return survey


def _clean_choices(kind: str, choices) -> list[str]:
    choices = [str(choice).strip() for choice in choices or [] if str(choice).strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(choices) < 2:
        raise ApplicationError(gettext("A choice question needs at least two options, one per line."), field="choices")
    if len(set(choices)) != len(choices):
        raise ApplicationError(gettext("Each option must be different."), field="choices")
    return choices if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else []


STANDARD_WELSH = (
    "This is a standard measure ({code}): its Welsh is the published translation, kept in the catalogue, and "
    "cannot be written here."
)


def _clean_welsh_choices(choices: list[str], welsh) -> list[str]:
    """The options' Welsh, one for each English option in its order; none at all is fine (the English is shown)."""
    welsh = [str(choice).strip() for choice in welsh or []]
    while welsh and not welsh[-1]:
        welsh.pop()
    if not welsh:
        return []
    if len(welsh) != len(choices) or not all(welsh):
        raise ApplicationError(
            f"Give the Welsh of each of the {len(choices)} options, one per line in the same order, or leave the "
            "Welsh options empty.",
            field="choices_cy",
        )
    if len(set(welsh)) != len(welsh):
        raise ApplicationError(gettext("Each Welsh option must be different."), field="choices_cy")
    return welsh


@transaction.atomic
def survey_question_save(*, question: SurveyQuestion) -> SurveyQuestion:
    """Add or change a question. Questions already answered keep their kind, so the answers stay meaningful."""
    if question.pk and (question.answers.exists() or question.baseline_answers.exists()):
        stored = SurveyQuestion.objects.get(pk=question.pk)
        if stored.kind != question.kind:
            raise ApplicationError(gettext("This question has answers: its kind can no longer change."), field="kind")
    question.choices = _clean_choices(question.kind, question.choices)
    question.choices_cy = _clean_welsh_choices(question.choices, question.choices_cy)
    if question.standard_id:
        _refuse_rewording(question)
        if question.text_cy or question.help_text_cy or question.choices_cy:
            raise ApplicationError(STANDARD_WELSH.format(code=question.standard.source_code), field="text_cy")
    if not question.key:
        question.key = slugify(question.text)[:30] or "question"
        base, n = question.key, 2
        while SurveyQuestion.objects.filter(survey=question.survey, key=question.key).exclude(pk=question.pk).exists():
            question.key, n = f"{base}-{n}", n + 1
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError:
        raise ApplicationError(gettext("Another question of this survey already has this key."), field="key") from None
    return question


@transaction.atomic
def survey_question_delete(*, question: SurveyQuestion) -> None:
    if question.answers.exists() or question.baseline_answers.exists():
        raise ApplicationError(gettext("This question has answers, so it cannot be deleted."))
    question.delete()


SURVEY_FORM_CACHE_KEY = "feedback:survey-form:{pk}"
SURVEY_FORM_CACHE_SECONDS = 60


def survey_form_parts(survey_id: int) -> tuple[Survey, list[SurveyQuestion]]:
    """A survey and its questions as the public form needs them on every request, cached: every answer reads them
    and a coordinator rarely changes them. A save or delete of either drops the entry (``feedback.signals``); a
    change that sends no signal (a queryset update) shows within ``SURVEY_FORM_CACHE_SECONDS``."""
    key = SURVEY_FORM_CACHE_KEY.format(pk=survey_id)
    parts = cache.get(key)
    if parts is None:
        survey = Survey.objects.select_related("summit").get(pk=survey_id)  # the summit names the default title
        parts = (survey, list(survey.questions.all()))
        cache.set(key, parts, SURVEY_FORM_CACHE_SECONDS)
    return parts


@dataclass(frozen=True)
class LinkState:
    """What a survey link leads to: the form, a thank-you (already answered) or an explanation (expired)."""

    link: SurveyLink | None
    state: str  # "open", "used", "expired", "closed", "unknown"
    survey: Survey | None = None
    questions: list[SurveyQuestion] = field(default_factory=list)
    language: str = ""  # the ticket holder's preferred language, the page's first language


def survey_link_state(*, token: str, now=None) -> LinkState:
    """Where a link stands, in one query; the survey and its questions come from the cache."""
    link = (
        SurveyLink.objects.filter(token_hash=token_hash(token or ""))
        .annotate(
            survey_id=F("invitation__survey_id"),
            used=Exists(InvitationUse.objects.filter(invitation_id=OuterRef("invitation_id"))),
            language=F("invitation__ticket_holder__language"),
        )
        .only("id", "invitation_id", "expires_at")
        .first()
    )
    if link is None:
        return LinkState(None, "unknown")
    survey, questions = survey_form_parts(link.survey_id)
    if link.used:
        state = "used"
    elif link.expires_at <= (now or timezone.now()):
        state = "expired"
    elif not survey.open_for_responses:
        state = "closed"
    else:
        state = "open"
    return LinkState(link, state, survey, questions, link.language or "")


def _store_answers(*, survey: Survey, answers: dict, on_the_day: bool, questions=None) -> SurveyResponse:
    response = SurveyResponse.objects.create(survey=survey, submitted_on=timezone.localdate(), on_the_day=on_the_day)
    rows = []
    for question in survey.questions.all() if questions is None else questions:
        value = answers.get(question.key)
        if value in (None, "", []):
            continue
        answer = SurveyAnswer(response=response, question=question)
        if question.kind == QuestionKind.RATING:
            answer.rating = int(value)
        elif question.kind == QuestionKind.SINGLE:
            answer.choices = [value]
            # "I describe myself another way" and the words given, counted with the option and never shown alone.
            answer.text = str(answers.get(question.key + "__other") or "")[:200]
        elif question.kind == QuestionKind.MULTIPLE:
            answer.choices = list(value)
        else:
            answer.text = str(value)[:2000]
        rows.append(answer)
    SurveyAnswer.objects.bulk_create(rows)
    return response


def survey_answer_by_link(*, token: str, answers: dict, now=None, state: LinkState | None = None) -> None:
    """Record answers given through an invitation link: the invitation is marked used, apart from the answers,
    which keep no trace of it. A second submission with the same link is refused.

    The use and the response are written in two transactions, so that they never share a transaction id; their
    positions in their tables are then shuffled (``response_order``). Should the answers fail to be written, the
    use is taken back, so the person can answer again.

    The page passes the ``state`` it has just read, so an answer costs no more queries than it must under load."""
    state = state or survey_link_state(token=token, now=now)
    if state.state != "open":
        raise ApplicationError(
            {
                "used": "This survey has already been answered with this link. Thank you!",
                "expired": "This link has expired.",
                "closed": "This survey is closed.",
            }.get(state.state, "This link is not valid.")
        )
    # The use's primary key is the invitation's, so it is the lock: of two simultaneous submissions of one link, the
    # second waits on the key until the first commits, then fails on it and is told the link has been used.
    try:
        with transaction.atomic():
            InvitationUse.objects.create(invitation_id=state.link.invitation_id)
    except IntegrityError:
        raise ApplicationError(gettext("This survey has already been answered with this link. Thank you!")) from None
    try:
        with transaction.atomic():
            _store_answers(survey=state.survey, answers=answers, on_the_day=False, questions=state.questions)
    except Exception:
        InvitationUse.objects.filter(invitation_id=state.link.invitation_id).delete()
        raise


def qr_survey_window(*, summit: Summit) -> tuple[datetime, datetime] | None:
    """When the on-the-day survey takes answers: from midnight on the summit's day until
    SURVEY_ON_THE_DAY_CLOSE_HOURS after it ends. Outside it nobody is at the venue, so the open form would only
    be there for scripts to fill in. A summit without a date has no window."""
    if summit.starts_at is None:
        return None
    day = timezone.localtime(summit.starts_at).date()
    opens = timezone.make_aware(datetime.combine(day, time.min))
    closes = max(summit.ends_at or summit.starts_at, summit.starts_at) + timedelta(
        hours=settings.SURVEY_ON_THE_DAY_CLOSE_HOURS
    )
    return opens, closes


def qr_survey_accepts_answers(*, survey: Survey, now=None) -> bool:
    window = qr_survey_window(summit=survey.summit)
    return survey.open_for_responses and window is not None and window[0] <= (now or timezone.now()) < window[1]


QR_DEVICE_CACHE_KEY = "feedback:qr-device:{survey}:{device}"


def qr_device_has_answered(*, survey: Survey, device: str) -> bool:
    return cache.get(QR_DEVICE_CACHE_KEY.format(survey=survey.pk, device=device)) is not None


@transaction.atomic
def survey_answer_open(*, survey: Survey, answers: dict) -> None:
    """Record answers from the open, on-the-day version of the survey (the QR code on the poster). The public page
    goes through ``survey_answer_by_qr_code``, which adds the day's window and the per-device limit."""
    if not survey.open_for_responses:
        raise ApplicationError(gettext("This survey is closed."))
    _store_answers(survey=survey, answers=answers, on_the_day=True)


@transaction.atomic
def survey_answer_by_qr_code(*, survey: Survey, answers: dict, device: str, now=None) -> None:
    """Answers from the poster's QR code, on the day only and once per device.

    The venue's Wi-Fi gives the whole audience one address, so answers are limited per device instead: ``device``
    is the random id the page gave this browser, and each id answers once. The record of used ids lives in the
    shared cache (nothing about a response is kept with it) until a day after the survey closes."""
    now = now or timezone.now()
    if not qr_survey_accepts_answers(survey=survey, now=now):
        raise ApplicationError(gettext("This survey is closed."))
    closes = qr_survey_window(summit=survey.summit)[1]
    keep = max(int((closes - now).total_seconds()), 0) + 24 * 60 * 60
    if not cache.add(QR_DEVICE_CACHE_KEY.format(survey=survey.pk, device=device), 1, keep):
        raise ApplicationError(gettext("This survey has already been answered on this device. Thank you!"))
    survey_answer_open(survey=survey, answers=answers)


def baseline_window(*, summit: Summit) -> tuple[datetime, datetime] | None:
    """When the baseline takes answers: on the summit's day, until the summit ends. After that an answer would be
    given by someone who has seen the event, and would no longer be a "before"."""
    window = qr_survey_window(summit=summit)
    if window is None:
        return None
    return window[0], max(summit.ends_at or summit.starts_at, summit.starts_at)


def baseline_accepts_answers(*, survey: Survey, now=None) -> bool:
    window = baseline_window(summit=survey.summit)
    return (
        survey.baseline_open
        and survey.open_for_responses
        and window is not None
        and window[0] <= (now or timezone.now()) < window[1]
    )


def baseline_questions(survey: Survey) -> list[SurveyQuestion]:
    """The baseline asks the survey's standard questions, word for word, and nothing else."""
    return list(survey.questions.exclude(standard=None).select_related("standard"))


BASELINE_DEVICE_CACHE_KEY = "feedback:baseline-device:{survey}:{device}"


def baseline_device_has_answered(*, survey: Survey, device: str) -> bool:
    return cache.get(BASELINE_DEVICE_CACHE_KEY.format(survey=survey.pk, device=device)) is not None


@transaction.atomic
def baseline_answer(*, survey: Survey, answers: dict, device: str, now=None) -> BaselineResponse:
    """Answers on arrival, once per device (the browser's random id, as for the QR survey; a different cookie, so
    nothing ties a device's baseline to its follow-up). Only the survey and the day are kept with the answers."""
    now = now or timezone.now()
    if not baseline_accepts_answers(survey=survey, now=now):
        raise ApplicationError(gettext("The before-the-event questions are closed."))
    closes = baseline_window(summit=survey.summit)[1]
    keep = max(int((closes - now).total_seconds()), 0) + 24 * 60 * 60
    if not cache.add(BASELINE_DEVICE_CACHE_KEY.format(survey=survey.pk, device=device), 1, keep):
        raise ApplicationError(gettext("These questions have already been answered on this device. Thank you!"))
    response = BaselineResponse.objects.create(survey=survey, submitted_on=timezone.localdate(now))
    BaselineAnswer.objects.bulk_create(
        BaselineAnswer(response=response, question=question, choices=[answers[question.key]])
        for question in baseline_questions(survey)
        if answers.get(question.key) in question.choices
    )
    return response


def opt_out_token(email: str) -> str:
    return signing.dumps(email_digest(email), salt=OPT_OUT_SALT, compress=True)


@transaction.atomic
def survey_opt_out(*, token: str) -> None:
    """Never send this address a survey again. The token is signed, so it cannot be forged for someone else."""
    try:
        digest = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        raise ApplicationError(gettext("This opt-out link is not valid.")) from None
    SurveyOptOut.objects.get_or_create(email_digest=digest)
