"""Demo data: ticket holders, invitations and responses for a held summit; interest records in every state.
Idempotent: natural keys with get_or_create, and responses only added while fewer exist than wanted."""

import random
from datetime import timedelta

from django.utils import timezone

from events.enums import SummitStatus
from events.models import Summit, TicketHolder

from .enums import DeliveryStatus, InterestArea, InterestSource, InterestStatus, QuestionKind
from .models import ExpressionOfInterest, InvitationUse, SurveyAnswer, SurveyInvitation, SurveyResponse
from .services import survey_ensure

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


def seed(*, scale: int, stdout) -> str:
    rng = random.Random(7)
    summit = _held_summit()
    holders = []
    for n in range(40 * scale):
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]}"
        holder, _ = TicketHolder.objects.get_or_create(
            summit=summit,
            identity=f"ref:DEMO/{n:05d}",
            defaults={
                "attendee_ref": f"DEMO-{n:05d}",
                "name": name,
                "email": f"{name.lower().replace(' ', '.')}.{n}@example.org",
                "ticket_type": "General Admission",
                "checked_in": n % 4 != 0,
                "consent": n % 10 != 9,
            },
        )
        holders.append(holder)
    survey = survey_ensure(summit=summit)
    now = timezone.now()
    for holder in holders:
        if holder.consent is False:
            continue
        SurveyInvitation.objects.get_or_create(
            survey=survey,
            ticket_holder=holder,
            defaults={"status": DeliveryStatus.SENT, "attempts": 1, "sent_at": now - timedelta(days=4)},
        )
    if survey.invitations_created_at is None:
        survey.invitations_created_at = survey.send_after = now - timedelta(days=4)
        survey.save(update_fields=["invitations_created_at", "send_after"])
    wanted = 14 * scale
    invitations = list(survey.invitations.order_by("pk"))
    for invitation in invitations[:wanted]:
        if InvitationUse.objects.filter(invitation=invitation).exists():
            continue
        InvitationUse.objects.create(invitation=invitation)
        response = SurveyResponse.objects.create(survey=survey, submitted_on=timezone.localdate() - timedelta(days=3))
        answers = []
        for question in survey.questions.all():
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
                answers.append(answer)
        SurveyAnswer.objects.bulk_create(answers)
    answered = set(InvitationUse.objects.filter(invitation__survey=survey).values_list("invitation_id", flat=True))
    SurveyInvitation.objects.filter(survey=survey, reminder_status=DeliveryStatus.NOT_DUE).exclude(
        pk__in=answered
    ).update(reminder_status=DeliveryStatus.SENT, reminded_at=now - timedelta(days=1))
    today = timezone.localdate()
    for n, status in enumerate([s for s in InterestStatus for _ in range(scale)]):
        ExpressionOfInterest.objects.get_or_create(
            name=f"Demo interest {status.label} {n}",
            defaults={
                "email": f"interest{n}@example.org",
                "interests": [list(InterestArea.values)[n % len(InterestArea.values)]],
                "source": [InterestSource.STALL, InterestSource.SURVEY, InterestSource.SUMMIT][n % 3],
                "summit": summit,
                "consent_at": now - timedelta(days=20),
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
        f"{len(holders)} ticket holders, {len(invitations)} invitations, "
        f"{survey.responses.count()} responses for “{summit}”; {ExpressionOfInterest.objects.count()} interest records"
    )
