from crispy_forms.layout import Fieldset
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from btb.accounts.enums import Role
from btb.accounts.models import Borough, Community, VolunteerProfile
from btb.bounds import BoundedFieldsMixin
from btb.forms import DateTimeInput, form_helper
from influencers.enums import DueDiligenceStatus
from influencers.models import Influencer
from media_appearances.models import QuestionSet

from .enums import CopyPart, EngagementStatus
from .models import BudgetLine, InfluencerEngagement, PanelSeat, PlanningTask, Stall, StallUnit, Summit, Venue


def coordinators():
    return get_user_model().objects.filter(is_active=True, groups__name=Role.COORDINATOR.value).distinct()


class SummitForm(BoundedFieldsMixin, forms.ModelForm):
    target_communities = forms.ModelMultipleChoiceField(
        queryset=Community.objects.filter(active=True), required=False, widget=forms.CheckboxSelectMultiple
    )
    ticketing_url = forms.URLField(label=_("Ticketing link"), max_length=300, required=False, assume_scheme="https")

    class Meta:
        model = Summit
        fields = [
            "title",
            "borough",
            "target_communities",
            "venue",
            "starts_at",
            "ends_at",
            "expected_attendees",
            "catering_headcount",
            "lead_coordinator",
            "ticketing_platform",
            "ticketing_url",
            "estimated_reach",
            "actual_attendance",
            "question_set",
            "notes",
        ]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borough"].queryset = Borough.objects.filter(active=True)
        self.fields["venue"].queryset = Venue.objects.all()
        self.fields["lead_coordinator"].queryset = coordinators()
        # Templates to start from, and the summit's own tailored copy.
        current = self.instance.question_set_id if self.instance else None
        self.fields["question_set"].queryset = QuestionSet.objects.filter(Q(is_template=True) | Q(pk=current))
        self.fields["question_set"].help_text = _(
            "Choose a template: the summit gets its own copy, which you can tailor to the community."
        )
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if not self.instance.pk:
            del self.fields["actual_attendance"]
        submit = "Save changes" if self.instance.pk else "Create summit"
        self.helper = form_helper(
            Fieldset(_("The summit"), "title", "borough", "target_communities", "lead_coordinator", "notes"),
            Fieldset(_("Where and when"), "venue", "starts_at", "ends_at"),
            Fieldset(
                _("People and tickets"),
                "expected_attendees",
                "catering_headcount",
                "ticketing_platform",
                "ticketing_url",
                "estimated_reach",
                *(["actual_attendance"] if "actual_attendance" in self.fields else []),
            ),
            Fieldset(_("Panel"), "question_set"),
            submit=submit,
        )

    def summit_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "target_communities"}


class SummitOutcomeForm(BoundedFieldsMixin, forms.Form):
    """What is recorded after the day, and nothing else."""

    head_count = forms.IntegerField(
        label=_("Head count"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=_("How many attended, counted in the room. Leave it blank to use the check-ins at the door."),
    )
    estimated_reach = forms.IntegerField(
        label=_("Estimated marketing reach"),
        required=False,
        min_value=0,
        max_value=100_000_000,
        help_text=_("People the marketing reached."),
    )
    notes = forms.CharField(max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Save the outcome"))


class SummitCopyForm(BoundedFieldsMixin, forms.Form):
    title = forms.CharField(max_length=150)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])
    parts = forms.MultipleChoiceField(
        label=_("Copy these too"),
        choices=CopyPart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick what the new summit should start without. No people and no notes are copied."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Copy into a new summit"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_at", _("The summit must end after it starts."))
        return cleaned


class ConfirmSummitForm(forms.Form):
    """Confirming a summit: with warnings in its readiness check, a tick that they have been read."""

    accept_warnings = forms.BooleanField(
        label=_("I have read the warnings above and confirm the summit anyway"),
        required=False,
    )

    def __init__(self, *args, warnings: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if warnings:
            self.fields["accept_warnings"].required = True
            self.fields["accept_warnings"].error_messages["required"] = (
                "Tick the box to confirm with these warnings, or fix them first."
            )
        else:
            del self.fields["accept_warnings"]

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("accept_warnings", False)
        return cleaned


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone involved is told, with this reason."),
    )


TASK_DONE_CHOICE = _("Say whether the task is done: use the tick box on the checklist.")


class TaskDoneForm(forms.Form):
    """The checklist's tick box: 1 ticks the task off, 0 puts it back to do."""

    done = forms.TypedChoiceField(
        choices=[("1", "Done"), ("0", "To do")],
        coerce=lambda value: value == "1",
        error_messages={"required": TASK_DONE_CHOICE, "invalid_choice": TASK_DONE_CHOICE},
    )


class VenueForm(BoundedFieldsMixin, forms.ModelForm):
    class Meta:
        model = Venue
        fields = [
            "name",
            "address",
            "postcode",
            "borough",
            "capacity",
            "accessibility_notes",
            "cost",
            "community_connection",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
            "community_connection": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borough"].queryset = Borough.objects.filter(active=True)
        self.helper = form_helper(submit=_("Save venue"))

    def clean_postcode(self):
        return " ".join(self.cleaned_data["postcode"].upper().split())


class SummitChildForm(BoundedFieldsMixin, forms.ModelForm):
    """A form for something that belongs to one summit; the summit is given, never chosen."""

    submit = "Save"

    def __init__(self, *args, summit: Summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.summit = summit
        self.instance.summit = summit
        self.helper = form_helper(submit=self.submit)


class TaskForm(SummitChildForm):
    submit = "Save task"

    class Meta:
        model = PlanningTask
        fields = ["title", "days_before", "owner", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = coordinators()


class EngagementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, engagement):
        role, status = engagement.get_role_display().lower(), engagement.get_status_display().lower()
        return f"{engagement.influencer} ({role}, {status})"


class BudgetLineForm(SummitChildForm):
    """A line under “Influencer fees” pays one of the summit's engagements, chosen here: only engagements of
    influencers who may be booked (active, cleared by due diligence), not withdrawn and not already paid by another
    line, so a fee can never go to someone the programme has not engaged."""

    submit = "Save budget line"
    engagement = EngagementChoiceField(
        queryset=InfluencerEngagement.objects.none(),
        required=False,
        label=_("Engagement it pays for"),
        help_text=_("For influencer fees: the summit's engagement this line pays. Engage the influencer first."),
    )

    class Meta:
        model = BudgetLine
        fields = ["category", "description", "planned", "actual"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bookable = Q(influencer__active=True, influencer__due_diligence_status=DueDiligenceStatus.CLEARED)
        current = self.instance.engagement_id
        self.fields["engagement"].queryset = (
            InfluencerEngagement.objects.filter(summit=self.summit)
            .filter((bookable & ~Q(status=EngagementStatus.WITHDRAWN)) | Q(pk=current))
            .exclude(Q(budget_line__isnull=False) & ~Q(pk=current))
            .select_related("influencer")
            .order_by("influencer__name", "role")
        )
        self.initial.setdefault("engagement", current)
        self.order_fields(["category", "description", "engagement", "planned", "actual"])
        self.helper = form_helper(submit=self.submit)

    def save(self, commit=True):
        line = super().save(commit=False)
        engagement = self.cleaned_data.get("engagement")
        line.engagement = engagement
        line.influencer = engagement.influencer if engagement else None
        if commit:
            line.save()
        return line


class EngagementForm(SummitChildForm):
    submit = "Save"

    class Meta:
        model = InfluencerEngagement
        fields = ["influencer", "role", "fee", "status", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["influencer"].queryset = Influencer.objects.filter(
            active=True, due_diligence_status=DueDiligenceStatus.CLEARED
        )
        self.fields["influencer"].help_text = _("Only influencers cleared by due diligence can be engaged.")
        if self.instance.pk:
            self.fields["influencer"].disabled = True


class PanelSeatForm(SummitChildForm):
    submit = "Save seat"

    class Meta:
        model = PanelSeat
        fields = ["volunteer", "position", "is_moderator", "confirmed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = VolunteerProfile.objects.filter(user__is_active=True).order_by(
            "-willing_panel", "display_name"
        )
        self.fields["volunteer"].help_text = _("Volunteers willing to sit on a panel are listed first.")


class StallForm(SummitChildForm):
    submit = "Save stall"

    class Meta:
        model = Stall
        fields = [
            "unit",
            "description",
            "volunteers_needed",
            "uniform_approach",
            "needs_outdoor_space",
            "needs_power",
            "brings_vehicles",
            "brings_animals",
            "logistics_notes",
            "confirmed",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "logistics_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = StallUnit.objects.filter(active=True)


class RiskDocumentForm(forms.Form):
    document = forms.FileField(
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.doc,.docx,application/pdf,application/msword,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
        help_text=_("PDF or Word document."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Submit for approval"))


class RiskDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Return for changes")], widget=forms.RadioSelect
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning it: say what needs to change."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Record decision"))
