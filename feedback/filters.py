import django_filters
from django.db.models import Q

from events.models import Summit

from .enums import InterestStatus
from .models import ExpressionOfInterest


class InterestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", max_length=100, method="search")
    status = django_filters.ChoiceFilter(choices=InterestStatus.choices, empty_label="Any")
    summit = django_filters.ModelChoiceFilter(queryset=Summit.objects.order_by("-starts_at"))

    class Meta:
        model = ExpressionOfInterest
        fields = ["q", "status", "summit"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(email__icontains=value) | Q(phone__icontains=value))
