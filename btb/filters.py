"""What the apps' FilterSets share."""

import django_filters
from django import forms

from btb.bounds import bound_form_fields


class BoundedFilterSet(django_filters.FilterSet):
    """A FilterSet whose form bounds its fields as every other form does (btb.bounds): a far date or a number past
    its column is a value left out of the filtering, never a query the database refuses with a 500."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            bound_form_fields(super().form)
        return self._form


class CheckboxFilter(django_filters.Filter):
    """A plain checkbox: unticked is False (and still reaches the filter method), unlike django-filter's
    yes/no/unknown choice, so "include the full ones" can mean "leave them out" when it is not ticked."""

    field_class = forms.BooleanField
