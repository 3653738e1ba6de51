"""The summit's parts: checklist tasks, budget lines, risk assessment, hosts, panel seats and stalls."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from btb.errors import ApplicationError
from btb.responses import bad_request, first_error
from btb.views import ServiceFormMixin

from .. import services
from ..forms import (
    BudgetLineForm,
    EngagementForm,
    PanelSeatForm,
    RiskDecisionForm,
    RiskDocumentForm,
    StallForm,
    TaskDoneForm,
    TaskForm,
)
from ..rules import can_read
from ..services.guards import summit_assert_changeable
from ..services.planning import DOC, DOCX, PDF
from ..services.risk_notices import risk_approvers
from .mixins import SummitMixin


class _WritableSummitMixin(SummitMixin):
    """Changes to a summit's parts are for summits still being planned; the budget's actual amounts may also be
    recorded after the day."""

    allowed_after_the_day = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            try:
                summit_assert_changeable(self.summit, after_the_day=self.allowed_after_the_day)
            except ApplicationError as error:
                messages.error(request, error.message)
                return self.redirect_to_summit()
        return super().dispatch(request, *args, **kwargs)


class _ChildFormView(_WritableSummitMixin, ServiceFormMixin, FormView):
    """Create or edit one part of a summit through a service; subclasses name the form, service and section."""

    template_name = "events/summit_child_form.html"
    related_name = ""
    section = ""
    noun = ""
    editing = False

    def get_object(self):
        if not self.editing:
            return None
        obj = getattr(self.summit, self.related_name).filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404("Not part of this summit.")
        return obj

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "summit": self.summit}
        if self.editing:
            kwargs["instance"] = self.get_object()
        return kwargs

    def get_context_data(self, **kwargs):
        title = (_("Edit %(noun)s") if self.editing else _("Add %(noun)s")) % {"noun": self.noun}
        return super().get_context_data(title=title, section=self.section, **kwargs)

    def save(self, obj):
        raise NotImplementedError

    def perform(self, form):
        return self.save(form.save(commit=False))

    def get_success_message(self):
        return _("The %(noun)s has been saved.") % {"noun": self.noun}

    def succeeded(self):
        return self.redirect_to_summit(self.section)


class _ChildDeleteView(_WritableSummitMixin, FormView):
    template_name = "events/summit_child_delete.html"
    form_class = forms.Form
    related_name = ""
    section = ""
    noun = ""

    def get_object(self):
        obj = getattr(self.summit, self.related_name).filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404("Not part of this summit.")
        return obj

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.get_object(), noun=self.noun, section=self.section, **kwargs)

    def delete(self, obj):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.delete(self.get_object())
        except ApplicationError as error:
            messages.error(self.request, error.message)
            return self.redirect_to_summit(self.section)
        messages.success(self.request, _("The %(noun)s has been removed.") % {"noun": self.noun})
        return self.redirect_to_summit(self.section)


# --- Checklist ----------------------------------------------------------------------------------------------------


class TaskCreateView(_ChildFormView):
    form_class, related_name, section, noun = TaskForm, "tasks", "checklist", gettext_lazy("task")

    def save(self, obj):
        return services.task_save(task=obj)


class TaskEditView(TaskCreateView):
    editing = True


class TaskDoneView(_WritableSummitMixin, View):
    """Tick a task off (or back on); a button in a form on the summit page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        task = self.summit.tasks.filter(pk=kwargs["pk"]).first()
        if task is None:
            raise Http404("Not part of this summit.")
        form = TaskDoneForm(request.POST)
        if not form.is_valid():
            return bad_request(request, first_error(form))
        done = form.cleaned_data["done"]
        services.task_set_done(task=task, done=done, by=request.user)
        messages.success(
            request, (_("“%(task)s” is done.") if done else _("“%(task)s” is to do again.")) % {"task": task.title}
        )
        return self.redirect_to_summit("checklist")


# --- Budget -------------------------------------------------------------------------------------------------------


class BudgetLineCreateView(_ChildFormView):
    form_class, related_name, section, noun = BudgetLineForm, "budget_lines", "budget", gettext_lazy("budget line")
    allowed_after_the_day = True

    def save(self, obj):
        return services.budget_line_save(line=obj)


class BudgetLineEditView(BudgetLineCreateView):
    editing = True


class BudgetLineDeleteView(_ChildDeleteView):
    related_name, section, noun = "budget_lines", "budget", gettext_lazy("budget line")

    def delete(self, obj):
        services.budget_line_delete(line=obj)


# --- Hosts and influencers ----------------------------------------------------------------------------------------


class EngagementCreateView(_ChildFormView):
    form_class, related_name, section, noun = (
        EngagementForm,
        "engagements",
        "hosts",
        gettext_lazy("influencer engagement"),
    )

    def save(self, obj):
        return services.engagement_save(engagement=obj)


class EngagementEditView(EngagementCreateView):
    editing = True


class EngagementDeleteView(_ChildDeleteView):
    related_name, section, noun = "engagements", "hosts", gettext_lazy("influencer engagement")

    def delete(self, obj):
        services.engagement_delete(engagement=obj)


# --- Panel --------------------------------------------------------------------------------------------------------


class PanelSeatCreateView(_ChildFormView):
    form_class, related_name, section, noun = PanelSeatForm, "panel_seats", "panel", gettext_lazy("panel seat")

    def save(self, obj):
        return services.panel_seat_save(seat=obj)


class PanelSeatEditView(PanelSeatCreateView):
    editing = True


class PanelSeatDeleteView(_ChildDeleteView):
    related_name, section, noun = "panel_seats", "panel", gettext_lazy("panel seat")

    def delete(self, obj):
        services.panel_seat_delete(seat=obj)


# --- Stalls -------------------------------------------------------------------------------------------------------


class StallCreateView(_ChildFormView):
    form_class, related_name, section, noun = StallForm, "stalls", "stalls", gettext_lazy("stall")

    def save(self, obj):
        return services.stall_save(stall=obj)


class StallEditView(StallCreateView):
    editing = True


class StallDeleteView(_ChildDeleteView):
    related_name, section, noun = "stalls", "stalls", gettext_lazy("stall")

    def delete(self, obj):
        services.stall_delete(stall=obj)


# --- Risk assessment ----------------------------------------------------------------------------------------------


class RiskSubmitView(_WritableSummitMixin, ServiceFormMixin, FormView):
    template_name = "events/riskassessment_submit.html"
    form_class = RiskDocumentForm
    success_message = gettext_lazy("The risk assessment has been submitted for approval.")

    def perform(self, form):
        return services.risk_assessment_submit(
            assessment=self.summit.risk_assessment,
            document=form.cleaned_data["document"],
            submitted_by=self.request.user,
        )

    def succeeded(self):
        return self.redirect_to_summit("overview")


class RiskDecideView(_WritableSummitMixin, ServiceFormMixin, FormView):
    permission_required = "events.decide_riskassessment"
    template_name = "events/riskassessment_decide.html"
    form_class = RiskDecisionForm

    def handle_no_permission(self):
        """A coordinator without the approval permission is told who can decide, rather than only refused."""
        if not self.request.user.is_authenticated or not can_read(self.request.user):
            return super().handle_no_permission()
        approvers = list(risk_approvers())
        reason = "Risk assessments are decided by coordinators who hold the approval permission" + (
            ": ask one of them." if approvers else "; no one holds it yet, so ask an administrator to grant it."
        )
        context = {
            "reason": reason,
            "who": approvers,
            "back": self.summit.get_absolute_url(),
            "back_label": "Back to the summit",
        }
        return render(self.request, "403.html", context, status=403)

    def get_context_data(self, **kwargs):
        return super().get_context_data(risk=self.summit.risk_assessment, **kwargs)

    def perform(self, form):
        self.approve = form.cleaned_data["decision"] == "approve"
        return services.risk_assessment_decide(
            assessment=self.summit.risk_assessment,
            approve=self.approve,
            note=form.cleaned_data["note"],
            decided_by=self.request.user,
        )

    def get_success_message(self):
        return "The risk assessment is approved." if self.approve else "The risk assessment has been returned."

    def succeeded(self):
        return self.redirect_to_summit("overview")


CONTENT_TYPES = {PDF[0]: PDF[1], DOCX[0]: DOCX[1], DOC[0]: DOC[1]}


class RiskDocumentView(SummitMixin, View):
    """Streams the document to those who may read the summit; uploads are never public files."""

    permission_required = "events.view_summit"

    def get(self, request, *args, **kwargs):
        risk = self.summit.risk_assessment
        if not risk.document:
            raise Http404("No document.")
        try:
            handle = risk.document.open("rb")
        except FileNotFoundError:
            raise Http404("No document.") from None
        extension = risk.document.name.rsplit(".", 1)[-1]
        response = FileResponse(
            handle,
            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
            as_attachment=True,
            # The name the coordinator gave it, with the extension its content earned.
            filename=f"{risk.document_name.rsplit('.', 1)[0] or 'risk-assessment'}.{extension}",
        )
        response["Cache-Control"] = "private, no-store"
        return response
