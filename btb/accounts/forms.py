from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from btb.bounds import BoundedFieldsMixin
from btb.forms import form_helper
from btb.images import prepare_photo

from .models import Borough, StaffNetwork, VolunteerProfile
from .services import email_domain_allowed


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )


class RegistrationForm(forms.Form):
    email = forms.EmailField(
        label=_("Work e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
    )
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("How you would like to be named to colleagues, e.g. “PC Amara Mensah”."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        domains = ", ".join(f"@{d}" for d in settings.VOLUNTEER_EMAIL_DOMAINS) or _("none configured")
        self.fields["email"].help_text = _("Open to officers and staff with an address at: %(domains)s.") % {
            "domains": domains
        }
        self.helper = form_helper(submit=_("Send me a link"))


class VerifyEmailForm(SetPasswordForm):
    """The verification link's form: the mailbox owner gives their name and chooses the password. The name is
    offered from the latest registration request, which anyone could have typed, so the owner confirms it here."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("How you would like to be named to colleagues, e.g. “PC Amara Mensah”."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["display_name", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        profile = VolunteerProfile.objects.filter(user=user).first()
        self.fields["display_name"].initial = profile.display_name if profile else user.first_name
        self.order_fields(self.field_order)


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail is queued in the outbox and sent by the worker, never inside the
    request."""

    def save(self, **kwargs):
        from .mail import PASSWORD_RESET, account_mail_queue

        email = self.cleaned_data["email"]
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        for user in users:
            if user.has_usable_password():
                account_mail_queue(kind=PASSWORD_RESET, user=user)


class PhotoField(forms.FileField):
    widget = forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload in (None, False) or upload is initial:
            return upload
        return prepare_photo(upload)


class ProfileForm(BoundedFieldsMixin, forms.ModelForm):
    photo = PhotoField(
        required=False,
        help_text=_("JPEG, PNG or WebP. We remove location and camera details before storing it."),
    )
    remove_photo = forms.BooleanField(required=False, label=_("Remove my current photo"))
    staff_networks = forms.ModelMultipleChoiceField(
        queryset=StaffNetwork.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional. Networks you belong to, if you are happy to say."),
    )

    class Meta:
        model = VolunteerProfile
        fields = [
            "display_name",
            "workforce_type",
            "rank_or_grade",
            "command_unit",
            "borough",
            "phone",
            "line_manager_email",
            "staff_networks",
            "why_i_joined",
            "willing_media",
            "willing_panel",
            "willing_stalls",
            "willing_other",
            "other_help",
            "ethnicity",
            "gender",
            "age_band",
        ]
        widgets = {"why_i_joined": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borough"].queryset = Borough.objects.filter(active=True)
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["phone"].help_text = _("Only coordinators see it, to reach you about an event.")
        self.fields["line_manager_email"].widget.attrs.update(autocomplete="off", autocapitalize="none")
        for name in VolunteerProfile.DIVERSITY_FIELDS:
            self.fields[name].choices = [("", _("Not answered"))] + list(self.fields[name].choices)[1:]
        if not (self.instance and self.instance.photo):
            del self.fields["remove_photo"]
        self.helper = form_helper()
        self.helper.layout = Layout(
            Fieldset(
                _("About your role"),
                "display_name",
                "workforce_type",
                "rank_or_grade",
                "command_unit",
                "borough",
                "phone",
                "line_manager_email",
                "staff_networks",
            ),
            Fieldset(_("Your photo"), "photo", *(["remove_photo"] if "remove_photo" in self.fields else [])),
            Fieldset(_("Your story"), "why_i_joined"),
            Fieldset(
                _("What you are willing to do"),
                HTML(
                    format_lazy(
                        '<p class="form-text mt-0">{}</p>',
                        _("Coordinators use this to invite you; you can change it any time."),
                    )
                ),
                "willing_media",
                "willing_panel",
                "willing_stalls",
                "willing_other",
                "other_help",
            ),
            Fieldset(
                _("About you (optional)"),
                HTML(
                    format_lazy(
                        '<p class="form-text mt-0">{}</p>',
                        _(
                            "Answering is voluntary. These answers are only ever reported as totals across the "
                            "programme, never next to your name, so that we can show the boards who takes part. "
                            "Choose “Prefer not to say” or leave them unanswered if you wish."
                        ),
                    )
                ),
                "ethnicity",
                "gender",
                "age_band",
            ),
        )

    def clean_line_manager_email(self):
        """A work address, like the volunteer's own: the abstraction notice goes inside the force only."""
        email = self.cleaned_data["line_manager_email"].strip()
        if email and not email_domain_allowed(email):
            domains = ", ".join(f"@{d}" for d in settings.VOLUNTEER_EMAIL_DOMAINS) or _("none configured")
            raise forms.ValidationError(
                _("Give your line manager's work address, at one of: %(domains)s.") % {"domains": domains}
            )
        own = self.instance.user.email if self.instance and self.instance.user_id else ""
        if email and own and email.lower() == own.lower():
            raise forms.ValidationError(_("This is your own address: give your line manager's, or leave it blank."))
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("willing_other") and not cleaned.get("other_help"):
            self.add_error("other_help", _("Tell us what other help you can give, or untick “other help”."))
        if cleaned.get("photo") and cleaned.get("remove_photo"):
            self.add_error("remove_photo", _("Either upload a new photo or remove the current one, not both."))
        return cleaned

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
