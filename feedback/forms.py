from django import forms

from btb.bounds import BoundedFieldsMixin
from btb.forms import form_helper
from events.models import Summit
from influencers.models import Influencer
from media_appearances.models import Appearance

from .enums import InterestArea, InterestStatus, QuestionKind
from .models import ExpressionOfInterest, FeedbackAction, InfluencerDebrief, StandardMeasure, Survey, SurveyQuestion

CHECK = {"class": "form-check-input"}


class SurveyAnswerForm(forms.Form):
    """The survey as a form, one field per question, named by the question's key. Rendered by hand in the
    template (fieldsets and legends for each group of options), so it needs no JavaScript."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question.key] = self._field(question)

    @classmethod
    def _field(cls, question: SurveyQuestion):
        field = cls._field_of_kind(question)
        field.translation = question.translation
        return field

    @staticmethod
    def _field_of_kind(question: SurveyQuestion):
        common = {"label": question.text, "help_text": question.help_text, "required": question.required}
        if question.kind == QuestionKind.RATING:
            return forms.TypedChoiceField(
                choices=[(n, str(n)) for n in range(1, 6)], coerce=int, widget=forms.RadioSelect(attrs=CHECK), **common
            )
        if question.kind == QuestionKind.SINGLE:
            return forms.ChoiceField(
                choices=[(c, c) for c in question.choices], widget=forms.RadioSelect(attrs=CHECK), **common
            )
        if question.kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=[(c, c) for c in question.choices], widget=forms.CheckboxSelectMultiple(attrs=CHECK), **common
            )
        return forms.CharField(
            max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}), **common
        )

    def main_fields(self):
        return [self[q.key] for q in self.questions if not q.about_you]

    def about_you_fields(self):
        return [self[q.key] for q in self.questions if q.about_you]


class SurveySettingsForm(BoundedFieldsMixin, forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "intro", "only_checked_in", "open_for_responses", "baseline_open"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit="Save")


class SurveyQuestionForm(BoundedFieldsMixin, forms.ModelForm):
    choices_text = forms.CharField(
        label="Options", required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="One per line."
    )

    class Meta:
        model = SurveyQuestion
        fields = ["text", "kind", "help_text", "required", "about_you", "position", "translation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices_text"].initial = "\n".join(self.instance.choices or [])
        if self.instance.standard_id:
            # Shown, so the coordinator sees what is asked; a change is refused by the service, next to the field.
            self.fields["text"].help_text = "Standard wording: it cannot be changed."
            self.fields["choices_text"].help_text = "Standard options: they cannot be changed."
        else:
            del self.fields["translation"]
        self.helper = form_helper(submit="Save question")

    def save_choices(self):
        self.instance.choices = self.cleaned_data["choices_text"].splitlines()
        return self.instance


class FeedbackActionForm(BoundedFieldsMixin, forms.ModelForm):
    class Meta:
        model = FeedbackAction
        fields = ["you_said", "we_did"]
        widgets = {"you_said": forms.Textarea(attrs={"rows": 2}), "we_did": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit="Save")


OFFICIAL_FIGURES_MAX_BYTES = 10 * 1024 * 1024


class OfficialFiguresUploadForm(forms.Form):
    file = forms.FileField(
        label="PAS borough data (CSV)",
        help_text="The Public Attitudes Survey borough table from the London Datastore, saved as CSV: columns Date, "
        "Borough, Measure and Proportion.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit="Upload")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > OFFICIAL_FIGURES_MAX_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB: upload the borough table only.")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Upload a CSV file (save the spreadsheet as CSV first).")
        return upload


class StandardMeasureAddForm(forms.Form):
    measure = forms.ModelChoiceField(
        queryset=StandardMeasure.objects.all(), error_messages={"invalid_choice": "Choose an item from the bank."}
    )


class InterestForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=120)
    email = forms.EmailField(label="E-mail address", required=False)
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    interests = forms.MultipleChoiceField(
        label="What would you like to hear about?", choices=InterestArea.choices, widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(
        label="I agree that the police outreach team may contact me about what I ticked above. "
        "My details are kept apart from any survey answers and deleted when we no longer need them.",
        required=False,
    )
    # The recruitment message the page showed; a value that is not one of ours is dropped, not refused.
    variant = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit="Send")


class InterestMoveForm(forms.Form):
    to = forms.ChoiceField(label="Move to", choices=InterestStatus.choices)
    note = forms.CharField(label="Note", max_length=500, required=False)

    def __init__(self, *args, interest: ExpressionOfInterest, **kwargs):
        from .enums import INTEREST_NEXT

        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s.value, s.label) for s in INTEREST_NEXT[InterestStatus(interest.status)]]
        self.helper = form_helper(submit="Update")


class DebriefAnswerForm(BoundedFieldsMixin, forms.ModelForm):
    class Meta:
        model = InfluencerDebrief
        fields = ["what_worked", "what_did_not", "audience_said", "overall_feeling", "suggestions", "consent_to_quote"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["what_worked", "what_did_not", "audience_said", "suggestions"]
        } | {"overall_feeling": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overall_feeling"].required = True
        self.fields["overall_feeling"].choices = self.fields["overall_feeling"].choices[1:]
        self.helper = form_helper(submit="Send my debrief")


class DebriefRecordForm(DebriefAnswerForm):
    """A coordinator's write-up of a face-to-face debrief, or a request for a debrief by link."""

    influencer = forms.ModelChoiceField(queryset=Influencer.objects.order_by("name"))
    summit = forms.ModelChoiceField(queryset=Summit.objects.order_by("-starts_at"), required=False)
    appearance = forms.ModelChoiceField(queryset=Appearance.objects.order_by("-starts_at"), required=False)

    class Meta(DebriefAnswerForm.Meta):
        fields = ["influencer", "summit", "appearance", *DebriefAnswerForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit="Save debrief")


class DebriefRequestForm(forms.Form):
    influencer = forms.ModelChoiceField(queryset=Influencer.objects.filter(active=True).order_by("name"))
    summit = forms.ModelChoiceField(queryset=Summit.objects.order_by("-starts_at"), required=False)
    appearance = forms.ModelChoiceField(queryset=Appearance.objects.order_by("-starts_at"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit="Send the link")
