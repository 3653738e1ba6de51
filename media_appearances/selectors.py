from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from btb.accounts.models import User, VolunteerProfile
from btb.accounts.rules import is_staff_reader

from .enums import AppearanceStatus
from .models import Appearance, AppearanceParticipant, MetricSnapshot, QuestionSet, QuestionSetItem


def appearances_visible_to(user: User) -> QuerySet[Appearance]:
    """Staff readers see every appearance; a volunteer sees only those they take part in."""
    appearances = Appearance.objects.select_related("outlet", "influencer", "question_set")
    if is_staff_reader(user):
        return appearances
    if not user.is_authenticated:
        return appearances.none()
    return appearances.filter(pk__in=AppearanceParticipant.objects.filter(volunteer__user=user).values("appearance"))


def _participants_prefetch():
    return Prefetch(
        "participants",
        queryset=AppearanceParticipant.objects.select_related("volunteer").order_by("role", "volunteer__display_name"),
    )


def appearance_list(*, user: User) -> QuerySet[Appearance]:
    """The appearances ``user`` may see with their participants, latest first (``filters.AppearanceFilter``
    narrows them)."""
    return appearances_visible_to(user).prefetch_related(_participants_prefetch()).order_by("-starts_at", "pk")


def my_appearances(*, user: User) -> QuerySet[AppearanceParticipant]:
    return (
        AppearanceParticipant.objects.filter(volunteer__user=user)
        .select_related("appearance__outlet", "appearance__influencer")
        .order_by("-appearance__starts_at", "pk")
    )


def feed_participations(*, volunteer: VolunteerProfile, now=None) -> list[AppearanceParticipant]:
    """The appearances an officer takes part in, for their calendar feed: all but the cancelled ones that are
    over (a cancelled one stays, marked cancelled, until after its date)."""
    now = now or timezone.now()
    participations = (
        AppearanceParticipant.objects.filter(volunteer=volunteer)
        .filter(
            ~Q(appearance__status=AppearanceStatus.CANCELLED) | Q(appearance__starts_at__gt=now - timedelta(days=1))
        )
        .select_related("appearance__outlet", "appearance__influencer")
        .order_by("appearance__starts_at", "pk")
    )
    return [p for p in participations if not (p.appearance.is_cancelled and p.appearance.ends_at <= now)]


def upcoming_participations(*, volunteer: VolunteerProfile, now=None) -> list[AppearanceParticipant]:
    """The appearances still to come that an officer takes part in (their schedule), cancelled ones included
    until they are over, so the officer sees it is off."""
    now = now or timezone.now()
    participations = (
        AppearanceParticipant.objects.filter(volunteer=volunteer, appearance__starts_at__gt=now - timedelta(days=1))
        .select_related("appearance__outlet", "appearance__influencer")
        .order_by("appearance__starts_at", "pk")
    )
    return [p for p in participations if p.appearance.ends_at > now]


def appearance_detail(*, user: User) -> QuerySet[Appearance]:
    return appearances_visible_to(user).prefetch_related(
        _participants_prefetch(),
        Prefetch("snapshots", queryset=MetricSnapshot.objects.order_by("recorded_on")),
        Prefetch("question_set__items", queryset=QuestionSetItem.objects.order_by("position", "pk")),
        "outlet__communities",
    )


def metric_summary(snapshots: list[MetricSnapshot]) -> dict | None:
    """The latest value of each metric, with its growth since the first and the previous snapshot that had it."""
    if not snapshots:
        return None
    rows = []
    for name in MetricSnapshot.METRICS:
        values = [(s.recorded_on, getattr(s, name)) for s in snapshots if getattr(s, name) is not None]
        if not values:
            continue
        latest_on, latest = values[-1]
        first_on, first = values[0]
        previous = values[-2][1] if len(values) > 1 else None
        rows.append(
            {
                "name": name,
                "label": MetricSnapshot._meta.get_field(name).verbose_name.capitalize(),
                "latest": latest,
                "latest_on": latest_on,
                "since_first": latest - first if len(values) > 1 else None,
                "first_on": first_on,
                "since_previous": latest - previous if previous is not None else None,
            }
        )
    return {"rows": rows, "latest_on": snapshots[-1].recorded_on, "count": len(snapshots)}


def addable_volunteers(*, appearance: Appearance):
    """Active volunteers a coordinator could add, those willing to do media first, excluding those already in
    (``filters.ParticipantSearchFilter`` keeps only the willing unless asked otherwise)."""
    return (
        VolunteerProfile.objects.select_related("borough")
        .filter(user__is_active=True)
        .exclude(media_appearances__appearance=appearance)
        .annotate(appearance_count=Count("media_appearances"))
        .order_by("-willing_media", "display_name", "pk")
    )


def question_sets(*, templates: bool = True) -> QuerySet[QuestionSet]:
    return (
        QuestionSet.objects.filter(is_template=templates)
        .select_related("copied_from")
        .annotate(question_count=Count("items"))
        .order_by("name", "pk")
    )
