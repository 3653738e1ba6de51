"""Demo data: ticket holders, invitations and responses for a held summit; interest records in every state.
Idempotent: natural keys with get_or_create, and responses only added while fewer exist than wanted.

``--scale N`` gives each held copy of the demo summit 1,500 ticket holders and 300 survey responses, and the demo's
own held summit up to 5,000 and 1,000 (a big summit), so ``--scale 667`` gives the national size of about a million
ticket holders and 200,000 responses spread over the programme's summits as they would be, all in bulk."""

import random
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from events.enums import SummitStatus
from events.models import Summit, TicketHolder

from .enums import InterestArea, InterestSource, InterestStatus, QuestionKind
from .models import (
    BaselineAnswer,
    BaselineResponse,
    ExpressionOfInterest,
    FeedbackAction,
    InvitationUse,
    MessageImpression,
    OfficialFigure,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
)
from .services import INVITATION, REMINDER, survey_ensure

FIRST = ["Amara", "Kwame", "Grace", "Imran", "Zainab", "Tobi", "Nadia", "Jordan", "Kemi", "Marcus", "Aisha", "Leon"]
LAST = ["Mensah", "Ali", "Patel", "Okonkwo", "Rahman", "Lewis", "Adebayo", "Campbell", "Begum", "Osei"]


def _held_summit() -> Summit:
    summit = Summit.objects.filter(status=SummitStatus.HELD).order_by("-ends_at").first()
    if summit is not None:
        return summit
    ends = timezone.now() - timedelta(days=5)
    summit, _ = Summit.objects.get_or_create(
        slug="demo-community-summit-held",
        defaults={
            "title": "Demo community summit (held)",
            "status": SummitStatus.HELD,
            "starts_at": ends - timedelta(hours=3),
            "ends_at": ends,
            "expected_attendees": 100,
        },
    )
    return summit


BATCH = 5000
HOLDERS_PER_COPY = 1500
RESPONSES_PER_COPY = 300
BIG_SUMMIT_HOLDERS = 5000
BIG_SUMMIT_RESPONSES = 1000


def _holders(summit, count) -> None:
    """Bulk-create the missing demo ticket holders (idempotent on the summit and identity)."""
    existing = set(
        TicketHolder.objects.filter(summit=summit, identity__startswith="ref:DEMO/").values_list("identity", flat=True)
    )
    batch = []
    for n in range(count):
        identity = f"ref:DEMO/{n:05d}"
        if identity in existing:
            continue
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]}"
        batch.append(
            TicketHolder(
                summit=summit,
                identity=identity,
                attendee_ref=f"DEMO-{n:05d}",
                name=name,
                email=f"{name.lower().replace(' ', '.')}.{n}@example.org",
                ticket_type="General Admission",
                checked_in=n % 4 != 0,
                consent=n % 10 != 9,
            )
        )
        if len(batch) >= BATCH:
            TicketHolder.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    TicketHolder.objects.bulk_create(batch, ignore_conflicts=True)


def _answers(rng, questions, response):
    for question in questions:
        answer = SurveyAnswer(response=response, question=question)
        if question.kind == QuestionKind.RATING:
            answer.rating = rng.choice([3, 4, 4, 5, 5])
        elif question.kind == QuestionKind.SINGLE:
            answer.choices = [rng.choice(question.choices[:3])]
        elif question.kind == QuestionKind.MULTIPLE:
            answer.choices = rng.sample(question.choices, 1)
        else:
            answer.text = rng.choice(["More time for questions, please.", "Loved the food and the music.", ""])
        if answer.rating or answer.choices or answer.text:
            yield answer


def _sent_mail(survey, kind: str, sent_at, *, unanswered_only=False) -> None:
    """The outbox's record that the survey's invitations (or reminders, to those who did not answer) were sent."""
    invitations = survey.invitations.filter(ticket_holder__isnull=False).exclude(ticket_holder__email="")
    if unanswered_only:
        invitations = invitations.filter(use__isnull=True)
    about_type = ContentType.objects.get_for_model(SurveyInvitation)
    done = OutgoingMail.objects.filter(kind=kind, about_type=about_type, about_id=OuterRef("pk"))
    rows = invitations.exclude(Exists(done)).values_list("pk", "ticket_holder__email")
    batch = []
    for pk, email in rows.iterator(chunk_size=BATCH):
        batch.append(
            OutgoingMail(
                kind=kind,
                about_type=about_type,
                about_id=pk,
                scope=f"summit:{survey.summit_id}",
                recipient=email,
                status=MailStatus.SENT,
                attempts=1,
                queued_at=sent_at,
                claimed_at=sent_at,
                handed_over_at=sent_at,
                sent_at=sent_at,
            )
        )
        if len(batch) >= BATCH:
            OutgoingMail.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    OutgoingMail.objects.bulk_create(batch, ignore_conflicts=True)


def _seed_summit(summit, *, holders: int, responses: int, rng, now):
    """The summit's ticket holders, its survey sent to those who consented, and ``responses`` answers."""
    _holders(summit, holders)
    survey = survey_ensure(summit=summit)
    invited = set(survey.invitations.values_list("ticket_holder_id", flat=True))
    holders = TicketHolder.objects.filter(summit=summit, consent__in=[True, None]).exclude(pk__in=invited)
    batch = []
    for holder_id in holders.values_list("pk", flat=True).iterator(chunk_size=BATCH):
        batch.append(SurveyInvitation(survey=survey, ticket_holder_id=holder_id))
        if len(batch) >= BATCH:
            SurveyInvitation.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    SurveyInvitation.objects.bulk_create(batch, ignore_conflicts=True)
    _sent_mail(survey, INVITATION, now - timedelta(days=4))
    if survey.invitations_created_at is None:
        survey.invitations_created_at = survey.send_after = now - timedelta(days=4)
        survey.save(update_fields=["invitations_created_at", "send_after"])
    questions = list(survey.questions.all())
    first = list(survey.invitations.order_by("pk").values_list("pk", flat=True)[:responses])
    used = set(InvitationUse.objects.filter(invitation_id__in=first).values_list("invitation_id", flat=True))
    missing = [pk for pk in first if pk not in used]
    submitted = (summit.ends_at or now).date() + timedelta(days=2)
    for start in range(0, len(missing), BATCH):
        chunk = missing[start : start + BATCH]
        InvitationUse.objects.bulk_create([InvitationUse(invitation_id=pk) for pk in chunk])
        created = SurveyResponse.objects.bulk_create(
            [SurveyResponse(survey=survey, submitted_on=submitted) for _ in chunk]
        )
        SurveyAnswer.objects.bulk_create(
            [answer for response in created for answer in _answers(rng, questions, response)], batch_size=BATCH
        )
    _sent_mail(survey, REMINDER, now - timedelta(days=1), unanswered_only=True)
    return survey


DEMO_BASELINE = 12
# Made-up "official" figures so the demo shows the comparison; real ones come from the PAS upload page.
DEMO_OFFICIAL = {"pas-q60": "0.45", "pas-q62c": "0.55", "pas-nq135bd": "0.62"}


def _seed_evaluation(survey, *, rng, now) -> None:
    """The evaluation side of the demo summit: a baseline on arrival, a "you said, we did" entry, official
    figures for its borough and period, and the recruitment messages' counts."""
    import secrets

    from .enums import MessagePlace, RecruitmentMessage

    summit = survey.summit
    if not survey.baseline_open:
        survey.baseline_open, survey.baseline_token = True, survey.baseline_token or secrets.token_urlsafe(24)
        survey.save(update_fields=["baseline_open", "baseline_token"])
    standard = list(survey.questions.exclude(standard=None))
    for _ in range(max(DEMO_BASELINE - survey.baseline_responses.count(), 0)):
        response = BaselineResponse.objects.create(survey=survey, submitted_on=(summit.starts_at or now).date())
        BaselineAnswer.objects.bulk_create(
            BaselineAnswer(response=response, question=question, choices=[rng.choice(question.choices[1:4])])
            for question in standard
        )
    FeedbackAction.objects.get_or_create(
        summit=summit,
        you_said="The panel ran long and there was too little time for the audience's questions.",
        defaults={"we_did": "Panels now stop at 40 minutes, and the second half of every summit is audience Q&A."},
    )
    if summit.borough_id and summit.starts_at:
        period_end = summit.starts_at.date().replace(day=1) + timedelta(days=92)
        for question in standard:
            if question.key in DEMO_OFFICIAL:
                OfficialFigure.objects.get_or_create(
                    measure_id=question.standard_id,
                    borough_id=summit.borough_id,
                    period_end=period_end.replace(day=1) - timedelta(days=1),
                    defaults={"proportion": DEMO_OFFICIAL[question.key]},
                )
    today = timezone.localdate()
    for n, variant in enumerate(RecruitmentMessage.values):
        MessageImpression.objects.get_or_create(
            variant=variant, place=MessagePlace.INTEREST_FORM, shown_on=today, defaults={"count": 30 + 10 * n}
        )


ANALYZE_EVERY = 100  # summits seeded between two refreshes of the planner's statistics
GROWING_TABLES = (TicketHolder, SurveyInvitation, OutgoingMail, InvitationUse, SurveyResponse, SurveyAnswer)


def _analyze() -> None:
    """Refresh PostgreSQL's statistics of the tables the seed fills. The seed is one transaction, which autovacuum
    cannot see into: without this the planner takes the million-row tables for empty, and ``--scale 667`` had not
    finished after an hour (the same seed took 20 minutes before the outbox's rows were added to it). ANALYZE inside
    a transaction counts the transaction's own rows."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in GROWING_TABLES:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def seed(*, scale: int, stdout) -> str:
    rng = random.Random(7)
    now = timezone.now()
    summit = _held_summit()
    copies = 0
    if scale > 1:
        big = (min(40 + 100 * (scale - 1), BIG_SUMMIT_HOLDERS), min(14 + 20 * (scale - 1), BIG_SUMMIT_RESPONSES))
        survey = _seed_summit(summit, holders=big[0], responses=big[1], rng=rng, now=now)
        _analyze()
        others = Summit.objects.filter(status=SummitStatus.HELD).exclude(pk=summit.pk).order_by("pk")
        for other in others.iterator(chunk_size=500):
            _seed_summit(other, holders=HOLDERS_PER_COPY, responses=RESPONSES_PER_COPY, rng=rng, now=now)
            copies += 1
            if copies % ANALYZE_EVERY == 0:
                _analyze()
    else:
        survey = _seed_summit(summit, holders=40, responses=14, rng=rng, now=now)
    _seed_evaluation(survey, rng=rng, now=now)
    held = list(Summit.objects.filter(status=SummitStatus.HELD).order_by("pk").values_list("pk", flat=True))
    today = timezone.localdate()
    for n, status in enumerate([s for s in InterestStatus for _ in range(scale)]):
        ExpressionOfInterest.objects.get_or_create(
            name=f"Demo interest {status.label} {n}",
            defaults={
                "email": f"interest{n}@example.org",
                "interests": [list(InterestArea.values)[n % len(InterestArea.values)]],
                "source": [InterestSource.STALL, InterestSource.SURVEY, InterestSource.SUMMIT][n % 3],
                "summit_id": held[n % len(held)] if scale > 1 else summit.pk,
                "consent_at": now - timedelta(days=20),
                "message_variant": ["challenge", "career", "community"][n % 3],
                "status": status,
                "contacted_on": today - timedelta(days=15) if status != InterestStatus.NEW else None,
                "applied_on": today - timedelta(days=8)
                if status in (InterestStatus.APPLIED, InterestStatus.JOINED)
                else None,
                "closed_on": today - timedelta(days=2)
                if status in (InterestStatus.JOINED, InterestStatus.NOT_PROCEEDING)
                else None,
            },
        )
    return (
        f"{summit.ticket_holders.count()} ticket holders, {survey.invitations.count()} invitations, "
        f"{survey.responses.count()} responses for “{summit}”"
        + (
            f", and {HOLDERS_PER_COPY} and {RESPONSES_PER_COPY} for each of {copies} other held summits"
            if copies
            else ""
        )
        + f"; {ExpressionOfInterest.objects.count()} interest records"
    )
