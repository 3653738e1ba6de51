import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from btb.accounts.models import VolunteerProfile
from btb.filters import BoundedFilterSet, CheckboxFilter
from btb.forms import DateInput

from .enums import AppearanceStatus, OutletKind, QuestionTopic
from .models import Appearance, AppearanceParticipant, Question


class AppearanceFilter(BoundedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="search")
    kind = django_filters.ChoiceFilter(
        field_name="outlet__kind", label=_("Outlet kind"), choices=OutletKind.choices, empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(choices=AppearanceStatus.choices, empty_label=_("Any"))
    date_from = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", label=_("From"), widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", label=_("To"), widget=DateInput()
    )
    officer = django_filters.CharFilter(label=_("Officer or staff"), max_length=80, method="with_officer")

    class Meta:
        model = Appearance
        fields = ["q", "kind", "status", "date_from", "date_to", "officer"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(outlet__name__icontains=value))

    def with_officer(self, queryset, name, value):
        taking_part = AppearanceParticipant.objects.filter(volunteer__display_name__icontains=value)
        return queryset.filter(pk__in=taking_part.values("appearance"))


class ParticipantSearchFilter(BoundedFilterSet):
    """Volunteers to add to an appearance: those willing to do media unless all are asked for."""

    q = django_filters.CharFilter(label=_("Name, rank or unit"), max_length=100, method="search")
    all_volunteers = CheckboxFilter(
        label=_("Include volunteers who have not said they are willing to do media"),
        method="including_unwilling",
    )

    class Meta:
        model = VolunteerProfile
        fields = ["q", "all_volunteers"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(display_name__icontains=value) | Q(rank_or_grade__icontains=value) | Q(command_unit__icontains=value)
        )

    def including_unwilling(self, queryset, name, value):
        return queryset if value else queryset.filter(willing_media=True)


class QuestionFilter(BoundedFilterSet):
    """The question bank: retired questions are hidden unless asked for."""

    topic = django_filters.ChoiceFilter(choices=QuestionTopic.choices, empty_label=_("Any"))
    active = django_filters.ChoiceFilter(
        label=_("Shown"), choices=[("all", _("Active and retired"))], empty_label=_("Active only"), method="shown"
    )

    class Meta:
        model = Question
        fields = ["topic", "active"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("active") != "all":
            queryset = queryset.filter(active=True)
        return queryset

    def shown(self, queryset, name, value):
        return queryset  # "all": nothing hidden (filter_queryset hides the retired otherwise)
