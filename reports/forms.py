from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from btb.accounts.models import Borough, Community
from btb.forms import DateInput

from .periods import (
    DATE_RANGE_MESSAGE,
    FIRST_DAY,
    LAST_DAY,
    ReportFilter,
    current_quarter,
    custom_filter,
    quarter_filter,
    recent_quarters,
    year_filter,
)

PERIODS = [("quarter", _("Quarter")), ("year", _("Year")), ("custom", _("Custom dates"))]


class ReportFilterForm(forms.Form):
    """The period and place of a report, from the query string. A bad value is said next to its field and the
    report is not made (never another period in its place, never an error page)."""

    period = forms.ChoiceField(choices=PERIODS, required=False)
    quarter = forms.ChoiceField(required=False)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    borough = forms.ModelChoiceField(
        queryset=Borough.objects.all(),
        required=False,
        empty_label=_("All boroughs"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    community = forms.ModelChoiceField(
        queryset=Community.objects.all(),
        required=False,
        empty_label=_("All communities"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["quarter"].choices = recent_quarters(today, count=12)
        self.fields["year"].widget.attrs["placeholder"] = str((today or date.today()).year)

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(DATE_RANGE_MESSAGE)
        return day

    def clean_date_from(self):
        return self._clean_day("date_from")

    def clean_date_to(self):
        return self._clean_day("date_to")

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period") or "quarter"
        if period == "year" and cleaned.get("year") is None and "year" not in self.errors:
            self.add_error("year", _("Give the year to report on (2000 to 2100)."))
        if period == "custom":
            first, last = cleaned.get("date_from"), cleaned.get("date_to")
            if first is None and "date_from" not in self.errors:
                self.add_error("date_from", _("Give the first day of the custom dates."))
            if last is None and "date_to" not in self.errors:
                self.add_error("date_to", _("Give the last day of the custom dates."))
            if first and last and last < first:
                self.add_error("date_to", _("The last day must not be before the first."))
        return cleaned

    def problems(self) -> list[str]:
        """What was wrong with the query string, to say beside the report that ignored it."""
        if not self.is_bound:
            return []
        self.is_valid()
        labels = {name: field.label or name.replace("_", " ").capitalize() for name, field in self.fields.items()}
        return [f"{labels.get(name, 'Filter')}: {' '.join(errors)}" for name, errors in self.errors.items()]

    def report_filter(self) -> ReportFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        places = {"borough": data.get("borough"), "community": data.get("community")}
        period = data.get("period") or "quarter"
        if period == "year" and data.get("year"):
            return year_filter(data["year"], **places)
        if period == "custom" and data.get("date_from") and data.get("date_to"):
            return custom_filter(data["date_from"], data["date_to"], **places)
        if data.get("quarter"):
            year, quarter = data["quarter"].split("-Q")
            return quarter_filter(int(year), int(quarter), **places)
        return current_quarter(self.today, **places)
