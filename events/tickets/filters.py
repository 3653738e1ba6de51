import django_filters
from django.db.models import Q

from .models import TicketHolder


class DoorListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search by name, e-mail or reference", max_length=100, method="search")
    status = django_filters.ChoiceFilter(
        label="Show",
        choices=[("in", "Checked in"), ("out", "Not yet checked in")],
        empty_label="Everyone",
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
