"""Demo users for every role and a varied set of volunteer profiles."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from .enums import AgeBand, Ethnicity, Gender, Role, WorkforceType
from .models import Borough, StaffNetwork, User, VolunteerProfile

DEMO_PASSWORD = "Badge-demo-2026"
DEMO_DOMAIN = "met.police.uk"

# (display name, workforce type, rank or grade, command or unit, borough, networks, willing, ethnicity, gender, age)
PROFILES = [
    (
        "PC Amara Mensah",
        "officer",
        "Police Constable",
        "Central East BCU",
        "Hackney",
        ["Black Police Association"],
        "media panel",
        "black",
        "woman",
        "25_34",
    ),
    (
        "DS Imran Patel",
        "officer",
        "Detective Sergeant",
        "Specialist Crime",
        "Tower Hamlets",
        ["Association of Muslim Police"],
        "media",
        "asian",
        "man",
        "35_44",
    ),
    (
        "Insp Grace Okafor",
        "officer",
        "Inspector",
        "South East BCU",
        "Greenwich",
        ["Black Police Association", "Women's Network"],
        "panel media",
        "black",
        "woman",
        "35_44",
    ),
    (
        "Ch Supt Daniel Reid",
        "officer",
        "Chief Superintendent",
        "North West BCU",
        "Brent",
        [],
        "panel",
        "mixed",
        "man",
        "45_54",
    ),
    (
        "Supt Harpreet Kaur",
        "officer",
        "Superintendent",
        "West Area BCU",
        "Ealing",
        ["Sikh Police Association"],
        "panel media",
        "asian",
        "woman",
        "45_54",
    ),
    (
        "PC Tomasz Nowak",
        "officer",
        "Police Constable",
        "Mounted Branch",
        "Lambeth",
        [],
        "stalls",
        "white",
        "man",
        "25_34",
    ),
    (
        "PC Leah Thompson",
        "officer",
        "Police Constable",
        "Dog Support Unit",
        "Bromley",
        ["LGBT+ Network"],
        "stalls",
        "white",
        "woman",
        "25_34",
    ),
    (
        "Sgt Kwame Boateng",
        "officer",
        "Sergeant",
        "Roads and Transport Policing",
        "Croydon",
        ["Black Police Association"],
        "stalls media",
        "black",
        "man",
        "35_44",
    ),
    (
        "Mei Lin Chen",
        "staff",
        "Band D",
        "Recruitment and Outreach",
        "Southwark",
        ["Chinese and South East Asian Staff Association"],
        "stalls other",
        "asian",
        "woman",
        "16_24",
    ),
    (
        "SC Yusuf Ali",
        "special",
        "Special Constable",
        "Met Special Constabulary",
        "Newham",
        [],
        "stalls media",
        "prefer_not_to_say",
        "man",
        "16_24",
    ),
    (
        "Priya Sharma",
        "staff",
        "Band C",
        "Digital Policing",
        "Harrow",
        ["Hindu Police Association"],
        "media",
        "",
        "",
        "",
    ),
    (
        "DC Nadia Rahman",
        "officer",
        "Detective Constable",
        "Public Protection",
        "Redbridge",
        ["Association of Muslim Police", "Women's Network"],
        "panel stalls",
        "asian",
        "prefer_not_to_say",
        "25_34",
    ),
]

STORIES = [
    "I grew up a few streets from where I now patrol. I joined because I wanted young people to see someone who "
    "looks like them doing this job, and to know they can ask me anything.",
    "My family were worried when I told them. Ten years on, my mum tells everyone at church what I do.",
    "I came from a career in retail. The pay and pension were a surprise; the teamwork is why I stayed.",
]


def _user(username, *, email, first_name, role: Role | None, password: bool, superuser=False):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": email,
            "first_name": first_name,
            "is_active": True,
            "is_superuser": superuser,
            "is_staff": superuser,
        },
    )
    if created:
        if password and settings.DEBUG:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    return user, created


def _profile(user, index, spec):
    name, workforce, rank, unit, borough, networks, willing, ethnicity, gender, age = spec
    profile, created = VolunteerProfile.objects.get_or_create(
        user=user,
        defaults={
            "display_name": name,
            "workforce_type": WorkforceType(workforce),
            "rank_or_grade": rank,
            "command_unit": unit,
            "borough": Borough.objects.filter(name=borough).first(),
            "why_i_joined": STORIES[index % len(STORIES)],
            "willing_media": "media" in willing,
            "willing_panel": "panel" in willing,
            "willing_stalls": "stalls" in willing,
            "willing_other": "other" in willing,
            "other_help": "Careers advice and helping at the welcome desk" if "other" in willing else "",
            "ethnicity": Ethnicity(ethnicity) if ethnicity else "",
            "gender": Gender(gender) if gender else "",
            "age_band": AgeBand(age) if age else "",
            "phone": f"07700 900{index:03d}",
        },
    )
    if created and networks:
        profile.staff_networks.set(StaffNetwork.objects.filter(name__in=networks))
    return created


def _copies(scale: int) -> int:
    """The numbered copies for ``--scale``, in bulk: no password (unusable), no per-row queries."""
    wanted = {
        f"volunteer{copy * len(PROFILES) + index}": (copy, index)
        for copy in range(1, scale)
        for index in range(len(PROFILES))
    }
    wanted = _missing(wanted)
    if not wanted:
        return 0
    now = timezone.now()
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=username,
                email=f"{username}@{DEMO_DOMAIN}",
                first_name=f"{PROFILES[index][0]} ({copy + 1})",
                password=unusable,
                is_active=True,
                email_verified_at=now,
            )
            for username, (copy, index) in wanted.items()
        ],
        batch_size=2000,
    )
    group = Group.objects.get(name=Role.VOLUNTEER.value)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users], batch_size=5000
    )
    boroughs = dict(Borough.objects.values_list("name", "pk"))
    networks = dict(StaffNetwork.objects.values_list("name", "pk"))
    profiles = []
    for user in users:
        copy, index = wanted[user.username]
        name, workforce, rank, unit, borough, _, willing, ethnicity, gender, age = PROFILES[index]
        profiles.append(
            VolunteerProfile(
                user=user,
                display_name=f"{name} ({copy + 1})",
                workforce_type=workforce,
                rank_or_grade=rank,
                command_unit=unit,
                borough_id=boroughs.get(borough),
                why_i_joined=STORIES[index % len(STORIES)],
                willing_media="media" in willing,
                willing_panel="panel" in willing,
                willing_stalls="stalls" in willing,
                willing_other="other" in willing,
                other_help="Careers advice and helping at the welcome desk" if "other" in willing else "",
                ethnicity=ethnicity,
                gender=gender,
                age_band=age,
                phone=f"07700 900{index:03d}",
            )
        )
    profiles = VolunteerProfile.objects.bulk_create(profiles, batch_size=2000)
    through = VolunteerProfile.staff_networks.through
    links = []
    for profile in profiles:
        _, index = wanted[profile.user.username]
        links += [
            through(volunteerprofile_id=profile.pk, staffnetwork_id=networks[n])
            for n in PROFILES[index][5]
            if n in networks
        ]
    through.objects.bulk_create(links, batch_size=5000)
    return len(profiles)


def _missing(wanted: dict) -> dict:
    existing = set(User.objects.filter(username__startswith="volunteer").values_list("username", flat=True))
    return {username: spec for username, spec in wanted.items() if username not in existing}


def seed(*, scale: int, stdout) -> str:
    logins = settings.DEBUG
    _user("admin", email=f"admin@{DEMO_DOMAIN}", first_name="Admin", role=None, password=True, superuser=True)
    _user("coordinator", email=f"coordinator@{DEMO_DOMAIN}", first_name="Sam", role=Role.COORDINATOR, password=True)
    _user("oversight", email=f"oversight@{DEMO_DOMAIN}", first_name="Olu", role=Role.OVERSIGHT, password=True)

    created = 0
    for index, spec in enumerate(PROFILES):
        username = "volunteer" if index == 0 else f"volunteer{index}"
        user, _ = _user(
            username, email=f"{username}@{DEMO_DOMAIN}", first_name=spec[0], role=Role.VOLUNTEER, password=True
        )
        user.email_verified_at = user.email_verified_at or user.date_joined
        user.save(update_fields=["email_verified_at"])
        created += _profile(user, index, spec)
    if scale > 1:
        created += _copies(scale)
    if logins:
        stdout.write(
            f"Demo logins: admin, coordinator, oversight, volunteer (and volunteer1 to volunteer{len(PROFILES) - 1}); "
            f"password: {DEMO_PASSWORD}"
        )
    else:
        stdout.write("DEBUG is off: demo accounts were created without passwords (no default logins in production).")
    return f"{created} volunteer profiles created, {VolunteerProfile.objects.count()} in all"
