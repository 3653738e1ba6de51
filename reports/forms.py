from datetime import date

from django import forms

from btb.accounts.models import Borough, Community
from btb.forms import DateInput

from .periods import ReportFilter, current_quarter, custom_filter, quarter_filter, recent_quarters, year_filter

PERIODS = [("quarter", "Quarter"), ("year", "Year"), ("custom", "Custom dates")]


class ReportFilterForm(forms.Form):
    """The period and place of a report, from the query string. A bad value is ignored, never an error page."""

    period = forms.ChoiceField(choices=PERIODS, required=False)
    quarter = forms.ChoiceField(required=False)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    date_from = forms.DateField(label="From", required=False, widget=DateInput())
    date_to = forms.DateField(label="To", required=False, widget=DateInput())
    borough = forms.ModelChoiceField(
        queryset=Borough.objects.all(),
        required=False,
        empty_label="All boroughs",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    community = forms.ModelChoiceField(
        queryset=Community.objects.all(),
        required=False,
        empty_label="All communities",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["quarter"].choices = recent_quarters(today, count=12)
        self.fields["year"].widget.attrs["placeholder"] = str((today or date.today()).year)

    def report_filter(self) -> ReportFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        places = {"borough": data.get("borough"), "community": data.get("community")}
        period = data.get("period") or "quarter"
        if period == "year" and data.get("year"):
            return year_filter(data["year"], **places)
        if period == "custom" and data.get("date_from") and data.get("date_to"):
            first, last = sorted([data["date_from"], data["date_to"]])
            return custom_filter(first, last, **places)
        if data.get("quarter"):
            year, quarter = data["quarter"].split("-Q")
            return quarter_filter(int(year), int(quarter), **places)
        return current_quarter(self.today, **places)
