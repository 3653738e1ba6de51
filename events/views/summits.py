from collections.abc import Callable
from typing import NamedTuple

from django import forms
from django.contrib import messages
from django.http import Http404
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from btb.errors import ApplicationError
from btb.views import FilteredListMixin, ServiceFormMixin, form_add_application_error

from .. import selectors, services
from ..enums import CopyPart, SummitStatus
from ..filters import SummitFilter
from ..forms import CancelForm, ConfirmSummitForm, SummitCopyForm, SummitForm, SummitOutcomeForm, VenueForm
from ..readiness import summit_readiness
from ..rules import can_decide_risk, can_plan
from ..sections import outcome_for, sections_for
from .mixins import SummitMixin


class SummitListView(PermissionRequiredMixin, FilteredListMixin, ListView):
    permission_required = "events.list_summit"
    template_name = "events/summit_list.html"
    context_object_name = "summits"
    paginate_by = 20
    filterset_class = SummitFilter

    def get_base_queryset(self):
        return selectors.summit_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_plan=can_plan(self.request.user), **kwargs)


class SummitCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "events.add_summit"
    template_name = "events/summit_form.html"
    form_class = SummitForm
    success_message = gettext_lazy("“{result}” has been created with its planning checklist.")

    def perform(self, form):
        summit, self.warnings = services.summit_create(
            data=form.summit_data(),
            target_communities=form.cleaned_data["target_communities"],
            created_by=self.request.user,
        )
        return summit


class SummitEditView(SummitMixin, ServiceFormMixin, FormView):
    template_name = "events/summit_form.html"
    form_class = SummitForm
    success_message = gettext_lazy("The summit has been saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.summit}

    def perform(self, form):
        self.warnings = services.summit_update(
            summit=self.summit,
            data=form.summit_data(),
            target_communities=form.cleaned_data["target_communities"],
            by=self.request.user,
        )

    def succeeded(self):
        return self.redirect_to_summit()


class SummitOutcomeView(SummitMixin, ServiceFormMixin, FormView):
    """Record outcome: the head count (prefilled with the check-ins when none is recorded), the reach, the notes."""

    template_name = "events/summit_outcome.html"
    form_class = SummitOutcomeForm
    success_message = gettext_lazy("The outcome has been recorded.")
    error_fields = {"actual_attendance": "head_count"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission() and not self.summit.is_recording_outcome:
            messages.info(
                request,
                _("“%(summit)s” has not been held yet: its outcome is recorded afterwards.") % {"summit": self.summit},
            )
            return self.redirect_to_summit()
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def outcome(self):
        return outcome_for(self.summit)

    def get_initial(self):
        summit = self.summit
        head_count = summit.actual_attendance
        if head_count is None and self.outcome is not None and self.outcome.checked_in:
            head_count = self.outcome.checked_in
        return {"head_count": head_count, "estimated_reach": summit.estimated_reach, "notes": summit.notes}

    def get_context_data(self, **kwargs):
        return super().get_context_data(outcome=self.outcome, **kwargs)

    def perform(self, form):
        return services.summit_record_outcome(summit=self.summit, by=self.request.user, **form.cleaned_data)

    def succeeded(self):
        return self.redirect_to_summit("outcome")


class SummitDetailView(SummitMixin, DetailView):
    permission_required = "events.view_summit"
    template_name = "events/summit_detail.html"
    context_object_name = "summit"

    def get_object(self, queryset=None):
        summit = (
            selectors.summit_for_page(selectors.summits_visible_to(self.request.user))
            .filter(slug=self.kwargs["slug"])
            .first()
        )
        if summit is None:
            raise Http404("No such summit.")
        return summit

    def get_context_data(self, **kwargs):
        summit = self.object
        user = self.request.user
        tasks = list(summit.tasks.all())
        lines = list(summit.budget_lines.all())
        seats = list(summit.panel_seats.all())
        return super().get_context_data(
            tasks=tasks,
            tasks_done=sum(task.is_done for task in tasks),
            overdue_count=sum(task.is_overdue for task in tasks),
            budget_lines=lines,
            outcome=outcome_for(summit),
            engagements=list(summit.engagements.all()),
            seats=seats,
            composition=selectors.panel_composition(seats),
            stalls=list(summit.stalls.all()),
            risk=summit.risk_assessment,
            can_plan=can_plan(user),
            status_actions=status_actions(summit),
            can_decide_risk=can_decide_risk(user),
            extra_sections=sections_for(self.request, summit),
            readiness=summit_readiness(summit) if summit.is_open else None,
            **kwargs,
        )


class SummitCopyView(SummitMixin, ServiceFormMixin, FormView):
    """Start a new summit from this one."""

    permission_required = "events.add_summit"
    template_name = "events/summit_copy.html"
    form_class = SummitCopyForm

    def get_initial(self):
        return {"title": self.summit.title, "parts": list(CopyPart.values)}

    def perform(self, form):
        data = dict(form.cleaned_data)
        chosen = data.pop("parts")
        self.parts = [part for part in CopyPart.values if part in chosen]
        summit, self.warnings = services.summit_copy(
            source=self.summit, created_by=self.request.user, parts=self.parts, **data
        )
        return summit

    def get_success_message(self):
        short = {CopyPart.STALLS: _("stalls"), CopyPart.ROLES: _("volunteer roles"), CopyPart.BUDGET: _("budget plan")}
        parts = [short.get(part, _("hosts (fees to agree again)")) for part in self.parts]
        copied = _("%(parts)s copied") % {"parts": ", ".join(parts)} if parts else _("details copied")
        return _(
            "“%(result)s” has been created from “%(summit)s”: %(copied)s, checklist generated for the new date."
        ) % {"result": self.result, "summit": self.summit, "copied": copied}


class StatusAction(NamedTuple):
    label: str
    button: str
    target: SummitStatus
    service: Callable
    done_message: str


# The buttons for the summit's status changes, in the order they are shown; which apply is the transitions table's
# answer for the summit's status.
TRANSITIONS = {
    "plan": StatusAction(
        gettext_lazy("Start planning"),
        gettext_lazy("Start planning"),
        SummitStatus.PLANNING,
        services.summit_start_planning,
        gettext_lazy("Planning has started."),
    ),
    "confirm": StatusAction(
        gettext_lazy("Confirm the summit"),
        gettext_lazy("Confirm the summit"),
        SummitStatus.CONFIRMED,
        services.summit_confirm,
        gettext_lazy("The summit is confirmed."),
    ),
    "held": StatusAction(
        gettext_lazy("Mark as held"),
        gettext_lazy("Mark as held"),
        SummitStatus.HELD,
        services.summit_mark_held,
        gettext_lazy("The summit is marked as held."),
    ),
    "evaluated": StatusAction(
        gettext_lazy("Mark as evaluated"),
        gettext_lazy("Mark as evaluated"),
        SummitStatus.EVALUATED,
        services.summit_evaluate,
        gettext_lazy("The summit is marked as evaluated."),
    ),
    "cancel": StatusAction(
        gettext_lazy("Cancel the summit"),
        gettext_lazy("Cancel"),
        SummitStatus.CANCELLED,
        services.summit_cancel,
        gettext_lazy("The summit is cancelled; everyone involved will be told."),
    ),
}


def status_actions(summit) -> list[dict]:
    return [
        {"action": action, "button": step.button, "cancels": step.target == SummitStatus.CANCELLED}
        for action, step in TRANSITIONS.items()
        if summit.can_become(step.target)
    ]


class SummitTransitionView(SummitMixin, FormView):
    """A status change: a confirmation page on GET, the change on POST."""

    template_name = "events/summit_transition.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in TRANSITIONS:
            raise Http404("No such status change.")
        self.step = TRANSITIONS[kwargs["action"]]
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not self.summit.can_become(self.step.target):
            status = self.summit.get_status_display().lower()
            messages.info(
                request,
                _("“%(summit)s” is %(status)s: “%(step)s” no longer applies.")
                % {"summit": self.summit, "status": status, "step": self.step.label},
            )
            return self.redirect_to_summit()
        return super().get(request, *args, **kwargs)

    def get_form_class(self):
        return {"cancel": CancelForm, "confirm": ConfirmSummitForm}.get(self.kwargs["action"], _EmptyForm)

    @cached_property
    def readiness(self):
        return summit_readiness(self.summit) if self.kwargs["action"] == "confirm" else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.readiness is not None and not self.readiness.blocking:  # blocked: the service says what is missing
            kwargs["warnings"] = len(self.readiness.warnings)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            label=self.step.label, action=self.kwargs["action"], readiness=self.readiness, **kwargs
        )

    def form_valid(self, form):
        extra = {"by": self.request.user}
        if self.kwargs["action"] == "cancel":
            extra = {"reason": form.cleaned_data["reason"], "cancelled_by": self.request.user}
        elif self.kwargs["action"] == "confirm":
            extra["accept_warnings"] = form.cleaned_data["accept_warnings"]
        try:
            self.step.service(summit=self.summit, **extra)
        except ApplicationError as error:
            if error.field in form.fields:
                form_add_application_error(form, error)
                return self.form_invalid(form)
            messages.error(self.request, error.message)
            return self.redirect_to_summit()
        messages.success(self.request, self.step.done_message)
        return self.redirect_to_summit()


class _EmptyForm(forms.Form):
    """A status change needs nothing but the button (and its CSRF token)."""


class VenueListView(PermissionRequiredMixin, ListView):
    permission_required = "events.list_venue"
    template_name = "events/venue_list.html"
    context_object_name = "venues"
    paginate_by = 25

    def get_queryset(self):
        venues = selectors.venues_visible_to(self.request.user)
        self.search = self.request.GET.get("q", "").strip()[:100]
        if self.search:
            venues = venues.filter(name__icontains=self.search) | venues.filter(postcode__icontains=self.search)
        return venues.order_by("name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            search=self.search,
            can_plan=can_plan(self.request.user),
            **kwargs,
        )


class VenueCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "events.add_venue"
    template_name = "events/venue_form.html"
    form_class = VenueForm
    success_message = "{result.name} has been added to the venues."
    success_url = reverse_lazy("events:venue_list")

    def perform(self, form):
        return services.venue_save(venue=form.save(commit=False))


class VenueEditView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "events.change_venue"
    template_name = "events/venue_form.html"
    form_class = VenueForm
    success_message = "{result.name} has been saved."
    success_url = reverse_lazy("events:venue_list")

    def get_permission_object(self):
        return None

    def get_form_kwargs(self):
        venue = selectors.venues_visible_to(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if venue is None:
            raise Http404("No such venue.")
        return {**super().get_form_kwargs(), "instance": venue}

    def perform(self, form):
        return services.venue_save(venue=form.save(commit=False))
