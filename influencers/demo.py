"""About twenty community influencers with varied platforms, due diligence and six months of follower counts."""

import re
from datetime import timedelta

from django.utils import timezone

from btb.accounts.models import Borough, Community, User

from . import services
from .enums import ContactChannel, DueDiligenceStatus
from .models import FollowerSnapshot, Influencer, InfluencerSkill, PlatformAccount

C, IP, NC, NS = (
    DueDiligenceStatus.CLEARED,
    DueDiligenceStatus.IN_PROGRESS,
    DueDiligenceStatus.NOT_CHECKED,
    DueDiligenceStatus.NOT_SUITABLE,
)

# (name, known as, skills, communities, boroughs, status, accounts as (platform, handle, url, audience today))
INFLUENCERS = [
    (
        "Kofi Asante",
        "Kofi Laughs",
        ["Comedian", "Host"],
        ["Black", "Young people"],
        ["Hackney", "Newham"],
        C,
        [
            ("instagram", "@kofilaughs", "https://instagram.com/kofilaughs", 48_000),
            ("tiktok", "@kofilaughs", "https://www.tiktok.com/@kofilaughs", 121_000),
            ("youtube", "Kofi Laughs", "https://www.youtube.com/@kofilaughs", 35_500),
        ],
    ),
    (
        "Danielle Brooks",
        "DJ Dani B",
        ["DJ"],
        ["Black", "Mixed heritage"],
        ["Lambeth", "Southwark"],
        C,
        [
            ("instagram", "@djdanib", "https://instagram.com/djdanib", 22_400),
            ("snapchat", "djdanib", "https://www.snapchat.com/add/djdanib", 6_100),
        ],
    ),
    (
        "Samuel Okoro",
        "Sammy O",
        ["Presenter"],
        ["Black", "Faith groups"],
        ["Tower Hamlets"],
        C,
        [
            ("community_radio", "The Sammy O Show, East Side FM", "https://eastsidefm.example.org/sammy-o", 9_500),
            ("podcast", "Sammy O Talks", "https://podcasts.example.org/sammy-o-talks", 3_200),
        ],
    ),
    (
        "Aisha Rahman",
        "",
        ["Host", "Marketing and flyers"],
        ["Asian", "Women and girls"],
        ["Redbridge", "Newham"],
        C,
        [
            ("instagram", "@aisharahmanldn", "https://instagram.com/aisharahmanldn", 15_800),
            ("facebook", "Aisha Rahman Community", "https://www.facebook.com/aisharahmancommunity", 7_300),
        ],
    ),
    (
        "Marcus Campbell",
        "MC Marcus",
        ["Host", "DJ"],
        ["Black", "Young people"],
        ["Croydon"],
        IP,
        [
            ("tiktok", "@mcmarcus", "https://tiktok.com/@mcmarcus", 64_000),
            ("x", "@mcmarcus_ldn", "https://x.com/mcmarcus_ldn", 4_900),
        ],
    ),
    (
        "Priya Nair",
        "",
        ["Venue finder", "Marketing and flyers"],
        ["Asian", "Faith groups"],
        ["Harrow", "Brent"],
        C,
        [("facebook", "Harrow Community Hub", "https://facebook.com/harrowcommunityhub", 5_600)],
    ),
    (
        "Tunde Adeyemi",
        "Tunde Talks",
        ["Presenter", "Host"],
        ["Black"],
        ["Greenwich", "Lewisham"],
        C,
        [
            ("youtube", "Tunde Talks", "https://youtube.com/@tundetalks", 122_000),
            ("instagram", "@tundetalks", "https://instagram.com/tundetalks", 31_000),
        ],
    ),
    (
        "Jade Williams",
        "",
        ["Marketing and flyers"],
        ["Women and girls", "LGBT+"],
        ["Islington"],
        NC,
        [("instagram", "@jadewilliamsldn", "https://instagram.com/jadewilliamsldn", 8_900)],
    ),
    (
        "Hassan Ali",
        "Hass the Host",
        ["Host", "Comedian"],
        ["Asian", "Young people"],
        ["Waltham Forest"],
        IP,
        [
            ("tiktok", "@hassthehost", "https://www.tiktok.com/@hassthehost", 41_000),
            ("youtube", "Hass the Host", "https://youtu.be/hassthehost", 12_000),
        ],
    ),
    (
        "Grace Mensah",
        "",
        ["Presenter"],
        ["Black", "Faith groups"],
        ["Enfield", "Haringey"],
        C,
        [
            (
                "community_radio",
                "Sunday Voices, North London Community Radio",
                "https://nlcr.example.org/sunday-voices",
                4_700,
            )
        ],
    ),
    (
        "Leon Francis",
        "DJ Leon F",
        ["DJ", "Venue finder"],
        ["Black", "Mixed heritage"],
        ["Brent"],
        C,
        [
            ("instagram", "@djleonf", "https://instagram.com/djleonf", 18_300),
            ("other", "Mixcloud: DJ Leon F", "https://www.mixcloud.com/djleonf", 2_600),
        ],
    ),
    (
        "Mei Wong",
        "",
        ["Host", "Presenter"],
        ["Other minority ethnic", "Women and girls"],
        ["Southwark"],
        NC,
        [("podcast", "Between Two Cultures", "https://podcasts.example.org/between-two-cultures", 5_100)],
    ),
    (
        "Yusuf Ibrahim",
        "Yus",
        ["Marketing and flyers", "Venue finder"],
        ["Young people", "Faith groups"],
        ["Camden", "Westminster"],
        C,
        [
            ("snapchat", "yus.ldn", "https://snapchat.com/add/yus.ldn", 9_800),
            ("instagram", "@yus.ldn", "https://instagram.com/yus.ldn", 13_400),
        ],
    ),
    (
        "Chantelle Reid",
        "Chan the Comic",
        ["Comedian"],
        ["Black", "Women and girls"],
        ["Lambeth"],
        NS,
        [("tiktok", "@chanthecomic", "https://tiktok.com/@chanthecomic", 88_000)],
    ),
    (
        "Ravi Patel",
        "",
        ["Presenter", "Host"],
        ["Asian"],
        ["Hounslow", "Ealing"],
        IP,
        [
            ("community_radio", "Drive Time, West Side Radio", "https://westside.example.org/drive-time", 7_200),
            ("facebook", "Ravi on West Side", "https://fb.com/ravionwestside", 3_100),
        ],
    ),
    (
        "Femi Adebayo",
        "",
        ["Venue finder"],
        ["Black"],
        ["Barking and Dagenham"],
        C,
        [("facebook", "Barking Youth Hub", "https://www.facebook.com/barkingyouthhub", 2_300)],
    ),
    (
        "Sophie Turner",
        "",
        ["Marketing and flyers"],
        ["LGBT+", "Young people"],
        ["Hackney"],
        NC,
        [
            ("x", "@sophiet_ldn", "https://twitter.com/sophiet_ldn", 6_700),
            ("instagram", "@sophiet_ldn", "https://instagram.com/sophiet_ldn", 11_200),
        ],
    ),
    (
        "Abdi Warsame",
        "Abdi Beats",
        ["DJ", "Host"],
        ["Black", "Faith groups", "Young people"],
        ["Tower Hamlets"],
        C,
        [
            ("youtube", "Abdi Beats", "https://www.youtube.com/@abdibeats", 27_000),
            ("tiktok", "@abdibeats", "https://tiktok.com/@abdibeats", 52_000),
        ],
    ),
    (
        "Nadia Hussain",
        "",
        ["Host"],
        ["Asian", "Women and girls"],
        ["Redbridge"],
        IP,
        [("instagram", "@nadiahussain", "https://instagram.com/nadiahussain", 19_900)],
    ),
    (
        "Errol Johnson",
        "Uncle Errol",
        ["Presenter", "Venue finder"],
        ["Black", "Faith groups"],
        ["Lewisham"],
        C,
        [
            (
                "community_radio",
                "Reggae Roots Hour, Lewisham Community Radio",
                "https://lcr.example.org/reggae-roots",
                3_900,
            ),
            ("podcast", "Uncle Errol Remembers", "https://podcasts.example.org/uncle-errol", 1_400),
        ],
    ),
]

BIOS = [
    "Known across the borough for sell-out comedy nights; hosted our first summit panel and kept it lively.",
    "Plays at community events most weekends and knows which venues young people see as their own.",
    "Presents a weekly show on a community station; trusted by older listeners and faith groups.",
    "Runs a community page that shares local events, jobs and safety information.",
]

MONTHS = 6


def _decider():
    return (
        User.objects.filter(groups__name="Coordinators").order_by("pk").first()
        or User.objects.filter(is_superuser=True).first()
    )


def _create(name, spec, index, decider):
    _, known_as, skills, communities, boroughs, status, accounts = spec
    handle = re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".")
    influencer = services.influencer_create(
        data={
            "name": name,
            "known_as": known_as,
            "bio": BIOS[index % len(BIOS)],
            "email": f"{handle}@example.org",
            "preferred_channel": [ContactChannel.EMAIL, ContactChannel.TEXT, ContactChannel.SOCIAL][index % 3],
            "skills": InfluencerSkill.objects.filter(name__in=skills),
            "communities": Community.objects.filter(name__in=communities),
            "boroughs": Borough.objects.filter(name__in=boroughs),
        }
    )
    today = timezone.localdate()
    for platform, account_handle, url, audience in accounts:
        services.platform_accounts_save(
            influencer=influencer,
            accounts=[{"platform": platform, "handle": account_handle, "profile_url": url, "audience_size": None}],
        )
        account = influencer.accounts.get(platform=platform, handle=account_handle)
        # Steady growth, a little uneven, over the last six months.
        for month in range(MONTHS, -1, -1):
            share = 1 - 0.07 * month - (0.015 if month % 2 else 0)
            services.follower_snapshot_record(
                account=account, audience_size=int(audience * share), recorded_on=today - timedelta(days=30 * month)
            )
    if status != NC and decider is not None:
        notes = {
            C: "Open-source checks and a reference from the borough's community engagement team; nothing of concern.",
            IP: "Checks requested; waiting on the borough's reply.",
            NS: "Public posts in the last year conflict with the programme's values; not to be booked.",
        }
        services.influencer_decide_due_diligence(
            influencer=influencer, status=status, note=notes[status], decided_by=decider
        )
    return influencer


NOTES = {
    C: "Open-source checks and a reference from the borough's community engagement team; nothing of concern.",
    IP: "Checks requested; waiting on the borough's reply.",
    NS: "Public posts in the last year conflict with the programme's values; not to be booked.",
}


def _copies(scale: int, decider) -> int:
    """The numbered copies for ``--scale``, in bulk (the same data ``_create`` makes through the services)."""
    existing = set(Influencer.objects.filter(name__endswith=")").values_list("name", flat=True))
    wanted = [
        (f"{spec[0]} ({copy + 1})", spec, index)
        for copy in range(1, scale)
        for index, spec in enumerate(INFLUENCERS)
        if f"{spec[0]} ({copy + 1})" not in existing
    ]
    if not wanted:
        return 0
    today = timezone.localdate()
    now = timezone.now()
    influencers = Influencer.objects.bulk_create(
        [
            Influencer(
                name=name,
                known_as=spec[1],
                bio=BIOS[index % len(BIOS)],
                email=re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".") + "@example.org",
                preferred_channel=[ContactChannel.EMAIL, ContactChannel.TEXT, ContactChannel.SOCIAL][index % 3],
                due_diligence_status=spec[5] if decider is not None else NC,
                due_diligence_note=NOTES.get(spec[5], "") if decider is not None else "",
                due_diligence_decided_by=decider if spec[5] != NC else None,
                due_diligence_decided_at=now if spec[5] != NC and decider is not None else None,
                total_reach=sum(account[3] for account in spec[6]),
            )
            for name, spec, index in wanted
        ],
        batch_size=2000,
    )
    skills = dict(InfluencerSkill.objects.values_list("name", "pk"))
    communities = dict(Community.objects.values_list("name", "pk"))
    boroughs = dict(Borough.objects.values_list("name", "pk"))
    links = {"skills": [], "communities": [], "boroughs": []}
    accounts = []
    for influencer, (_, spec, _) in zip(influencers, wanted, strict=True):
        for field, names, by_name, column in (
            ("skills", spec[2], skills, "influencerskill_id"),
            ("communities", spec[3], communities, "community_id"),
            ("boroughs", spec[4], boroughs, "borough_id"),
        ):
            through = getattr(Influencer, field).through
            links[field] += [
                through(influencer_id=influencer.pk, **{column: by_name[n]}) for n in names if n in by_name
            ]
        accounts += [
            PlatformAccount(
                influencer=influencer, platform=platform, handle=handle, profile_url=url, audience_size=size
            )
            for platform, handle, url, size in spec[6]
        ]
    for field, rows in links.items():
        getattr(Influencer, field).through.objects.bulk_create(rows, batch_size=5000)
    accounts = PlatformAccount.objects.bulk_create(accounts, batch_size=2000)
    FollowerSnapshot.objects.bulk_create(
        [
            FollowerSnapshot(
                account=account,
                audience_size=int(account.audience_size * (1 - 0.07 * month - (0.015 if month % 2 else 0))),
                recorded_on=today - timedelta(days=30 * month),
            )
            for account in accounts
            for month in range(MONTHS, -1, -1)
        ],
        batch_size=5000,
    )
    return len(influencers)


def seed(*, scale: int, stdout) -> str:
    decider = _decider()
    created = 0
    for index, spec in enumerate(INFLUENCERS):
        if not Influencer.objects.filter(name=spec[0]).exists():
            _create(spec[0], spec, index, decider)
            created += 1
    if scale > 1:
        created += _copies(scale, decider)
    if not Influencer.objects.filter(active=False).exists():
        last = Influencer.objects.filter(name="Jade Williams").first()
        if last is not None:
            services.influencer_archive(influencer=last)
    return f"{created} influencers created, {Influencer.objects.count()} in all"
