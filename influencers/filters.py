import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from btb.accounts.models import Borough, Community
from btb.filters import BoundedFilterSet

from .enums import DueDiligenceStatus, Platform
from .models import Influencer, InfluencerSkill, PlatformAccount

SHOW = [("active", _("Active")), ("archived", _("Archived")), ("all", _("Active and archived"))]
SORTS = {
    "name": ["name", "pk"],
    "-reach": ["-total_reach", "name", "pk"],
    "reach": ["total_reach", "name", "pk"],
}
SORT_CHOICES = [("name", _("Name")), ("-reach", _("Reach, largest first")), ("reach", _("Reach, smallest first"))]


class InfluencerFilter(BoundedFilterSet):
    """The directory's filters, on the page and in its export. Archived influencers are hidden unless asked for,
    and names come first unless another order is chosen, whatever else the query string holds."""

    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="search")
    platform = django_filters.ChoiceFilter(
        label=_("Platform"), choices=Platform.choices, empty_label=_("Any"), method="on_platform"
    )
    # Filtering on one related row at a time keeps one row per influencer (no duplicates, no DISTINCT needed).
    community = django_filters.ModelChoiceFilter(
        field_name="communities",
        label=_("Community"),
        queryset=Community.objects.filter(active=True),
        empty_label=_("Any"),
    )
    borough = django_filters.ModelChoiceFilter(
        field_name="boroughs",
        label=_("Borough / area"),
        queryset=Borough.objects.filter(active=True),
        empty_label=_("Any"),
    )
    skill = django_filters.ModelChoiceFilter(
        field_name="skills",
        label=_("Does"),
        queryset=InfluencerSkill.objects.filter(active=True),
        empty_label=_("Anything"),
    )
    status = django_filters.ChoiceFilter(
        field_name="due_diligence_status",
        label=_("Due diligence"),
        choices=DueDiligenceStatus.choices,
        empty_label=_("Any"),
    )
    show = django_filters.ChoiceFilter(label=_("Show"), choices=SHOW, empty_label=None, method="shown")
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="sorted_by")

    class Meta:
        model = Influencer
        fields = ["q", "platform", "community", "borough", "skill", "status", "show", "sort"]

    def filter_queryset(self, queryset):
        cleaned = self.form.cleaned_data
        cleaned["show"] = cleaned.get("show") or "active"
        cleaned["sort"] = cleaned.get("sort") or "name"
        return super().filter_queryset(queryset)

    def search(self, queryset, name, value):
        handles = PlatformAccount.objects.filter(influencer=OuterRef("pk"), handle__icontains=value)
        return queryset.filter(
            Q(name__icontains=value) | Q(known_as__icontains=value) | Q(email__icontains=value) | Exists(handles)
        )

    def on_platform(self, queryset, name, value):
        return queryset.filter(Exists(PlatformAccount.objects.filter(influencer=OuterRef("pk"), platform=value)))

    def shown(self, queryset, name, value):
        if value == "all":
            return queryset
        return queryset.filter(active=value != "archived")

    def sorted_by(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])
