from django.db.models import Prefetch, QuerySet

from btb.accounts.rules import is_staff_reader

from .models import FollowerSnapshot, Influencer, PlatformAccount


def influencers_visible_to(user) -> QuerySet[Influencer]:
    """Coordinators, oversight and administrators see the directory; nobody else sees any influencer."""
    if not is_staff_reader(user):
        return Influencer.objects.none()
    return Influencer.objects.all()


def influencer_directory(*, user) -> QuerySet[Influencer]:
    """The directory ``user`` may see, with each one's accounts (largest audience first) and skills
    (``filters.InfluencerFilter`` narrows and orders it)."""
    return influencers_visible_to(user).prefetch_related(
        Prefetch("accounts", queryset=PlatformAccount.objects.order_by("-audience_size", "platform")),
        "skills",
    )


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
