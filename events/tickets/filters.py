import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from btb.filters import BoundedFilterSet

from .models import TicketHolder


class DoorListFilter(BoundedFilterSet):
    q = django_filters.CharFilter(label=_("Search by name, e-mail or reference"), max_length=100, method="search")
    status = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[("in", "Checked in"), ("out", "Not yet checked in")],
        empty_label=_("Everyone"),
        method="checked_in",
    )

    class Meta:
        model = TicketHolder
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(email__icontains=value)
            | Q(attendee_ref__icontains=value)
            | Q(order_ref__icontains=value)
        )

    def checked_in(self, queryset, name, value):
        return queryset.filter(checked_in=value == "in")
