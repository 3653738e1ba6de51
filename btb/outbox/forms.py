from django import forms

from btb.bounds import BoundedFieldsMixin

from .enums import MailStatus
from .services import registered_kinds


class SentMailFilterForm(BoundedFieldsMixin, forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any")] + list(MailStatus.choices))
    kind = forms.ChoiceField(required=False, label="Message")
    summit = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any")] + registered_kinds()
