import django_filters
from django.db.models import Q

from .enums import WorkforceType
from .models import Borough, VolunteerProfile

WILLING_CHOICES = [
    ("media", "Media interviews"),
    ("panel", "Summit panel"),
    ("stalls", "Stalls"),
    ("other", "Other help"),
]


class VolunteerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", max_length=100, method="search")
    borough = django_filters.ModelChoiceFilter(
        label="Borough", queryset=Borough.objects.filter(active=True), empty_label="Any"
    )
    willing = django_filters.ChoiceFilter(
        label="Willing to do", choices=WILLING_CHOICES, empty_label="Anything", method="willing_to"
    )
    workforce_type = django_filters.ChoiceFilter(
        label="Officer or staff", choices=WorkforceType.choices, empty_label="Any"
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
