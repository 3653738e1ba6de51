from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from btb.accounts.forms import PhotoField
from btb.accounts.models import Borough, Community
from btb.bounds import BoundedFieldsMixin
from btb.forms import DateInput, checkboxes, form_helper

from .enums import DueDiligenceStatus
from .models import Influencer, InfluencerSkill, PlatformAccount
from .validators import AUDIENCE_MAX


class InfluencerForm(BoundedFieldsMixin, forms.ModelForm):
    photo = PhotoField(
        required=False, help_text=_("JPEG, PNG or WebP. We remove location and camera details before storing it.")
    )
    remove_photo = forms.BooleanField(required=False, label=_("Remove the current photo"))
    skills = checkboxes(InfluencerSkill.objects.filter(active=True), _("What they do"))
    communities = checkboxes(
        Community.objects.filter(active=True), _("Communities"), _("The communities their audience comes from.")
    )
    boroughs = checkboxes(
        Borough.objects.filter(active=True), _("Boroughs / areas"), _("Where their audience lives or meets.")
    )

    class Meta:
        model = Influencer
        fields = [
            "name",
            "known_as",
            "bio",
            "skills",
            "communities",
            "boroughs",
            "email",
            "phone",
            "preferred_channel",
            "language",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bio"].help_text = _("A few sentences: who they are and what their audience knows them for.")
        self.fields["phone"].widget.attrs["autocomplete"] = "off"
        if not (self.instance and self.instance.photo):
            del self.fields["remove_photo"]
        self.helper = form_helper()
        self.helper.layout = Layout(
            Fieldset(_("Who they are"), "name", "known_as", "bio", "skills"),
            Fieldset(_("Photo"), "photo", *(["remove_photo"] if "remove_photo" in self.fields else [])),
            Fieldset(
                _("Where their audience is"),
                Div(Div("communities", css_class="col-md-6"), Div("boroughs", css_class="col-md-6"), css_class="row"),
            ),
            Fieldset(_("Contact"), "email", "phone", "preferred_channel", "language"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and cleaned.get("remove_photo"):
            self.add_error("remove_photo", _("Either upload a new photo or remove the current one, not both."))
        return cleaned

    def influencer_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PlatformAccountForm(BoundedFieldsMixin, forms.ModelForm):
    profile_url = forms.URLField(
        label=_("Profile link"),
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=_("The link to their page on that platform."),
    )
    audience_size = forms.IntegerField(
        label=_("Followers or listeners"),
        min_value=0,
        max_value=AUDIENCE_MAX,
        required=False,
        help_text=_("Today's count; it is recorded as a dated snapshot."),
    )

    class Meta:
        model = PlatformAccount
        fields = ["platform", "handle", "profile_url", "audience_size"]

    def clean_audience_size(self):
        value = self.cleaned_data.get("audience_size")
        if value is None and self.instance.pk:
            return self.instance.audience_size
        return value

    def account_data(self) -> dict:
        return {
            "id": self.instance.pk,
            "platform": self.cleaned_data["platform"],
            "handle": self.cleaned_data["handle"],
            "profile_url": self.cleaned_data.get("profile_url") or "",
            "audience_size": self.cleaned_data.get("audience_size"),
        }


class BasePlatformAccountFormSet(forms.BaseInlineFormSet):
    def accounts_data(self) -> list[dict]:
        accounts = []
        for form in self.forms:
            if form in self.deleted_forms:
                if form.instance.pk:
                    accounts.append({"id": form.instance.pk, "delete": True})
                continue
            if not form.has_changed() and not form.instance.pk:
                continue
            accounts.append(form.account_data())
        return accounts


def platform_account_formset(*, data=None, instance=None, extra=None):
    extra = extra if extra is not None else (1 if instance is not None and instance.pk else 2)
    formset_class = forms.inlineformset_factory(
        Influencer,
        PlatformAccount,
        form=PlatformAccountForm,
        formset=BasePlatformAccountFormSet,
        extra=extra,
        can_delete=True,
        max_num=20,
        validate_max=True,
    )
    return formset_class(data=data, instance=instance or Influencer(), prefix="accounts")


class DueDiligenceForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=DueDiligenceStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the decision rests on: checks made, who was consulted. Required to clear or turn down."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class FollowerSnapshotForm(BoundedFieldsMixin, forms.Form):
    account = forms.ModelChoiceField(queryset=PlatformAccount.objects.none(), empty_label=None)
    recorded_on = forms.DateField(label=_("Counted on"), widget=DateInput())
    audience_size = forms.IntegerField(label=_("Followers or listeners"), min_value=0, max_value=AUDIENCE_MAX)

    def __init__(self, *args, influencer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = influencer.accounts.order_by("platform", "handle")
        self.fields["recorded_on"].initial = timezone.localdate()
        self.helper = form_helper()

    def clean_recorded_on(self):
        day = self.cleaned_data["recorded_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A count cannot be recorded for a day still to come."))
        return day


IMPORT_FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


class InfluencerImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "CSV or Excel (.xlsx) with a header row. Download the directory as a spreadsheet to see the columns."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in IMPORT_FORMATS:
            raise forms.ValidationError(_("Upload a CSV file or an Excel workbook (.xlsx)."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("This file is larger than 2 MB; split it into smaller files."))
        self.format = IMPORT_FORMATS[suffix]
        return upload
