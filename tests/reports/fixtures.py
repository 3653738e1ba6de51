"""A small programme in Q1 2025, built with the other apps' factories, whose figures are worked out by hand in
test_selectors.py."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from btb.accounts.enums import AgeBand, Ethnicity, Gender
from btb.accounts.models import Community
from events.enums import EngagementStatus, SummitStatus
from events.volunteering.enums import Attendance, SignUpStatus
from feedback.enums import InterestStatus
from feedback.models import ExpressionOfInterest, InvitationUse
from feedback.services import survey_answer_open, survey_ensure
from media_appearances.enums import AppearanceStatus, OutletKind
from tests.events.factories import (
    BudgetLineFactory,
    EngagementFactory,
    InfluencerFactory,
    PanelSeatFactory,
    SummitFactory,
)
from tests.events.tickets.factories import TicketHolderFactory
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory
from tests.factories import BoroughFactory, VolunteerProfileFactory
from tests.feedback.factories import InterestFactory, invitation_with_link
from tests.media_appearances.factories import AppearanceFactory, OutletFactory, ParticipantFactory, SnapshotFactory

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def held_summit(day: date, **kwargs):
    return SummitFactory(status=SummitStatus.HELD, starts_at=at(day), ends_at=at(day) + timedelta(hours=3), **kwargs)


def appearance(day: date, **kwargs):
    kwargs.setdefault("status", AppearanceStatus.PUBLISHED)
    return AppearanceFactory(starts_at=at(day, 10), **kwargs)


def interest(created: date, **kwargs):
    record = InterestFactory(**kwargs)
    ExpressionOfInterest.objects.filter(pk=record.pk).update(created_at=at(created, 12))
    return record


def build_programme() -> dict:
    north, south = BoroughFactory(name="North"), BoroughFactory(name="South")
    black = Community.objects.get_or_create(name="Black communities")[0]
    v1 = VolunteerProfileFactory(
        borough=north, ethnicity=Ethnicity.BLACK, gender=Gender.WOMAN, age_band=AgeBand.FROM_25
    )
    v2 = VolunteerProfileFactory(borough=north, ethnicity=Ethnicity.BLACK, gender=Gender.MAN)
    v3 = VolunteerProfileFactory(borough=north, ethnicity=Ethnicity.WHITE)  # did not turn up
    v4 = VolunteerProfileFactory(borough=south, ethnicity=Ethnicity.ASIAN, gender=Gender.WOMAN)
    v5 = VolunteerProfileFactory(borough=south)
    i1, i2 = InfluencerFactory(), InfluencerFactory()

    s1 = held_summit(
        date(2025, 2, 10), borough=north, expected_attendees=100, actual_attendance=80, estimated_reach=1000
    )
    s1.target_communities.add(black)
    BudgetLineFactory(summit=s1, planned=Decimal("1000"), actual=Decimal("900"))
    BudgetLineFactory(summit=s1, category="music", planned=Decimal("500"), actual=None)
    holders = [TicketHolderFactory(summit=s1, checked_in=n < 2) for n in range(4)]
    EngagementFactory(summit=s1, influencer=i1, status=EngagementStatus.CONFIRMED)
    EngagementFactory(summit=s1, influencer=i2, status=EngagementStatus.ASKED)
    PanelSeatFactory(summit=s1, volunteer=v1)
    role = VolunteerRoleFactory(summit=s1)  # 17:30 to 21:00: 3.5 hours
    SignUpFactory(role=role, volunteer=v2, status=SignUpStatus.CONFIRMED, attendance=Attendance.ATTENDED)
    SignUpFactory(role=role, volunteer=v3, status=SignUpStatus.CONFIRMED, attendance=Attendance.NO_SHOW)

    s2 = held_summit(date(2025, 3, 5), borough=south, actual_attendance=20, estimated_reach=500)
    BudgetLineFactory(summit=s2, planned=Decimal("200"), actual=Decimal("300"))
    # Not counted: still in planning, and held after the quarter.
    SummitFactory(borough=north, starts_at=at(date(2025, 3, 20)), ends_at=at(date(2025, 3, 20)) + timedelta(hours=2))
    held_summit(date(2025, 4, 2), borough=north, actual_attendance=50)

    youtube = OutletFactory(kind=OutletKind.YOUTUBE_SHOW)
    youtube.communities.add(black)
    a1 = appearance(date(2025, 1, 20), outlet=youtube, cost=Decimal("50"), influencer=i1, external_presenter="")
    ParticipantFactory(appearance=a1, volunteer=v1)
    ParticipantFactory(appearance=a1, volunteer=v4)
    SnapshotFactory(appearance=a1, recorded_on=date(2025, 1, 21), views=100, likes=10, comments=1)
    SnapshotFactory(appearance=a1, recorded_on=date(2025, 2, 1), views=500, likes=40, comments=7)
    a2 = appearance(date(2025, 3, 15), outlet=OutletFactory(kind=OutletKind.COMMUNITY_RADIO), status="recorded")
    ParticipantFactory(appearance=a2, volunteer=v5)
    cancelled = appearance(date(2025, 2, 2), status=AppearanceStatus.CANCELLED, cost=Decimal("999"))
    ParticipantFactory(appearance=cancelled, volunteer=v3)

    survey = survey_ensure(summit=s1)
    for holder in holders:
        invitation, _ = invitation_with_link(survey=survey, holder=holder)
        if holder in holders[:2]:
            InvitationUse.objects.create(invitation=invitation)
    black_label = Ethnicity.BLACK.label
    survey_answer_open(
        survey=survey,
        answers={
            "overall": 5,
            "perception": "Much more positive",
            "recommend": "Yes",
            "differently": "More food",
            "ethnicity": black_label,
        },
    )
    survey_answer_open(survey=survey, answers={"overall": 4, "perception": "No change", "recommend": "Maybe"})
    survey_answer_open(
        survey=survey,
        answers={
            "overall": 3,
            "perception": "A bit more positive",
            "recommend": "Yes",
            "differently": '=HYPERLINK("http://evil")',
            "ethnicity": black_label,
        },
    )

    interest(date(2025, 2, 10), summit=s1, status=InterestStatus.JOINED)
    interest(date(2025, 2, 11), summit=s1, status=InterestStatus.CONTACTED)
    interest(date(2025, 3, 16), appearance=a2, status=InterestStatus.APPLIED, source="appearance")
    interest(date(2025, 1, 5), status=InterestStatus.NEW, source="survey")
    interest(date(2025, 4, 10), summit=s1)

    return {"north": north, "south": south, "black": black, "s1": s1, "s2": s2, "a1": a1, "a2": a2, "survey": survey}
