from crispy_forms.layout import Fieldset
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from btb.accounts.models import Community
from btb.bounds import BIGINT_MAX, BoundedFieldsMixin
from btb.forms import DateInput, DateTimeInput, form_helper
from influencers.models import Influencer

from .enums import ParticipantRole, QuestionTopic, Sentiment
from .models import Appearance, MetricSnapshot, Outlet, Question, QuestionSet, QuestionSetItem


class OutletForm(BoundedFieldsMixin, forms.ModelForm):
    url = forms.URLField(label=_("Web address"), max_length=300, required=False, assume_scheme="https")
    communities = forms.ModelMultipleChoiceField(
        queryset=Community.objects.filter(active=True), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Outlet
        fields = [
            "name",
            "kind",
            "url",
            "audience",
            "audience_size",
            "communities",
            "is_community_media",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Fieldset(_("The outlet"), "name", "kind", "url"),
            Fieldset(_("Audience"), "audience", "audience_size", "communities", "is_community_media"),
            Fieldset(_("Contact"), "contact_name", "contact_email", "contact_phone"),
        )


class AppearanceForm(BoundedFieldsMixin, forms.ModelForm):
    joining_link = forms.URLField(
        max_length=300, required=False, assume_scheme="https", help_text=_("For remote recordings.")
    )
    topics = forms.MultipleChoiceField(
        choices=QuestionTopic.choices, required=False, widget=forms.CheckboxSelectMultiple, label=_("Topics covered")
    )

    class Meta:
        model = Appearance
        fields = [
            "outlet",
            "title",
            "starts_at",
            "duration_minutes",
            "is_live",
            "location",
            "joining_link",
            "influencer",
            "external_presenter",
            "topics",
            "preparation_notes",
            "officer_hours",
            "cost",
        ]
        widgets = {"starts_at": DateTimeInput(), "preparation_notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
        self.fields["outlet"].queryset = Outlet.objects.order_by("name")
        # Every active influencer is listed; the booking rule explains why an uncleared one is refused.
        influencers = Influencer.objects.filter(active=True).order_by("name")
        if self.instance.influencer_id:
            influencers = influencers | Influencer.objects.filter(pk=self.instance.influencer_id)
        self.fields["influencer"].queryset = influencers
        self.fields["influencer"].empty_label = _("None: another presenter, named below")
        self.helper = form_helper(
            Fieldset(_("The appearance"), "outlet", "title", "starts_at", "duration_minutes", "is_live"),
            Fieldset(_("Where"), "location", "joining_link"),
            Fieldset(_("Presenter"), "influencer", "external_presenter"),
            Fieldset(_("Content"), "topics", "preparation_notes"),
            Fieldset(_("Effort and cost"), "officer_hours", "cost"),
        )
        if "question_set_template" in self.fields:
            self.helper.layout.insert(4, Fieldset(_("Questions"), "question_set_template", "tailoring_note"))

    def appearance_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AppearanceCreateForm(AppearanceForm):
    question_set_template = forms.ModelChoiceField(
        queryset=QuestionSet.objects.filter(is_template=True),
        required=False,
        label=_("Question set"),
        empty_label=_("None for now"),
        help_text=_("A copy is made for this appearance, which you can then tailor."),
    )
    tailoring_note = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why and how the questions are tailored, e.g. after a local incident: what can and cannot be said."
        ),
    )


class TransitionForm(forms.Form):
    published_url = forms.URLField(label=_("Published link"), max_length=300, required=False, assume_scheme="https")
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)


class ParticipantAddForm(forms.Form):
    volunteer = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=BIGINT_MAX)
    role = forms.ChoiceField(choices=ParticipantRole.choices, initial=ParticipantRole.INTERVIEWEE)
    out_of_uniform = forms.BooleanField(required=False, initial=True)


class ChooseQuestionSetForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=QuestionSet.objects.filter(is_template=True),
        label=_("Question set"),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    tailoring_note = forms.CharField(
        max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["topic", "text", "preparation_notes", "active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "preparation_notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class QuestionSetCreateForm(BoundedFieldsMixin, forms.Form):
    name = forms.CharField(max_length=120)
    description = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    questions = forms.ModelMultipleChoiceField(
        queryset=Question.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They are added in bank order; put them in the order you want on the next page."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class QuestionSetForm(forms.ModelForm):
    class Meta:
        model = QuestionSet
        fields = ["name", "description", "tailoring_note"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "tailoring_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class QuestionSetItemForm(forms.ModelForm):
    class Meta:
        model = QuestionSetItem
        fields = ["text", "preparation_notes"]
        labels = {"text": _("Question")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "preparation_notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class QuestionAddForm(forms.Form):
    question = forms.ModelChoiceField(queryset=Question.objects.filter(active=True), label=_("Add from the bank"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].widget.attrs["class"] = "form-select"


class MetricSnapshotForm(BoundedFieldsMixin, forms.ModelForm):
    """Hand entry, and the check every imported row goes through. _post_clean (the model's own checks) is skipped
    below, so BoundedFieldsMixin checks the columns' ranges."""

    class Meta:
        model = MetricSnapshot
        fields = ["recorded_on", *MetricSnapshot.METRICS]
        widgets = {"recorded_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.helper = form_helper()

    def clean_recorded_on(self):
        day = self.cleaned_data["recorded_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        cleaned = super().clean()
        if not self.errors and all(cleaned.get(name) is None for name in MetricSnapshot.METRICS):
            raise forms.ValidationError(_("Enter at least one number."))
        return cleaned

    def _post_clean(self):
        # The appearance is set by the service; skip the model's uniqueness check, which needs it.
        pass


class MetricImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: date (YYYY-MM-DD or DD/MM/YYYY), then any of views, likes, comments, shares, "
            "live_audience. A row for a date already stored updates its numbers; a blank cell keeps the stored one."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page writes the <form> tag: a second one from crispy would close it before its button.
        self.helper = form_helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 1 MB; split it up."))
        return upload


class CommentsForm(forms.Form):
    text = forms.CharField(
        label=_("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paste one comment per line: the words only, without who wrote them."),
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_(
            "A .txt file with one comment per line, or a .csv file with a column headed “comment”. "
            "Other columns, such as usernames, are ignored."
        ),
        widget=forms.FileInput(attrs={"accept": ".txt,.csv,text/plain,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text", "").strip() and not cleaned.get("file"):
            raise forms.ValidationError(_("Paste some comments or choose a file."))
        upload = cleaned.get("file")
        if upload and upload.size > 2 * 1024 * 1024:
            self.add_error("file", _("The file is larger than 2 MB; split it up."))
        return cleaned


class CommentCorrectForm(forms.Form):
    sentiment = forms.ChoiceField(choices=Sentiment.choices)
