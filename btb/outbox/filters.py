import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from btb.filters import BoundedFilterSet

from .enums import MailStatus
from .models import OutgoingMail
from .services import registered_kinds, scope_labels


class SentMailFilter(BoundedFilterSet):
    """The sent-mail page's filters: what became of a message, what kind it is, and what it is about (a summit or
    an appearance, named through the labellers their apps registered)."""

    status = django_filters.ChoiceFilter(choices=MailStatus.choices, empty_label=_("Any"))
    kind = django_filters.ChoiceFilter(label=_("Message"), empty_label=_("Any"))
    scope = django_filters.ChoiceFilter(label=_("About"), empty_label=_("Anything"))

    class Meta:
        model = OutgoingMail
        fields = ["status", "kind", "scope"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = registered_kinds()
        scopes = OutgoingMail.objects.exclude(scope="").order_by().values_list("scope", flat=True).distinct()
        labels = scope_labels(scopes)
        self.filters["scope"].extra["choices"] = sorted(labels.items(), key=lambda item: item[1].lower())
        for name in ("status", "kind", "scope"):
            self.filters[name].extra["widget"] = forms.Select(attrs={"class": "form-select"})

    @property
    def scope_label(self) -> str:
        """The summit or appearance the page is narrowed to, for its heading."""
        scope = self.form.cleaned_data.get("scope") if self.form.is_valid() else ""
        return dict(self.filters["scope"].extra["choices"]).get(scope, "") if scope else ""
