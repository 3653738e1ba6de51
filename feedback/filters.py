import django_filters
from django import forms
from django.db.models import Q

from events.models import Summit

from .enums import InterestStatus
from .models import ExpressionOfInterest, InfluencerDebrief


class InterestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", max_length=100, method="search")
    status = django_filters.ChoiceFilter(choices=InterestStatus.choices, empty_label="Any")
    summit = django_filters.ModelChoiceFilter(queryset=Summit.objects.order_by("-starts_at"))

    class Meta:
        model = ExpressionOfInterest
        fields = ["q", "status", "summit"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(email__icontains=value) | Q(phone__icontains=value))


class DebriefFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label="Show",
        choices=[("waiting", "Waiting for an answer"), ("received", "Received")],
        empty_label="All",
        method="in_state",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = InfluencerDebrief
        fields = ["state"]

    def in_state(self, queryset, name, value):
        return queryset.filter(submitted_at__isnull=value == "waiting")
