import re

from django import forms
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from btb.accounts.enums import Gender
from btb.bounds import BoundedFieldsMixin
from btb.forms import form_helper
from events.models import Summit
from influencers.models import Influencer
from media_appearances.models import Appearance

from .enums import Feeling, InterestArea, InterestStatus, QuestionKind
from .models import ExpressionOfInterest, FeedbackAction, InfluencerDebrief, StandardMeasure, Survey, SurveyQuestion
from .survey_template import localised, text_parts

CHECK = {"class": "form-check-input"}
# A single-choice answer with its own words: the text box after the options is kept with the answer.
DESCRIBE_ANOTHER_WAY = {Gender.SELF_DESCRIBED.label}
OTHER_SUFFIX = "__other"


class TelInput(forms.TextInput):
    input_type = "tel"


def public_form_helper(submit):
    """The crispy helper of a public form, whose template writes ``<form method="post" novalidate>``: the server
    checks every field at once and the page lists all errors in its summary, so the browser's own one-at-a-time
    bubbles are switched off. (Crispy would copy a ``novalidate`` given here onto every group of checkboxes.)"""
    helper = form_helper(submit=submit)
    helper.form_tag = False
    return helper


class SurveyAnswerForm(forms.Form):
    """The survey as a form, one field per question, named by the question's key. Rendered by hand in the
    template (fieldsets and legends for each group of options), so it needs no JavaScript."""

    def __init__(self, *args, questions, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question.key] = self._field(question)
            if question.kind == QuestionKind.SINGLE and DESCRIBE_ANOTHER_WAY & set(question.choices):
                self.fields[question.key + OTHER_SUFFIX] = forms.CharField(
                    label=_("If you describe yourself another way, how? (optional)"),
                    max_length=200,
                    required=False,
                    widget=forms.TextInput(attrs={"class": "form-control"}),
                )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            other = cleaned.get(question.key + OTHER_SUFFIX)
            if other and cleaned.get(question.key) not in DESCRIBE_ANOTHER_WAY:
                if cleaned.get(question.key):
                    cleaned[question.key + OTHER_SUFFIX] = ""  # another option chosen: the words are not kept
                else:
                    cleaned[question.key] = next(iter(DESCRIBE_ANOTHER_WAY & set(question.choices)))
        return cleaned

    def _field(self, question: SurveyQuestion):
        # The questions are stored in English and shown in the page's language (the coordinator's Welsh, else the
        # catalogue's); a bilingual survey shows both, Welsh first. The answer keeps the English option, so the
        # figures add up whatever language people answered in.
        label_parts = self._parts(question.text, question.text_cy)
        help_parts = self._parts(question.help_text, question.help_text_cy) if question.help_text else []
        label = " / ".join(text for _, text in label_parts)
        common = {
            "label": label,
            "help_text": " / ".join(text for _, text in help_parts),
            "required": question.required,
            "error_messages": {"required": gettext("Answer “%(question)s”") % {"question": label}},
        }
        field = self._field_of_kind(question, common)
        field.label_parts, field.help_parts = label_parts, help_parts
        field.translation = question.translation
        return field

    def _parts(self, english: str, welsh: str) -> list[tuple[str, str]]:
        return text_parts(self.survey, english, welsh) if self.survey is not None else [("", localised(english))]

    def _choice_label(self, question: SurveyQuestion, position: int, english: str):
        welsh = question.choices_cy[position] if position < len(question.choices_cy or []) else ""
        parts = self._parts(english, welsh)
        if len(parts) == 1:
            return parts[0][1]
        return format_html_join(" / ", '<span lang="{}">{}</span>', parts)

    def _field_of_kind(self, question: SurveyQuestion, common: dict):
        if question.kind == QuestionKind.RATING:
            field = forms.TypedChoiceField(
                choices=[(n, str(n)) for n in range(1, 6)], coerce=int, widget=forms.RadioSelect(attrs=CHECK), **common
            )
            # Read by the template to lay the five out in a row of large targets. (It used to test ``coerce``, which
            # the template language calls: ``int()`` is 0, so the row never appeared.)
            field.is_rating = True
            return field
        choices = [(c, self._choice_label(question, n, c)) for n, c in enumerate(question.choices)]
        if question.kind == QuestionKind.SINGLE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect(attrs=CHECK), **common)
        if question.kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple(attrs=CHECK), **common
            )
        return forms.CharField(
            max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}), **common
        )

    def _with_other(self, question):
        other = question.key + OTHER_SUFFIX
        return self[question.key], (self[other] if other in self.fields else None)

    def main_fields(self):
        """(field, its "another way" text box or None) for each main question."""
        return [self._with_other(q) for q in self.questions if not q.about_you]

    def about_you_fields(self):
        return [self._with_other(q) for q in self.questions if q.about_you]


WELSH_OPTIONAL = _("Welsh (optional)")


class SurveySettingsForm(BoundedFieldsMixin, forms.ModelForm):
    class Meta:
        model = Survey
        # Each Welsh field follows its English one.
        fields = [
            "title",
            "title_cy",
            "intro",
            "intro_cy",
            "language",
            "only_checked_in",
            "open_for_responses",
            "baseline_open",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 3}),
            "intro_cy": forms.Textarea(attrs={"rows": 3, "lang": "cy"}),
            "title_cy": forms.TextInput(attrs={"lang": "cy"}),
        }
        labels = {"title_cy": WELSH_OPTIONAL, "intro_cy": WELSH_OPTIONAL}
        help_texts = {
            "language": _(
                "The invitations, the debrief requests and the poster are written in this, unless a ticket holder's "
                "or an influencer's own language is recorded; people can switch the page's language."
            ),
            "title_cy": _(
                "The title in Welsh. Left empty, the default title is shown in Welsh and a title of your own as "
                "written."
            ),
            "intro_cy": _(
                "The introduction in Welsh. Left empty, the default one is shown in Welsh and yours as written."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Save"))


class SurveyQuestionForm(BoundedFieldsMixin, forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Options"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One per line.")
    )
    choices_cy_text = forms.CharField(
        label=WELSH_OPTIONAL,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "cy"}),
        help_text=_("The options in Welsh, one per line, in the same order as the English ones."),
    )

    class Meta:
        model = SurveyQuestion
        fields = ["text", "text_cy", "kind", "help_text", "help_text_cy", "required", "about_you", "position"]
        fields += ["translation"]
        widgets = {
            "text_cy": forms.TextInput(attrs={"lang": "cy"}),
            "help_text_cy": forms.TextInput(attrs={"lang": "cy"}),
        }
        labels = {"text_cy": WELSH_OPTIONAL, "help_text_cy": WELSH_OPTIONAL}
        help_texts = {
            "text_cy": _("The question in Welsh, shown on the Welsh page. Left empty, the English is shown."),
            "help_text_cy": _("The help text in Welsh."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices_text"].initial = "\n".join(self.instance.choices or [])
        self.fields["choices_cy_text"].initial = "\n".join(self.instance.choices_cy or [])
        if self.instance.standard_id:
            # Shown, so the coordinator sees what is asked; a change is refused by the service, next to the field.
            # Its Welsh is the catalogue's (the official wording, translated once), never typed here.
            self.fields["text"].help_text = _("Standard wording: it cannot be changed.")
            self.fields["choices_text"].help_text = _("Standard options: they cannot be changed.")
            for name in ("text_cy", "help_text_cy", "choices_cy_text"):
                del self.fields[name]
        else:
            del self.fields["translation"]
        # The Welsh options follow the English ones.
        order = list(self.fields)
        if "choices_cy_text" in order:
            order.remove("choices_cy_text")
            order.insert(order.index("choices_text") + 1, "choices_cy_text")
            self.order_fields(order)
        self.helper = form_helper(submit=_("Save question"))

    def save_choices(self):
        self.instance.choices = self.cleaned_data["choices_text"].splitlines()
        if "choices_cy_text" in self.cleaned_data:
            self.instance.choices_cy = self.cleaned_data["choices_cy_text"].splitlines()
        return self.instance


INTEREST_AREAS = {
    InterestArea.OFFICER: _("Becoming a police officer"),
    InterestArea.STAFF: _("Police staff roles"),
    InterestArea.SPECIAL: _("Special constable (volunteer officer)"),
    InterestArea.WARD_PANEL: _("Safer neighbourhood ward panels"),
    InterestArea.ADVISORY: _("Independent advisory groups"),
}
FEELINGS = {
    Feeling.VERY_GOOD: _("Very good"),
    Feeling.GOOD: _("Good"),
    Feeling.MIXED: _("Mixed"),
    Feeling.POOR: _("Poor"),
    Feeling.VERY_POOR: _("Very poor"),
}
PHONE = re.compile(r"^\+?[0-9 ()\-]{7,30}$")


class FeedbackActionForm(BoundedFieldsMixin, forms.ModelForm):
    class Meta:
        model = FeedbackAction
        fields = ["you_said", "we_did"]
        widgets = {"you_said": forms.Textarea(attrs={"rows": 2}), "we_did": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Save"))


OFFICIAL_FIGURES_MAX_BYTES = 10 * 1024 * 1024


class OfficialFiguresUploadForm(forms.Form):
    file = forms.FileField(
        label=_("PAS borough data (CSV)"),
        help_text=_(
            "The Public Attitudes Survey borough table from the London Datastore, saved as CSV: columns Date, "
            "Borough, Measure and Proportion."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Upload"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > OFFICIAL_FIGURES_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB: upload the borough table only."))
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Upload a CSV file (save the spreadsheet as CSV first)."))
        return upload


class StandardMeasureAddForm(forms.Form):
    measure = forms.ModelChoiceField(
        queryset=StandardMeasure.objects.all(), error_messages={"invalid_choice": _("Choose an item from the bank.")}
    )


class InterestForm(forms.Form):
    """Every mistake is found in one round (the service checks again, for any other caller). The Volunteer Police
    Cadets are for under 18s, whose details this form must not take without a parent or carer: the page points them
    there instead of offering the option."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": _("Enter an e-mail address in the right form, like name@example.com")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        widget=TelInput(attrs={"autocomplete": "tel"}),
        help_text=_("Give an e-mail address, a phone number or both."),
    )
    interests = forms.MultipleChoiceField(
        label=_("What would you like to hear about?"),
        choices=list(INTEREST_AREAS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing you would like to hear about")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the police outreach team may contact me about what I ticked above. "
            "My details are kept apart from any survey answers and deleted when we no longer need them."
        ),
        required=True,
        error_messages={"required": _("Tick the box so that we may contact you about this")},
    )
    # The recruitment message the page showed; a value that is not one of ours is dropped, not refused.
    variant = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = public_form_helper(_("Send"))

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Enter a phone number, like 07700 900 982 or +44 7700 900 982"))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            if "phone" not in self.errors:
                self.add_error("email", _("Enter an e-mail address or a phone number so that we can reach you"))
        return cleaned


class InterestMoveForm(forms.Form):
    to = forms.ChoiceField(label=_("Move to"), choices=InterestStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, interest: ExpressionOfInterest, **kwargs):
        from .enums import INTEREST_NEXT

        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s.value, s.label) for s in INTEREST_NEXT[InterestStatus(interest.status)]]
        self.helper = form_helper(submit=_("Update"))


class DebriefAnswerForm(BoundedFieldsMixin, forms.ModelForm):
    class Meta:
        model = InfluencerDebrief
        fields = ["what_worked", "what_did_not", "audience_said", "overall_feeling", "suggestions", "consent_to_quote"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["what_worked", "what_did_not", "audience_said", "suggestions"]
        } | {"overall_feeling": forms.RadioSelect}
        labels = {
            "what_worked": _("What worked"),
            "what_did_not": _("What didn't work"),
            "audience_said": _("What the audience and your followers said"),
            "overall_feeling": _("Overall feeling"),
            "suggestions": _("Suggestions for next time"),
            "consent_to_quote": _("We may quote this (without your name)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overall_feeling"].required = True
        self.fields["overall_feeling"].choices = [(value, FEELINGS[value]) for value, _label in Feeling.choices]
        self.fields["overall_feeling"].error_messages["required"] = _("Choose how it felt overall")
        self.helper = public_form_helper(_("Send my debrief"))


class DebriefRecordForm(DebriefAnswerForm):
    """A coordinator's write-up of a face-to-face debrief, or a request for a debrief by link."""

    influencer = forms.ModelChoiceField(queryset=Influencer.objects.order_by("name"))
    summit = forms.ModelChoiceField(queryset=Summit.objects.order_by("-starts_at"), required=False)
    appearance = forms.ModelChoiceField(queryset=Appearance.objects.order_by("-starts_at"), required=False)

    class Meta(DebriefAnswerForm.Meta):
        fields = ["influencer", "summit", "appearance", *DebriefAnswerForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Save debrief"))


class DebriefRequestForm(forms.Form):
    influencer = forms.ModelChoiceField(queryset=Influencer.objects.filter(active=True).order_by("name"))
    summit = forms.ModelChoiceField(queryset=Summit.objects.order_by("-starts_at"), required=False)
    appearance = forms.ModelChoiceField(queryset=Appearance.objects.order_by("-starts_at"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Send the link"))
