import django_filters
from django.utils.translation import gettext_lazy as _

from btb.accounts.models import Borough
from btb.filters import BoundedFilterSet, CheckboxFilter
from btb.forms import DateInput

from .enums import RoleKind
from .models import VolunteerRole


class OpportunityFilter(BoundedFilterSet):
    date_from = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", label=_("From"), widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", label=_("To"), widget=DateInput()
    )
    borough = django_filters.ModelChoiceFilter(
        field_name="summit__borough",
        label=_("Borough"),
        queryset=Borough.objects.filter(active=True),
        empty_label=_("Any"),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RoleKind.choices, empty_label=_("Any"))
    include_full = CheckboxFilter(label=_("Include full ones (waiting list)"), method="including_full")

    class Meta:
        model = VolunteerRole
        fields = ["date_from", "date_to", "borough", "kind", "include_full"]

    def including_full(self, queryset, name, value):
        return queryset if value else queryset.filter(free__gt=0)
