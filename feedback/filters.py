import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from btb.filters import BoundedFilterSet
from events.models import Summit

from .enums import InterestStatus
from .models import ExpressionOfInterest, InfluencerDebrief


class InterestFilter(BoundedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="search")
    status = django_filters.ChoiceFilter(choices=InterestStatus.choices, empty_label=_("Any"))
    summit = django_filters.ModelChoiceFilter(queryset=Summit.objects.order_by("-starts_at"))

    class Meta:
        model = ExpressionOfInterest
        fields = ["q", "status", "summit"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(email__icontains=value) | Q(phone__icontains=value))


class DebriefFilter(BoundedFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[("waiting", _("Waiting for an answer")), ("received", _("Received"))],
        empty_label=_("All"),
        method="in_state",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = InfluencerDebrief
        fields = ["state"]

    def in_state(self, queryset, name, value):
        return queryset.filter(submitted_at__isnull=value == "waiting")
