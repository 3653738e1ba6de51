"""Demo volunteering: roles on the demo summits and sign-ups in every state. Idempotent (natural keys)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from btb.accounts.models import Borough, VolunteerProfile

from ..enums import ACTIVE_STATUSES, SummitStatus
from ..models import RiskAssessment, Summit
from .enums import Attendance, RoleKind, SignUpStatus
from .models import Requirement, SignUp, VolunteerCredential, VolunteerRole

ROLES = [
    # (kind, title, minutes before the start, hours, places, what to bring)
    (RoleKind.SETUP, "Set-up crew", 120, 2, 2, "Comfortable shoes"),
    (RoleKind.WELCOME, "Welcome desk", 30, 3.5, 2, "Warrant card"),
    (RoleKind.STALL, "Recruitment stall", 0, 3, 3, "Leaflets from the outreach team"),
    (RoleKind.PANEL, "Panel seat", 0, 2, 1, ""),
]

# Sign-up states on the upcoming summit, by volunteer (index into the demo volunteers) and role.
UPCOMING = [
    (0, "Welcome desk", SignUpStatus.PENDING),
    (1, "Welcome desk", SignUpStatus.CONFIRMED),
    (2, "Panel seat", SignUpStatus.CONFIRMED),
    (3, "Panel seat", SignUpStatus.WAITING),
    (4, "Recruitment stall", SignUpStatus.OFFERED),
    (5, "Recruitment stall", SignUpStatus.DECLINED),
    (6, "Set-up crew", SignUpStatus.WITHDRAWN),
    (7, "Panel seat", SignUpStatus.LAPSED),
]
# What roles need (by title) and what the demo volunteers hold (index, requirement, days until it expires or None):
# the demo “volunteer” login's first aid has lapsed, so the board shows the set-up crew as closed to them.
ROLE_NEEDS = {"Set-up crew": ["First aid"], "Recruitment stall": ["Media trained"]}
CREDENTIALS = [
    (0, "First aid", -90),
    (0, "Speaks Urdu", None),
    (1, "Media trained", None),
    (1, "First aid", 300),
    (2, "Speaks Welsh", None),
    (4, "Media trained", None),
    (5, "Media trained", None),
    (6, "First aid", 200),
]

PAST = [
    (0, "Welcome desk", SignUpStatus.CONFIRMED, Attendance.ATTENDED),
    (1, "Recruitment stall", SignUpStatus.CONFIRMED, Attendance.ATTENDED),
    (2, "Recruitment stall", SignUpStatus.CONFIRMED, Attendance.NO_SHOW),
]


def _summit(slug, title, *, starts_at, status, borough):
    summit, created = Summit.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "status": status,
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=3),
            "borough": borough,
            "expected_attendees": 100,
        },
    )
    RiskAssessment.objects.get_or_create(summit=summit)
    return summit


def _roles(summit) -> dict:
    roles = {}
    for kind, title, before, hours, places, bring in ROLES:
        starts_at = summit.starts_at - timedelta(minutes=before)
        roles[title], _ = VolunteerRole.objects.get_or_create(
            summit=summit,
            title=title,
            defaults={
                "kind": kind,
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=hours),
                "places": places,
                "what_to_bring": bring,
                "description": f"{title} at {summit.title}.",
            },
        )
    return roles


def _needs(roles: dict, requirements: dict) -> None:
    for title, names in ROLE_NEEDS.items():
        if title in roles and not roles[title].requirements.exists():
            roles[title].requirements.set([requirements[name] for name in names if name in requirements])


def _credentials(volunteers, requirements: dict) -> None:
    today = timezone.localdate()
    for index, name, days in CREDENTIALS:
        if name in requirements:
            VolunteerCredential.objects.get_or_create(
                volunteer=volunteers[index],
                requirement=requirements[name],
                defaults={"expires_on": today + timedelta(days=days) if days is not None else None},
            )


def _signup(role, volunteer, status, attendance="") -> bool:
    extra = {"offer_expires_at": timezone.now() + timedelta(hours=40)} if status == SignUpStatus.OFFERED else {}
    if status == SignUpStatus.WITHDRAWN:
        extra.update(withdrawn_at=timezone.now(), withdrawal_reason="Called in for duty")
    _, created = SignUp.objects.get_or_create(
        role=role, volunteer=volunteer, defaults={"status": status, "attendance": attendance, **extra}
    )
    return created


def seed(*, scale: int, stdout) -> str:
    volunteers = list(VolunteerProfile.objects.order_by("pk")[:8])
    if len(volunteers) < 8:
        return "skipped: needs the demo volunteers"
    borough = Borough.objects.filter(active=True).order_by("name").first()
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    created = 0
    upcoming = list(
        Summit.objects.filter(status__in=ACTIVE_STATUSES, starts_at__gt=timezone.now()).order_by("starts_at")[:scale]
    )
    for copy in range(len(upcoming), scale):
        starts_at = datetime.combine(today + timedelta(weeks=10 + copy), time(18), zone)
        suffix = f"-{copy + 1}" if copy else ""
        upcoming.append(
            _summit(
                f"volunteering-demo-summit{suffix}",
                f"Community summit: meet your police{f' ({copy + 1})' if copy else ''}",
                starts_at=starts_at,
                status=SummitStatus.PLANNING,
                borough=borough,
            )
        )
    # Each copy of the summit is staffed by its own copy of the demo volunteers (seed_demo --scale makes twelve
    # volunteers per copy), so one volunteer's schedule stays the size it is in the demo.
    everyone = list(VolunteerProfile.objects.order_by("pk").values_list("pk", flat=True)[: 12 * scale])
    requirements = {requirement.name: requirement for requirement in Requirement.objects.all()}
    _credentials(volunteers, requirements)
    for copy, summit in enumerate(upcoming):
        roles = _roles(summit)
        _needs(roles, requirements)
        crew = volunteers
        if copy and len(everyone) >= 12 * copy + 8:
            crew = list(VolunteerProfile.objects.filter(pk__in=everyone[12 * copy : 12 * copy + 8]).order_by("pk"))
        for index, title, status in UPCOMING:
            created += _signup(roles[title], crew[index], status)
    past = Summit.objects.filter(status__in=[SummitStatus.HELD, SummitStatus.EVALUATED]).order_by("-starts_at").first()
    if past is None:
        past = _summit(
            "volunteering-demo-summit-held",
            "Community summit: last season",
            starts_at=datetime.combine(today - timedelta(weeks=6), time(18), zone),
            status=SummitStatus.HELD,
            borough=borough,
        )
    roles = _roles(past)
    for index, title, status, attendance in PAST:
        created += _signup(roles[title], volunteers[index], status, attendance)
    return f"{created} sign-ups created, {SignUp.objects.count()} in all"
