import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from btb.accounts.models import Borough
from btb.filters import BoundedFilterSet
from btb.forms import DateInput

from .enums import SummitStatus
from .models import Summit


class SummitFilter(BoundedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="search")
    status = django_filters.ChoiceFilter(choices=SummitStatus.choices, empty_label=_("Any"))
    borough = django_filters.ModelChoiceFilter(
        label=_("Borough"), queryset=Borough.objects.filter(active=True), empty_label=_("Any")
    )
    date_from = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", label=_("From"), widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", label=_("To"), widget=DateInput()
    )

    class Meta:
        model = Summit
        fields = ["q", "status", "borough", "date_from", "date_to"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(venue__name__icontains=value) | Q(notes__icontains=value))
