"""Demo summits: one held (like the £2,650 summit in the programme's story), one in planning with overdue tasks,
one in draft. Idempotent on slugs; ``--scale`` adds numbered copies."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from btb.accounts.models import Borough, Community, User, VolunteerProfile
from influencers.enums import DueDiligenceStatus
from influencers.models import Influencer

from .enums import BudgetCategory, EngagementStatus, RiskAssessmentStatus, SummitStatus, TicketingPlatform
from .models import BudgetLine, InfluencerEngagement, PanelSeat, RiskAssessment, Stall, StallUnit, Summit, Venue
from .services import checklist_generate
from .volunteering.demo import seed as seed_volunteering

VENUES = [
    (
        "Mare Street Job Centre",
        "1 Mare Street, London",
        "E8 4RP",
        "Hackney",
        120,
        Decimal("0.00"),
        "Young people come here for work and training; the influencers chose it as neutral ground.",
    ),
    (
        "Peckham Community Hub",
        "12 Rye Lane, London",
        "SE15 5BY",
        "Southwark",
        150,
        Decimal("250.00"),
        "Run by local families for thirty years; the community's own front room.",
    ),
]

HELD_BUDGET = [
    ("food", "Caribbean and West African food for 100", "1400.00", "1450.00"),
    ("music", "DJ and sound system", "400.00", "400.00"),
    ("venue", "Job centre hall (free)", "0.00", "0.00"),
]
# The £800 of influencer fees, each paying the engagement it is for: (role, fee).
HELD_FEES = [("comedian", "400.00"), ("dj", "250.00"), ("marketing", "150.00")]
PLANNING_BUDGET = [
    ("food", "Food from the audience's culture for 120", "1500.00"),
    ("music", "DJ", "400.00"),
    ("printing", "Flyers and banners", "150.00"),
]


def _at(days: int, hour: int):
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def _summit(slug, *, title, status, venue, borough, days, lead, **extra):
    starts = _at(days, 17) if days is not None else None
    summit, created = Summit.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "status": status,
            "venue": venue,
            "borough": borough,
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=4) if starts else None,
            "lead_coordinator": lead,
            "ticketing_platform": TicketingPlatform.SHOOBS,
            **extra,
        },
    )
    if created:
        RiskAssessment.objects.get_or_create(summit=summit)
        checklist_generate(summit=summit)
        summit.target_communities.set(Community.objects.filter(name__in=["Black", "Young people"]))
    return summit, created


def _paid_engagements(summit) -> None:
    """The held summit's influencers, engaged and paid: each fee a budget line linked to its engagement."""
    cleared = Influencer.objects.filter(active=True, due_diligence_status=DueDiligenceStatus.CLEARED).order_by("pk")
    for influencer, (role, fee) in zip(cleared, HELD_FEES, strict=False):
        engagement = InfluencerEngagement.objects.create(
            summit=summit, influencer=influencer, role=role, fee=Decimal(fee), status=EngagementStatus.CONFIRMED
        )
        BudgetLine.objects.create(
            summit=summit,
            engagement=engagement,
            influencer=influencer,
            category=BudgetCategory.INFLUENCER_FEES,
            description=f"{influencer} ({engagement.get_role_display().lower()})",
            planned=Decimal(fee),
            actual=Decimal(fee),
        )


def seed(*, scale: int, stdout) -> str:
    lead = User.objects.filter(username="coordinator").first()
    venues = []
    for name, address, postcode, borough, capacity, cost, why in VENUES:
        venue, _ = Venue.objects.get_or_create(
            name=name,
            defaults={
                "address": address,
                "postcode": postcode,
                "borough": Borough.objects.filter(name=borough).first(),
                "capacity": capacity,
                "cost": cost,
                "community_connection": why,
            },
        )
        venues.append(venue)
    units = {unit.name: unit for unit in StallUnit.objects.all()}
    created = 0
    for copy in range(scale):
        suffix = "" if copy == 0 else f"-{copy + 1}"
        label = "" if copy == 0 else f" ({copy + 1})"

        held, new = _summit(
            f"hackney-youth-summit{suffix}",
            title=f"Hackney youth summit{label}",
            status=SummitStatus.HELD,
            venue=venues[0],
            borough=venues[0].borough,
            days=-45 - 2 * copy,  # copies spread back in time, as a programme's history would be
            lead=lead,
            expected_attendees=100,
            catering_headcount=100,
            actual_attendance=104,
            estimated_reach=1050,
            notes="Comedian host kept the panel lively; QR survey response was low.",
        )
        if new:
            created += 1
            held.tasks.update(done_at=held.starts_at - timedelta(days=1), done_by=lead)
            RiskAssessment.objects.filter(summit=held).update(
                status=RiskAssessmentStatus.APPROVED, decided_by=lead, decided_at=held.starts_at - timedelta(days=50)
            )
            BudgetLine.objects.bulk_create(
                BudgetLine(summit=held, category=c, description=d, planned=Decimal(p), actual=Decimal(a))
                for c, d, p, a in HELD_BUDGET
            )
            _paid_engagements(held)
            for name in ["Outreach and recruitment", "Mounted branch", "Dog support unit", "Police staff careers"]:
                if name in units:
                    Stall.objects.create(summit=held, unit=units[name], confirmed=True, volunteers_needed=2)
            panel = VolunteerProfile.objects.filter(willing_panel=True).order_by("pk")[:5]
            PanelSeat.objects.bulk_create(
                PanelSeat(summit=held, volunteer=p, position=i + 1, confirmed=True) for i, p in enumerate(panel)
            )

        planning, new = _summit(
            f"peckham-community-summit{suffix}",
            title=f"Peckham community summit{label}",
            status=SummitStatus.PLANNING,
            venue=venues[1],
            borough=venues[1].borough,
            days=49 + 2 * copy,  # inside eight weeks: the early steps are already overdue
            lead=lead,
            expected_attendees=120,
            catering_headcount=120,
            estimated_reach=1500,
        )
        if new:
            created += 1
            BudgetLine.objects.bulk_create(
                BudgetLine(summit=planning, category=c, description=d, planned=Decimal(p))
                for c, d, p in PLANNING_BUDGET
            )
            if "Traffic and vintage police cars" in units:
                Stall.objects.create(
                    summit=planning,
                    unit=units["Traffic and vintage police cars"],
                    brings_vehicles=True,
                    needs_outdoor_space=True,
                    volunteers_needed=2,
                )

        _, new = _summit(
            f"brent-womens-summit{suffix}",
            title=f"Brent women and girls summit{label}",
            status=SummitStatus.DRAFT,
            venue=None,
            borough=Borough.objects.filter(name="Brent").first(),
            days=None,
            lead=lead,
            expected_attendees=80,
        )
        created += new
    volunteering = seed_volunteering(scale=scale, stdout=stdout)
    return f"{created} summits created, {Summit.objects.count()} in all; volunteering: {volunteering}"
