import secrets
from collections.abc import Callable
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, View
from rules.contrib.views import PermissionRequiredMixin

from btb.accounts.models import VolunteerProfile
from btb.errors import ApplicationError
from btb.views import FilteredListMixin, ServiceFormMixin

from . import selectors, services
from .enums import AppearanceStatus, Sentiment
from .filters import AppearanceFilter, ParticipantSearchFilter, QuestionFilter
from .forms import (
    AppearanceCreateForm,
    AppearanceForm,
    ChooseQuestionSetForm,
    CommentCorrectForm,
    CommentsForm,
    MetricImportForm,
    MetricSnapshotForm,
    OutletForm,
    ParticipantAddForm,
    QuestionAddForm,
    QuestionForm,
    QuestionSetCreateForm,
    QuestionSetForm,
    QuestionSetItemForm,
    TransitionForm,
)
from .models import Appearance, AppearanceParticipant, LivestreamComment, Outlet, Question, QuestionSet, QuestionSetItem
from .sections import sections_for as appearance_sections

WRITE = "media_appearances.change_appearance"
READ = "media_appearances.list_appearance"


class ModelLevelPermissionMixin(PermissionRequiredMixin):
    """Checks the role before any object is fetched: objects are then found through what the user may see, so a
    denied object answers 404."""

    def get_permission_object(self):
        return None


class CoordinatorMixin(ModelLevelPermissionMixin):
    permission_required = WRITE


class StaffReaderMixin(ModelLevelPermissionMixin):
    permission_required = READ


# --- Appearances --------------------------------------------------------------------------------------------------


class AppearanceListView(StaffReaderMixin, FilteredListMixin, ListView):
    template_name = "media_appearances/appearance_list.html"
    context_object_name = "appearances"
    filterset_class = AppearanceFilter

    def get_base_queryset(self):
        return selectors.appearance_list(user=self.request.user)


class MyAppearancesView(PermissionRequiredMixin, ListView):
    permission_required = "media_appearances.view_own_appearances"
    template_name = "media_appearances/appearance_mine.html"
    context_object_name = "participations"
    paginate_by = 25

    def get_queryset(self):
        return selectors.my_appearances(user=self.request.user)


class AppearanceDetailView(LoginRequiredMixin, DetailView):
    template_name = "media_appearances/appearance_detail.html"
    context_object_name = "appearance"

    def get_queryset(self):
        return selectors.appearance_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        appearance = self.object
        can_change = self.request.user.has_perm(WRITE)
        snapshots = list(appearance.snapshots.all())
        context = {
            "can_change": can_change,
            "participants": list(appearance.participants.all()),
            "questions": list(appearance.question_set.items.all()) if appearance.question_set_id else [],
            "snapshots": snapshots,
            "metrics": selectors.metric_summary(snapshots),
            "tally": appearance.comment_tally,
            "retention_days": services.comment_retention_days(),
            "transitions": status_actions(appearance) if can_change else [],
            "sections": appearance_sections(self.request, appearance),
        }
        if can_change and not appearance.question_set_id:
            context["choose_set_form"] = ChooseQuestionSetForm()
        return super().get_context_data(**context, **kwargs)


class AppearanceCreateView(CoordinatorMixin, ServiceFormMixin, FormView):
    template_name = "media_appearances/appearance_form.html"
    form_class = AppearanceCreateForm
    success_message = _("“{result}” has been logged as proposed.")

    def get_initial(self):
        return {"duration_minutes": 60}

    def perform(self, form):
        return services.appearance_create(
            data=form.appearance_data(),
            template=form.cleaned_data.get("question_set_template"),
            tailoring_note=form.cleaned_data.get("tailoring_note", ""),
            by=self.request.user,
        )


class AppearanceUpdateView(CoordinatorMixin, ServiceFormMixin, FormView):
    template_name = "media_appearances/appearance_form.html"
    form_class = AppearanceForm
    success_message = _("The appearance has been saved.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.has_perm(WRITE):
            self.appearance = get_object_or_404(selectors.appearances_visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.appearance}

    def get_context_data(self, **kwargs):
        return super().get_context_data(appearance=self.appearance, **kwargs)

    def perform(self, form):
        return services.appearance_update(
            appearance=Appearance.objects.get(pk=self.appearance.pk), data=form.appearance_data(), by=self.request.user
        )

    def get_success_url(self):
        return self.appearance.get_absolute_url()


class AppearanceObjectMixin(CoordinatorMixin):
    """A write action on one appearance: coordinators only, and the appearance found through what they see."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.has_perm(WRITE):
            self.appearance = get_object_or_404(selectors.appearances_visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(appearance=self.appearance, **kwargs)


class StatusAction(NamedTuple):
    label: str
    button: str
    target: AppearanceStatus
    service: Callable
    done_message: str


# The buttons for the appearance's status changes, in the order they are shown; which apply is the transitions
# table's answer for the appearance's status.
TRANSITIONS = {
    "confirm": StatusAction(
        "Confirm", "Confirm", AppearanceStatus.CONFIRMED, services.appearance_confirm, "The appearance is confirmed."
    ),
    "record": StatusAction(
        "Mark as recorded",
        "Mark as recorded",
        AppearanceStatus.RECORDED,
        services.appearance_mark_recorded,
        "The appearance is marked as recorded.",
    ),
    "publish": StatusAction(
        "Publish", "Publish", AppearanceStatus.PUBLISHED, services.appearance_publish, "The appearance is published."
    ),
    "cancel": StatusAction(
        "Cancel the appearance",
        "Cancel appearance",
        AppearanceStatus.CANCELLED,
        services.appearance_cancel,
        "The appearance is cancelled.",
    ),
}


def status_actions(appearance: Appearance) -> list[dict]:
    return [
        {"action": action, "button": step.button, "cancels": step.target == AppearanceStatus.CANCELLED}
        for action, step in TRANSITIONS.items()
        if appearance.can_become(step.target)
    ]


class AppearanceTransitionView(AppearanceObjectMixin, FormView):
    """GET asks for confirmation (and the link, to publish); POST changes the status."""

    template_name = "media_appearances/appearance_transition.html"
    form_class = TransitionForm

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in TRANSITIONS:
            raise Http404("No such action.")
        self.action = kwargs["action"]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(action=self.action, label=TRANSITIONS[self.action].label, **kwargs)

    def form_valid(self, form):
        step = TRANSITIONS[self.action]
        extra = {}
        if self.action == "publish":
            extra["published_url"] = form.cleaned_data["published_url"]
        elif self.action == "cancel":
            extra["reason"] = form.cleaned_data["reason"]
        try:
            step.service(appearance=self.appearance, by=self.request.user, **extra)
        except ApplicationError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
                return self.form_invalid(form)
            messages.error(self.request, error.message)
            return redirect(self.appearance)
        messages.success(self.request, step.done_message)
        return redirect(self.appearance)


class ParticipantFindView(AppearanceObjectMixin, FilteredListMixin, ListView):
    """Coordinators find volunteers willing to do media interviews and add them to the appearance."""

    template_name = "media_appearances/participant_find.html"
    context_object_name = "volunteers"
    paginate_by = 20

    filterset_class = ParticipantSearchFilter

    def get_base_queryset(self):
        return selectors.addable_volunteers(appearance=self.appearance)

    def get_context_data(self, **kwargs):
        return super().get_context_data(add_form=ParticipantAddForm(), **kwargs)


class ParticipantAddView(AppearanceObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ParticipantAddForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a volunteer and a role."))
            return redirect("media_appearances:participant_find", pk=self.appearance.pk)
        volunteer = get_object_or_404(
            VolunteerProfile.objects.select_related("user"), pk=form.cleaned_data["volunteer"]
        )
        try:
            services.participant_add(
                appearance=self.appearance,
                volunteer=volunteer,
                role=form.cleaned_data["role"],
                out_of_uniform=form.cleaned_data["out_of_uniform"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("media_appearances:participant_find", pk=self.appearance.pk)
        messages.success(request, _("%(volunteer)s has been added.") % {"volunteer": volunteer})
        return redirect(self.appearance)


class ParticipantRemoveView(CoordinatorMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        participant = get_object_or_404(
            AppearanceParticipant.objects.select_related("appearance", "volunteer"), pk=kwargs["pk"]
        )
        try:
            services.participant_remove(participant=participant)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(volunteer)s has been removed from this appearance.") % {"volunteer": participant.volunteer},
            )
        return redirect(participant.appearance)


class ChooseQuestionSetView(AppearanceObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ChooseQuestionSetForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a question set."))
            return redirect(self.appearance)
        try:
            question_set = services.appearance_choose_question_set(
                appearance=self.appearance,
                template=form.cleaned_data["template"],
                tailoring_note=form.cleaned_data["tailoring_note"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(self.appearance)
        messages.success(request, _("A copy of the question set is ready to tailor for this appearance."))
        return redirect("media_appearances:question_set_detail", pk=question_set.pk)


class BriefView(LoginRequiredMixin, DetailView):
    """The printable interview brief: the officers' version has everything, the presenter's the questions only."""

    context_object_name = "appearance"
    presenter = False

    def get_template_names(self):
        return [
            "media_appearances/appearance_brief_presenter.html"
            if self.presenter
            else "media_appearances/appearance_brief.html"
        ]

    def get_queryset(self):
        return selectors.appearance_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        appearance = self.object
        return super().get_context_data(
            participants=list(appearance.participants.all()),
            questions=list(appearance.question_set.items.all()) if appearance.question_set_id else [],
            **kwargs,
        )


class MetricSnapshotCreateView(AppearanceObjectMixin, ServiceFormMixin, FormView):
    template_name = "media_appearances/metricsnapshot_form.html"
    form_class = MetricSnapshotForm
    success_message = _("The numbers have been saved.")

    def perform(self, form):
        return services.metric_snapshot_record(appearance=self.appearance, **form.cleaned_data)

    def get_success_url(self):
        return self.appearance.get_absolute_url()


METRIC_IMPORT_SECONDS = 30 * 60


def _metric_import_key(user, appearance, token: str) -> str:
    return f"media_appearances:metric-import:{user.pk}:{appearance.pk}:{token}"


class MetricImportView(AppearanceObjectMixin, FormView):
    """Upload, then a preview of what each row does (nothing written), then confirm. Any bad row means nothing is
    imported: the preview lists it with its row number beside what the other rows would do."""

    template_name = "media_appearances/metricsnapshot_import.html"
    form_class = MetricImportForm

    def form_valid(self, form):
        data = form.cleaned_data["file"].read()
        try:
            plan = services.metric_snapshots_plan(appearance=self.appearance, data=data)
        except ApplicationError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        token = ""
        if plan["rejected"]:
            form.add_error("file", services.RowErrors(plan["rejected"]).message)
        elif plan["counts"]["create"] or plan["counts"]["change"]:
            token = secrets.token_urlsafe(16)
            cache.set(_metric_import_key(self.request.user, self.appearance, token), data, METRIC_IMPORT_SECONDS)
        context = self.get_context_data(form=form, plan=plan, row_errors=plan["rejected"], token=token)
        return self.render_to_response(context)


class MetricImportConfirmView(AppearanceObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        key = _metric_import_key(request.user, self.appearance, request.POST.get("token", ""))
        data = cache.get(key) if request.POST.get("token") else None
        if data is None:
            messages.error(request, _("That preview has expired. Please upload the file again."))
            return redirect("media_appearances:metric_import", pk=self.appearance.pk)
        cache.delete(key)
        try:
            plan = services.metric_snapshots_plan(appearance=self.appearance, data=data)
            services.metric_snapshots_import(appearance=self.appearance, data=data)
        except ApplicationError as error:
            messages.error(request, _("%(problem)s Please upload the file again.") % {"problem": error.message})
            return redirect("media_appearances:metric_import", pk=self.appearance.pk)
        counts = plan["counts"]
        message = f"{counts['create']} day{pluralize(counts['create'])} added and {counts['change']} changed"
        if counts["same"]:
            message += f"; {counts['same']} already up to date"
        messages.success(request, message + ".")
        return redirect(self.appearance)


class CommentsAddView(AppearanceObjectMixin, ServiceFormMixin, FormView):
    template_name = "media_appearances/livestreamcomment_form.html"
    form_class = CommentsForm

    def perform(self, form):
        upload = form.cleaned_data.get("file")
        texts = form.cleaned_data["text"].splitlines()
        if upload:
            texts += services.comment_texts_from_upload(data=upload.read(), filename=upload.name)
        return services.livestream_comments_add(appearance=self.appearance, texts=texts)

    def get_success_message(self):
        added = self.result
        total = sum(added.values())
        return (
            f"{total} comment{'s' if total != 1 else ''} added: {added['positive']} positive, "
            f"{added['neutral']} neutral, {added['negative']} negative. Check the readings below."
        )

    def get_success_url(self):
        return reverse("media_appearances:comment_list", kwargs={"pk": self.appearance.pk})


class CommentListView(AppearanceObjectMixin, ListView):
    template_name = "media_appearances/livestreamcomment_list.html"
    context_object_name = "comments"
    paginate_by = 50

    def get_queryset(self):
        comments = self.appearance.livestream_comments.order_by("pk")
        self.sentiment = self.request.GET.get("sentiment", "")
        if self.sentiment in Sentiment.values:
            comments = comments.filter(sentiment=self.sentiment)
        return comments

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sentiments=Sentiment.choices,
            current_sentiment=self.sentiment,
            retention_days=services.comment_retention_days(),
            **kwargs,
        )


class CommentCorrectView(CoordinatorMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        comment = get_object_or_404(LivestreamComment, pk=kwargs["pk"])
        form = CommentCorrectForm(request.POST)
        if form.is_valid():
            services.livestream_comment_correct(comment=comment, sentiment=form.cleaned_data["sentiment"])
            messages.success(request, _("The reading has been corrected and the tally updated."))
        else:
            messages.error(request, _("Choose positive, neutral or negative."))
        return redirect(reverse("media_appearances:comment_list", kwargs={"pk": comment.appearance_id}))


# --- Outlets ------------------------------------------------------------------------------------------------------


class OutletListView(StaffReaderMixin, ListView):
    template_name = "media_appearances/outlet_list.html"
    context_object_name = "outlets"
    paginate_by = 25

    def get_queryset(self):
        from django.db.models import Count

        outlets = Outlet.objects.prefetch_related("communities").annotate(appearance_count=Count("appearances"))
        self.kind = self.request.GET.get("kind", "")
        if self.kind in dict(Outlet._meta.get_field("kind").choices):
            outlets = outlets.filter(kind=self.kind)
        else:
            self.kind = ""
        return outlets.order_by("name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=Outlet._meta.get_field("kind").choices,
            current_kind=self.kind,
            **kwargs,
        )


class OutletFormView(CoordinatorMixin, FormView):
    template_name = "media_appearances/outlet_form.html"
    form_class = OutletForm

    def dispatch(self, request, *args, **kwargs):
        self.outlet = get_object_or_404(Outlet, pk=kwargs["pk"]) if "pk" in kwargs else None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.outlet}

    def get_context_data(self, **kwargs):
        return super().get_context_data(outlet=self.outlet, **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in OutletForm.Meta.fields}
        outlet = services.outlet_save(outlet=self.outlet, data=data)
        messages.success(self.request, _("“%(outlet)s” has been saved.") % {"outlet": outlet})
        return redirect("media_appearances:outlet_list")


# --- Question bank and sets ---------------------------------------------------------------------------------------

BANK_READ = "media_appearances.view_questionbank"
BANK_WRITE = "media_appearances.change_questionbank"


class QuestionListView(ModelLevelPermissionMixin, FilteredListMixin, ListView):
    permission_required = BANK_READ
    template_name = "media_appearances/question_list.html"
    context_object_name = "questions"
    paginate_by = 50

    filterset_class = QuestionFilter

    def get_base_queryset(self):
        return Question.objects.order_by("topic", "pk")


class QuestionFormView(ModelLevelPermissionMixin, FormView):
    permission_required = BANK_WRITE
    template_name = "media_appearances/question_form.html"
    form_class = QuestionForm

    def dispatch(self, request, *args, **kwargs):
        self.question = get_object_or_404(Question, pk=kwargs["pk"]) if "pk" in kwargs else None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.question}

    def get_context_data(self, **kwargs):
        return super().get_context_data(question=self.question, **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in QuestionForm.Meta.fields}
        services.question_save(question=self.question, data=data)
        messages.success(self.request, _("The question has been saved to the bank."))
        return redirect("media_appearances:question_list")


class QuestionSetListView(ModelLevelPermissionMixin, ListView):
    permission_required = BANK_READ
    template_name = "media_appearances/questionset_list.html"
    context_object_name = "question_sets"
    paginate_by = 25

    def get_queryset(self):
        self.copies = self.request.GET.get("show") == "copies"
        return selectors.question_sets(templates=not self.copies)

    def get_context_data(self, **kwargs):
        return super().get_context_data(copies=self.copies, **kwargs)


class QuestionSetCreateView(ModelLevelPermissionMixin, ServiceFormMixin, FormView):
    permission_required = BANK_WRITE
    template_name = "media_appearances/questionset_create.html"
    form_class = QuestionSetCreateForm
    success_message = _("The question set has been created. Put the questions in order below.")

    def perform(self, form):
        return services.question_set_create(
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            questions=list(form.cleaned_data["questions"].order_by("topic", "pk")),
        )

    def get_success_url(self):
        return reverse("media_appearances:question_set_detail", kwargs={"pk": self.result.pk})


class QuestionSetDetailView(ModelLevelPermissionMixin, DetailView):
    permission_required = BANK_READ
    template_name = "media_appearances/questionset_detail.html"
    context_object_name = "question_set"

    def get_queryset(self):
        return QuestionSet.objects.select_related("copied_from")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            items=list(self.object.items.order_by("position", "pk")),
            appearances=list(self.object.appearances.all()[:5]),
            can_change=self.request.user.has_perm(BANK_WRITE),
            add_form=QuestionAddForm(),
            **kwargs,
        )


class QuestionSetUpdateView(ModelLevelPermissionMixin, FormView):
    permission_required = BANK_WRITE
    template_name = "media_appearances/questionset_form.html"
    form_class = QuestionSetForm

    def dispatch(self, request, *args, **kwargs):
        self.question_set = get_object_or_404(QuestionSet, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.question_set}

    def get_context_data(self, **kwargs):
        return super().get_context_data(question_set=self.question_set, **kwargs)

    def form_valid(self, form):
        services.question_set_update(question_set=self.question_set, **form.cleaned_data)
        messages.success(self.request, _("The question set has been saved."))
        return redirect("media_appearances:question_set_detail", pk=self.question_set.pk)


class QuestionSetCopyView(ModelLevelPermissionMixin, View):
    permission_required = BANK_WRITE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        source = get_object_or_404(QuestionSet, pk=kwargs["pk"])
        copy = services.question_set_copy(source=source)
        copy.is_template = True
        copy.save(update_fields=["is_template"])
        messages.success(request, _("A copy has been made; rename it and change it as you need."))
        return redirect("media_appearances:question_set_detail", pk=copy.pk)


class QuestionSetAddView(ModelLevelPermissionMixin, View):
    permission_required = BANK_WRITE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        question_set = get_object_or_404(QuestionSet, pk=kwargs["pk"])
        form = QuestionAddForm(request.POST)
        if form.is_valid():
            services.question_set_item_add(question_set=question_set, question=form.cleaned_data["question"])
            messages.success(request, _("The question has been added at the end."))
        else:
            messages.error(request, _("Choose a question from the bank."))
        return redirect("media_appearances:question_set_detail", pk=question_set.pk)


class QuestionSetItemMoveView(ModelLevelPermissionMixin, View):
    permission_required = BANK_WRITE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = get_object_or_404(QuestionSetItem.objects.select_related("question_set"), pk=kwargs["pk"])
        offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
        if offset is None:
            messages.error(request, _("Choose up or down."))
        else:
            try:
                services.question_set_item_move(item=item, offset=offset)
            except ApplicationError as error:
                messages.error(request, error.message)
        return redirect(
            reverse("media_appearances:question_set_detail", kwargs={"pk": item.question_set_id}) + f"#item-{item.pk}"
        )


class QuestionSetItemRemoveView(ModelLevelPermissionMixin, View):
    permission_required = BANK_WRITE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = get_object_or_404(QuestionSetItem.objects.select_related("question_set"), pk=kwargs["pk"])
        services.question_set_item_remove(item=item)
        messages.success(request, _("The question has been removed from this set."))
        return redirect("media_appearances:question_set_detail", pk=item.question_set_id)


class QuestionSetItemUpdateView(ModelLevelPermissionMixin, FormView):
    permission_required = BANK_WRITE
    template_name = "media_appearances/questionsetitem_form.html"
    form_class = QuestionSetItemForm

    def dispatch(self, request, *args, **kwargs):
        self.item = get_object_or_404(QuestionSetItem.objects.select_related("question_set"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.item}

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, question_set=self.item.question_set, **kwargs)

    def form_valid(self, form):
        services.question_set_item_update(item=self.item, **form.cleaned_data)
        messages.success(self.request, _("The question has been tailored for this set; the bank is unchanged."))
        return redirect(
            reverse("media_appearances:question_set_detail", kwargs={"pk": self.item.question_set_id})
            + f"#item-{self.item.pk}"
        )
