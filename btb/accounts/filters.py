import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from btb.filters import BoundedFilterSet

from .enums import WorkforceType
from .models import Borough, VolunteerProfile

WILLING_CHOICES = [
    ("media", _("Media interviews")),
    ("panel", _("Summit panel")),
    ("stalls", _("Stalls")),
    ("other", _("Other help")),
]


class VolunteerFilter(BoundedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="search")
    borough = django_filters.ModelChoiceFilter(
        label=_("Borough"), queryset=Borough.objects.filter(active=True), empty_label=_("Any")
    )
    willing = django_filters.ChoiceFilter(
        label=_("Willing to do"), choices=WILLING_CHOICES, empty_label=_("Anything"), method="willing_to"
    )
    workforce_type = django_filters.ChoiceFilter(
        label=_("Officer or staff"), choices=WorkforceType.choices, empty_label=_("Any")
    )

    class Meta:
        model = VolunteerProfile
        fields = ["q", "borough", "willing", "workforce_type"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(display_name__icontains=value)
            | Q(command_unit__icontains=value)
            | Q(rank_or_grade__icontains=value)
            | Q(user__email__icontains=value)
        )

    def willing_to(self, queryset, name, value):
        return queryset.filter(**{f"willing_{value}": True})
