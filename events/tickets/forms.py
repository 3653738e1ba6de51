"""Forms for ticket holders: the upload, and the column mapping (the door-list search is a FilterSet)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from btb.forms import form_helper

from .files import FIELDS

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class TicketUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Attendee report"),
        help_text=_("The attendee export from Eventbrite, Shoobs or another platform, as CSV or Excel (XLSX)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Upload and preview"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB; split it and import the parts."))
        return upload


class ColumnMappingForm(forms.Form):
    """Which column holds each field; the choices are the file's own headers."""

    save_as = forms.CharField(
        label=_("Save this mapping as"),
        max_length=100,
        required=False,
        help_text=_("Give it a name (for example “Shoobs”) to use it automatically next time."),
    )

    def __init__(self, *args, headers: list[str], initial_columns: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— not in this file —")] + [(header, header) for header in headers]
        mapped = {}
        for name, label in FIELDS.items():
            mapped[name] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial=initial_columns.get(name, "")
            )
        self.fields = {**mapped, "save_as": self.fields["save_as"]}
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Use these columns")))

    def columns(self) -> dict:
        return {name: self.cleaned_data[name] for name in FIELDS if self.cleaned_data.get(name)}


CHECK_IN_CHOICE = _("Say whether the ticket holder is checked in: use the button on the door list.")


class CheckInForm(forms.Form):
    """The door list's check-in button: 1 checks the ticket holder in, 0 undoes it."""

    checked_in = forms.TypedChoiceField(
        choices=[("1", "Checked in"), ("0", "Not checked in")],
        coerce=lambda value: value == "1",
        error_messages={"required": CHECK_IN_CHOICE, "invalid_choice": CHECK_IN_CHOICE},
    )
