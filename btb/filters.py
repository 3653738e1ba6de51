"""What the apps' FilterSets share."""

import django_filters
from django import forms


class CheckboxFilter(django_filters.Filter):
    """A plain checkbox: unticked is False (and still reaches the filter method), unlike django-filter's
    yes/no/unknown choice, so "include the full ones" can mean "leave them out" when it is not ticked."""

    field_class = forms.BooleanField
