from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from btb.accounts.models import VolunteerProfile
from btb.bounds import BoundedFieldsMixin
from btb.forms import DateInput, DateTimeInput, form_helper

from .enums import SUMMIT_ROLE_KINDS, Attendance, RoleKind
from .models import Requirement, SignUp, VolunteerCredential, VolunteerRole


class VolunteerRoleForm(BoundedFieldsMixin, forms.ModelForm):
    """A role on a summit, or (with ``appearance=``) an interview slot on an appearance."""

    class Meta:
        model = VolunteerRole
        fields = [
            "kind",
            "title",
            "stall",
            "description",
            "starts_at",
            "ends_at",
            "places",
            "what_to_bring",
            "uniform_approach",
            "requirements",
        ]
        widgets = {
            "requirements": forms.CheckboxSelectMultiple(),
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "what_to_bring": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, summit=None, appearance=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A retired requirement is offered only where it is already set.
        held = self.instance.requirements.all() if self.instance.pk else Requirement.objects.none()
        self.fields["requirements"].queryset = Requirement.objects.filter(
            Q(active=True) | Q(pk__in=held.values("pk"))
        ).order_by("name")
        if summit is not None:
            self.instance.summit = summit
            # The panel is staffed through its seats on the summit page; a “Panel seat” role stays only where it was.
            self.fields["kind"].choices = [
                choice
                for choice in SUMMIT_ROLE_KINDS
                if choice[0] != RoleKind.PANEL or self.instance.kind == RoleKind.PANEL
            ]
            self.fields["kind"].help_text = _("Panellists are added on the summit page, under Panel.")
            self.fields["stall"].queryset = summit.stalls.select_related("unit")
            if not self.instance.pk and summit.starts_at:
                self.initial.setdefault("starts_at", summit.starts_at)
                self.initial.setdefault("ends_at", summit.ends_at)
        else:
            self.instance.appearance = appearance
            self.instance.kind = RoleKind.INTERVIEW
            del self.fields["kind"], self.fields["stall"]
            if not self.instance.pk:
                self.initial.setdefault("starts_at", appearance.starts_at)
                self.initial.setdefault("ends_at", appearance.ends_at)
                self.initial.setdefault("title", "Interviewee")
        self.helper = form_helper(submit=_("Save"))


class SignUpForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the coordinator"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: anything they should know, e.g. you can only stay until 8pm."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Sign me up"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you pulling out?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A few words is enough, e.g. “called in for duty”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()  # the confirm partial writes the form and its buttons


class BookVolunteerForm(forms.Form):
    volunteer = forms.ModelChoiceField(queryset=VolunteerProfile.objects.none())
    override_reason = forms.CharField(
        label=_("Reason to override an overlap or the fair limits"),
        required=False,
        max_length=300,
        help_text=_(
            "Only needed when the volunteer is already signed up for something at the same time, or the "
            "booking would go beyond the fair limits on their time (hours in 24, rest between duties)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = VolunteerProfile.objects.filter(user__is_active=True).order_by(
            "display_name"
        )
        self.helper = form_helper(submit=_("Book volunteer"))


def _one_of(choices, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, error_messages={"required": message, "invalid_choice": message})


class SignUpDecisionForm(forms.Form):
    """The roster's Confirm and Decline buttons; anything else decides nothing."""

    decision = _one_of(
        [("confirm", "Confirm"), ("decline", "Decline")],
        _("Say whether to confirm or decline the sign-up: use the Confirm or Decline button on the roster."),
    )
    note = forms.CharField(required=False, max_length=500)


class AttendanceForm(forms.Form):
    attendance = _one_of(
        Attendance.choices,
        _("Say whether the volunteer came: use the Attended or No-show button on the roster."),
    )


class OfferAnswerForm(forms.Form):
    answer = _one_of(
        [("accept", "Take the place"), ("decline", "Let it pass on")],
        _("Say whether you take the place: use the Take the place or Let it pass on button."),
    )


class CoverAnswerForm(forms.Form):
    """The Accept button on a request for cover."""

    answer = _one_of([("accept", "Accept")], _("Use the Accept button to take the place."))


class CheckInForm(forms.Form):
    """An “I'm here” button on the check-in page: one of the volunteer's own confirmed places there today."""

    signup = forms.ModelChoiceField(
        queryset=SignUp.objects.none(),
        error_messages={
            "required": _("Use the “I'm here” button of your role."),
            "invalid_choice": _("That is not one of your roles here today: reload the page."),
        },
    )

    def __init__(self, *args, signups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signup"].queryset = signups


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Why are you declining?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The volunteer sees this in their e-mail, e.g. “we have enough people on the welcome desk”."),
        error_messages={"required": _("Say why you are declining: the volunteer sees it.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()  # the confirm partial writes the form and its buttons


class UndoDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the volunteer"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: they are told the decision is undone, with this note."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class ConfirmManyForm(forms.Form):
    """The roster's tick boxes: the sign-ups waiting for a decision on this event, to confirm at once."""

    signups = forms.ModelMultipleChoiceField(
        queryset=SignUp.objects.none(),
        error_messages={
            "required": _("Tick the sign-ups to confirm first."),
            "invalid_choice": _("One of the ticked sign-ups is no longer waiting for a decision: reload the roster."),
            "invalid_pk_value": _("One of the ticked sign-ups is no longer waiting for a decision: reload the roster."),
        },
    )

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signups"].queryset = pending


class CredentialForm(forms.ModelForm):
    """A volunteer adds a requirement they meet to their profile (or renews one, with its new expiry)."""

    class Meta:
        model = VolunteerCredential
        fields = ["requirement", "expires_on"]
        labels = {"requirement": _("What you can offer"), "expires_on": _("Valid until")}
        help_texts = {"expires_on": _("For a certificate that lapses, e.g. first aid. Leave empty if it does not.")}
        widgets = {"expires_on": DateInput()}
        error_messages = {"requirement": {"required": _("Choose what you are adding.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = Requirement.objects.filter(active=True).order_by("name")
        self.fields["requirement"].empty_label = _("Choose…")
        self.helper = form_helper(submit=_("Add to my profile"))

    def clean_expires_on(self):
        expires_on = self.cleaned_data.get("expires_on")
        if expires_on is not None and expires_on < timezone.localdate():
            raise forms.ValidationError(_("That date has passed: add it again once it is renewed, with the new date."))
        return expires_on

    def validate_unique(self):
        """Adding one already on the profile renews it (the service updates it), so it is not refused here."""


class HandOverForm(forms.Form):
    """Whom the place goes to: one of ``colleagues`` (the active volunteers other than its holder), narrowed by a
    search for a name when the list is long."""

    colleague = forms.ModelChoiceField(
        queryset=VolunteerProfile.objects.none(),
        label=_("Colleague"),
        help_text=_("They are told by e-mail and can withdraw as usual. The coordinator is told too."),
        error_messages={
            "required": _("Choose the colleague who takes your place."),
            "invalid_choice": _("Choose the colleague from the list: search for their name first."),
        },
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = colleagues
        self.helper = form_helper()  # the confirm partial writes the form and its buttons


class GiveBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you giving it back?"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: the coordinator sees it, e.g. “called in for duty”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class ConfirmOverrideForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason to override the fair limits"),
        required=False,
        max_length=300,
        help_text=_(
            "Only needed when confirming goes beyond the limits, e.g. “short shifts, agreed with their sergeant”."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
