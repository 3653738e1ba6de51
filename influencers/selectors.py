from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from btb.accounts.rules import is_staff_reader

from .models import FollowerSnapshot, Influencer, PlatformAccount

SORTS = {
    "name": ["name", "pk"],
    "-reach": ["-total_reach", "name", "pk"],
    "reach": ["total_reach", "name", "pk"],
}


def influencers_visible_to(user) -> QuerySet[Influencer]:
    """Coordinators, oversight and administrators see the directory; nobody else sees any influencer."""
    if not is_staff_reader(user):
        return Influencer.objects.none()
    return Influencer.objects.all()


def influencer_directory(
    *,
    user,
    search: str = "",
    platform: str = "",
    community=None,
    borough=None,
    skill=None,
    status: str = "",
    show: str = "active",
    sort: str = "name",
) -> QuerySet[Influencer]:
    influencers = influencers_visible_to(user).prefetch_related(
        Prefetch("accounts", queryset=PlatformAccount.objects.order_by("-audience_size", "platform")),
        "skills",
    )
    if show == "archived":
        influencers = influencers.filter(active=False)
    elif show != "all":
        influencers = influencers.filter(active=True)
    if search:
        handles = PlatformAccount.objects.filter(influencer=OuterRef("pk"), handle__icontains=search)
        influencers = influencers.filter(
            Q(name__icontains=search) | Q(known_as__icontains=search) | Q(email__icontains=search) | Exists(handles)
        )
    if platform:
        influencers = influencers.filter(
            Exists(PlatformAccount.objects.filter(influencer=OuterRef("pk"), platform=platform))
        )
    # Filtering on one related row at a time keeps one row per influencer (no duplicates, no DISTINCT needed).
    if community is not None:
        influencers = influencers.filter(communities=community)
    if borough is not None:
        influencers = influencers.filter(boroughs=borough)
    if skill is not None:
        influencers = influencers.filter(skills=skill)
    if status:
        influencers = influencers.filter(due_diligence_status=status)
    return influencers.order_by(*SORTS.get(sort, SORTS["name"]))


def influencer_for_page(*, user, pk: int) -> QuerySet[Influencer]:
    """The detail page's influencer with everything it shows, in a fixed number of queries."""
    return (
        influencers_visible_to(user)
        .filter(pk=pk)
        .select_related("due_diligence_decided_by")
        .prefetch_related(
            Prefetch(
                "accounts",
                queryset=PlatformAccount.objects.order_by("platform", "handle").prefetch_related(
                    Prefetch("snapshots", queryset=FollowerSnapshot.objects.order_by("recorded_on"))
                ),
            ),
            "communities",
            "boroughs",
            "skills",
        )
    )
