"""What every app's forms share: the browser's own date pickers and one way to build the crispy helper."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker; it reads and sends ISO dates whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, in the ISO form it reads and sends."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def form_helper(*layout, submit: str | None = None) -> FormHelper:
    """Crispy lays out the fields. With ``submit`` it writes the whole form and that button; without, the template
    writes the <form> tag, the CSRF token and the buttons (a page with several actions or a formset)."""
    helper = FormHelper()
    if layout:
        helper.layout = Layout(*layout)
    if submit:
        helper.add_input(Submit("submit", submit))
    else:
        helper.form_tag = False
        helper.disable_csrf = True
    return helper


def checkboxes(queryset, label, help_text="") -> forms.ModelMultipleChoiceField:
    """An optional choice of several entries from a reference list, as checkboxes."""
    return forms.ModelMultipleChoiceField(
        queryset=queryset, label=label, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )
