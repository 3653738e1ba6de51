"""Demo outlets and appearances that look like the programme's history: the community radio pilot, a YouTube show
that reached about 122,000 views, livestreams with their comments, and a few coming up."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from btb.accounts.models import Community, VolunteerProfile
from influencers.enums import DueDiligenceStatus
from influencers.models import Influencer

from . import services
from .enums import AppearanceStatus, OutletKind
from .models import Appearance, AppearanceParticipant, MetricSnapshot, Outlet, QuestionSet

# (name, kind, audience, audience size, communities, community media)
OUTLETS = [
    (
        "East London Community Radio",
        OutletKind.COMMUNITY_RADIO,
        "East London listeners, many Black and Asian",
        18_000,
        ["Black", "Asian"],
        True,
    ),
    (
        "The Real Talk Show",
        OutletKind.YOUTUBE_SHOW,
        "Young Black Londoners, 18 to 30",
        210_000,
        ["Black", "Young people"],
        True,
    ),
    (
        "Southside Live",
        OutletKind.TIKTOK_LIVE,
        "South London teenagers and young adults",
        45_000,
        ["Young people"],
        True,
    ),
    ("Sisters Speak", OutletKind.INSTAGRAM_LIVE, "Women of colour in London", 32_000, ["Women and girls"], True),
    ("Desi Voices Podcast", OutletKind.PODCAST, "British South Asian families", 12_000, ["Asian"], True),
    ("Hackney Gazette", OutletKind.LOCAL_NEWSPAPER, "Hackney residents", 40_000, [], False),
]

COMMENTS = [
    "This is so inspiring, thank you for being honest",
    "Love that she talked about her mum's reaction",
    "Good to hear about the pension, did not know that",
    "Still don't trust them after what happened last year",
    "How do I apply?",
    "What time is the next one",
    "Respect to him for coming on the show",
    "Nah this is just PR",
]


def _appearance(outlet, title, *, days, status, presenter="", influencer=None, live=False, url="", hours=2):
    starts = (timezone.now() + timedelta(days=days)).replace(hour=19, minute=0, second=0, microsecond=0)
    appearance, created = Appearance.objects.get_or_create(
        outlet=outlet,
        title=title,
        defaults={
            "starts_at": starts,
            "duration_minutes": 60,
            "is_live": live,
            "location": "" if live else f"{outlet.name} studio",
            "joining_link": "https://example.org/join/demo" if live else "",
            "influencer": influencer,
            "external_presenter": "" if influencer else presenter,
            "status": status,
            "published_url": url,
            "topics": ["career", "why_joined", "pay", "how_to_join"],
            "preparation_notes": "Bring the latest recruitment figures and the outreach team's contact card.",
            "officer_hours": hours,
        },
    )
    return appearance, created


def _people(appearance, volunteers):
    for index, volunteer in enumerate(volunteers):
        AppearanceParticipant.objects.get_or_create(
            appearance=appearance,
            volunteer=volunteer,
            defaults={"role": "interviewee" if index == 0 else "panellist", "out_of_uniform": index != 1},
        )


def _snapshots(appearance, series):
    start = appearance.starts_at.date()
    for offset, (views, likes, comments, shares, live) in series:
        MetricSnapshot.objects.get_or_create(
            appearance=appearance,
            recorded_on=start + timedelta(days=offset),
            defaults={"views": views, "likes": likes, "comments": comments, "shares": shares, "live_audience": live},
        )


# Regular slots a force's officers fill week after week; written in bulk at national scale so that the large
# benchmark holds about thirty appearances per copy of the demo (the national-size target is 20,000 at 2,000 summits).
REGULAR_SLOTS_PER_COPY = 24
REGULAR_SLOT_TITLE = "Weekly community slot"


def _bulk_regular_slots(outlets, scale: int) -> int:
    wanted = (scale - 1) * REGULAR_SLOTS_PER_COPY
    have = Appearance.objects.filter(title__startswith=REGULAR_SLOT_TITLE).count()
    if have >= wanted:
        return 0
    now = timezone.now().replace(hour=19, minute=0, second=0, microsecond=0)
    batch = []
    for number in range(have, wanted):
        days = (number % 900) - 600  # mostly past, some ahead, spread over about two and a half years
        past = days < 0
        batch.append(
            Appearance(
                outlet=outlets[number % len(outlets)],
                title=f"{REGULAR_SLOT_TITLE} {number + 1}",
                starts_at=now + timedelta(days=days, minutes=number % 240),
                duration_minutes=60,
                location="Studio",
                external_presenter="Kemi Adeyemi",
                status=AppearanceStatus.PUBLISHED if past else AppearanceStatus.CONFIRMED,
                published_url=f"https://example.org/watch/slot-{number + 1}" if past else "",
                topics=["career", "how_to_join"],
                officer_hours=1,
            )
        )
    appearances = Appearance.objects.bulk_create(batch, batch_size=2_000)
    volunteers = list(VolunteerProfile.objects.filter(willing_media=True).values_list("pk", flat=True))
    if volunteers:
        AppearanceParticipant.objects.bulk_create(
            [
                AppearanceParticipant(
                    appearance=appearance, volunteer_id=volunteers[index % len(volunteers)], role="interviewee"
                )
                for index, appearance in enumerate(appearances)
            ],
            batch_size=2_000,
        )
    MetricSnapshot.objects.bulk_create(
        [
            MetricSnapshot(
                appearance=appearance,
                recorded_on=appearance.starts_at.date() + timedelta(days=7),
                views=500 + index % 5_000,
                likes=20 + index % 300,
                comments=index % 50,
                shares=index % 20,
            )
            for index, appearance in enumerate(appearances)
            if appearance.status == AppearanceStatus.PUBLISHED
        ],
        batch_size=2_000,
    )
    return len(appearances)


@transaction.atomic
def seed(*, scale: int, stdout) -> str:
    outlets = []
    for name, kind, audience, size, communities, community_media in OUTLETS:
        outlet, _ = Outlet.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "audience": audience,
                "audience_size": size,
                "is_community_media": community_media,
                "url": "https://example.org/" + name.lower().replace(" ", "-"),
            },
        )
        outlet.communities.add(*Community.objects.filter(name__in=communities))
        outlets.append(outlet)
    radio, youtube, tiktok, instagram, podcast, paper = outlets

    volunteers = list(VolunteerProfile.objects.filter(willing_media=True).order_by("pk")[:6])
    cleared = Influencer.objects.filter(due_diligence_status=DueDiligenceStatus.CLEARED, active=True).first()
    standard = QuestionSet.objects.filter(name="Standard interview", is_template=True).first()

    created = 0
    for copy in range(scale):
        suffix = "" if copy == 0 else f" ({copy + 1})"
        specs = [
            (
                radio,
                "Pilot: meet the officers behind the badge",
                -400,
                AppearanceStatus.PUBLISHED,
                False,
                [(0, (None, None, None, None, 850)), (7, (2_100, 60, 12, 25, None))],
            ),
            (
                youtube,
                "The Real Talk Show: why I joined the Met",
                -120,
                AppearanceStatus.PUBLISHED,
                False,
                [
                    (1, (18_000, 600, 140, 210, None)),
                    (7, (64_000, 1_500, 330, 520, None)),
                    (30, (122_000, 2_500, 610, 940, None)),
                ],
            ),
            (
                tiktok,
                "Southside Live with PC Mensah",
                -30,
                AppearanceStatus.PUBLISHED,
                True,
                [(0, (9_400, 1_200, 380, 60, 1_150))],
            ),
            (
                instagram,
                "Sisters Speak: women in policing",
                -10,
                AppearanceStatus.RECORDED,
                True,
                [(0, (3_200, 410, 95, 30, 420))],
            ),
            (podcast, "Desi Voices: pay, pension and family", 14, AppearanceStatus.CONFIRMED, False, []),
            (paper, "Local officers talk about joining", 30, AppearanceStatus.PROPOSED, False, []),
        ]
        for index, (outlet, title, days, status, live, series) in enumerate(specs):
            appearance, was_created = _appearance(
                outlet,
                title + suffix,
                days=days + (copy if days > 0 else -copy),  # copies spread over time
                status=status,
                presenter="Kemi Adeyemi" if index % 2 else "DJ Marcus Bell",
                influencer=cleared if index == 1 else None,
                live=live,
                url=f"https://example.org/watch/{index}" if status == AppearanceStatus.PUBLISHED else "",
            )
            created += was_created
            if was_created and standard is not None:
                appearance.question_set = services.question_set_copy(
                    source=standard,
                    name=f"{appearance.title} ({appearance.starts_at:%d %b %Y})",
                    tailoring_note="After the local incident last month: do not discuss the case; say the IOPC "
                    "is investigating."
                    if index == 2
                    else "",
                )
                appearance.save(update_fields=["question_set"])
            _people(appearance, volunteers[index % 3 : index % 3 + 2] if volunteers else [])
            _snapshots(appearance, series)
            if was_created and live:
                services.livestream_comments_add(appearance=appearance, texts=COMMENTS)
    if scale > 1:
        created += _bulk_regular_slots(outlets, scale)
    return f"{created} appearances created, {Appearance.objects.count()} in all, on {len(outlets)} outlets"
