import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, FormView, ListView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from btb.audit import audit_record
from btb.errors import ApplicationError
from btb.images import photo_response
from btb.views import FilteredListMixin, form_add_application_error

from . import selectors, services
from .charts import reach_chart, reach_series
from .engagements import engagements_for
from .filters import InfluencerFilter
from .forms import (
    DueDiligenceForm,
    FollowerSnapshotForm,
    InfluencerForm,
    InfluencerImportForm,
    platform_account_formset,
)
from .models import InfluencerImport
from .resources import InfluencerResource

IMPORT_CACHE_SECONDS = 30 * 60


class InfluencerObjectMixin(LoginRequiredMixin):
    """Fetch the influencer through what the user may see: anyone else gets 404, not 403."""

    def get_queryset(self):
        return selectors.influencers_visible_to(self.request.user)

    def get_permission_object(self):
        return self.get_object()

    def get_object(self, queryset=None):
        if not hasattr(self, "_influencer"):
            self._influencer = super().get_object(queryset)
        return self._influencer


class InfluencerListView(PermissionRequiredMixin, FilteredListMixin, ListView):
    permission_required = "influencers.list_influencer"
    template_name = "influencers/influencer_list.html"
    context_object_name = "influencers"
    filterset_class = InfluencerFilter

    def get_base_queryset(self):
        return selectors.influencer_directory(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_change=self.request.user.has_perm("influencers.add_influencer"),
            **kwargs,
        )


class InfluencerDetailView(InfluencerObjectMixin, DetailView):
    template_name = "influencers/influencer_detail.html"
    context_object_name = "influencer"

    def get_object(self, queryset=None):
        influencer = selectors.influencer_for_page(user=self.request.user, pk=self.kwargs["pk"]).first()
        if influencer is None:
            raise Http404("No such influencer.")
        return influencer

    def get_context_data(self, **kwargs):
        influencer = self.object
        accounts = list(influencer.accounts.all())
        points = reach_series(accounts)
        can_change = self.request.user.has_perm("influencers.change_influencer", influencer)
        return super().get_context_data(
            accounts=accounts,
            reach_points=points,
            chart=reach_chart(points),
            engagements=engagements_for(influencer),
            can_change=can_change,
            snapshot_form=FollowerSnapshotForm(influencer=influencer) if can_change and accounts else None,
            **kwargs,
        )


class InfluencerFormMixin:
    """Create and edit share the form, the accounts formset and the template."""

    template_name = "influencers/influencer_form.html"

    def get_forms(self, instance=None):
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request.FILES if self.request.method == "POST" else None
        form = InfluencerForm(data=data, files=files, instance=instance)
        formset = platform_account_formset(data=data, instance=instance)
        return form, formset

    def render_forms(self, form, formset, **extra):
        return self.render_to_response(self.get_context_data(form=form, formset=formset, **extra))

    def save(self, form, formset):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form, formset = self.get_forms(self.get_instance())
        if form.is_valid() and formset.is_valid():
            try:
                influencer = self.save(form, formset)
            except ValidationError as error:
                form.add_error(None, error)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, self.success_message.format(influencer=influencer))
                return redirect(influencer)
        return self.render_forms(form, formset)

    def get(self, request, *args, **kwargs):
        form, formset = self.get_forms(self.get_instance())
        return self.render_forms(form, formset)


class InfluencerCreateView(PermissionRequiredMixin, InfluencerFormMixin, TemplateView):
    permission_required = "influencers.add_influencer"
    success_message = _("{influencer} has been added to the directory.")

    def get_instance(self):
        return None

    def save(self, form, formset):
        return services.influencer_create(
            data=form.influencer_data(),
            accounts=formset.accounts_data(),
            photo=form.cleaned_data.get("photo"),
            by=self.request.user,
        )


class InfluencerUpdateView(InfluencerObjectMixin, PermissionRequiredMixin, InfluencerFormMixin, DetailView):
    permission_required = "influencers.change_influencer"
    context_object_name = "influencer"
    success_message = _("Changes to {influencer} have been saved.")

    def get_instance(self):
        self.object = self.get_object()
        return self.object

    def save(self, form, formset):
        return services.influencer_update(
            influencer=self.object,
            data=form.influencer_data(),
            accounts=formset.accounts_data(),
            photo=form.cleaned_data.get("photo") or None,
            remove_photo=form.cleaned_data.get("remove_photo", False),
            by=self.request.user,
        )


class InfluencerActionView(InfluencerObjectMixin, PermissionRequiredMixin, DetailView):
    """A page that confirms one action (GET shows it, POST does it)."""

    permission_required = "influencers.change_influencer"
    context_object_name = "influencer"
    form_class = None

    def get_form(self):
        if self.form_class is None:
            return None
        return self.form_class(self.request.POST if self.request.method == "POST" else None)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            response = self.act(form)
        except ApplicationError as error:
            if form is not None and error.field in form.fields:
                form.add_error(error.field, error.message)
                return self.render_to_response(self.get_context_data(form=form))
            messages.error(request, error.message)
            return redirect(self.object)
        return response


class InfluencerDueDiligenceView(InfluencerActionView):
    template_name = "influencers/influencer_due_diligence.html"
    form_class = DueDiligenceForm

    def get_form(self):
        if self.request.method == "POST":
            return DueDiligenceForm(self.request.POST)
        return DueDiligenceForm(
            initial={"status": self.object.due_diligence_status, "note": self.object.due_diligence_note}
        )

    def act(self, form):
        influencer = services.influencer_decide_due_diligence(
            influencer=self.object,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            decided_by=self.request.user,
        )
        messages.success(
            self.request,
            _("Due diligence for %(influencer)s recorded: %(status)s.")
            % {"influencer": influencer, "status": influencer.get_due_diligence_status_display()},
        )
        return redirect(influencer)


class InfluencerArchiveView(InfluencerActionView):
    template_name = "influencers/influencer_archive.html"

    def act(self, form):
        influencer = services.influencer_archive(influencer=self.object, by=self.request.user)
        messages.success(
            self.request, _("%(influencer)s has been archived. Their history is kept.") % {"influencer": influencer}
        )
        return redirect(influencer)


class InfluencerRestoreView(InfluencerActionView):
    template_name = "influencers/influencer_restore.html"

    def act(self, form):
        influencer = services.influencer_restore(influencer=self.object, by=self.request.user)
        messages.success(self.request, _("%(influencer)s is back in the directory.") % {"influencer": influencer})
        return redirect(influencer)


class InfluencerDeleteView(InfluencerActionView):
    template_name = "influencers/influencer_delete.html"
    permission_required = "influencers.delete_influencer"

    def get_context_data(self, **kwargs):
        return super().get_context_data(has_history=services.influencer_has_history(self.object), **kwargs)

    def act(self, form):
        name = str(self.object)
        services.influencer_delete(influencer=self.object)
        messages.success(self.request, _("%(name)s has been deleted.") % {"name": name})
        return redirect("influencers:influencer_list")


class FollowerSnapshotCreateView(InfluencerObjectMixin, PermissionRequiredMixin, DetailView):
    permission_required = "influencers.change_influencer"
    template_name = "influencers/followersnapshot_form.html"
    context_object_name = "influencer"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", FollowerSnapshotForm(influencer=self.object))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = FollowerSnapshotForm(request.POST, influencer=self.object)
        if form.is_valid():
            try:
                snapshot = services.follower_snapshot_record(
                    account=form.cleaned_data["account"],
                    audience_size=form.cleaned_data["audience_size"],
                    recorded_on=form.cleaned_data["recorded_on"],
                )
            except ApplicationError as error:
                form_add_application_error(form, error)
            else:
                messages.success(
                    request,
                    _("Recorded %(audience)s for %(account)s on %(day)s.")
                    % {
                        "audience": f"{snapshot.audience_size:,}",
                        "account": snapshot.account,
                        "day": f"{snapshot.recorded_on:%-d %B %Y}",
                    },
                )
                return redirect(self.object)
        return self.render_to_response(self.get_context_data(form=form))


class InfluencerPhotoView(InfluencerObjectMixin, DetailView):
    """Streams an influencer's photo to those who may see the directory; photos are never public files."""

    thumbnail = False

    def get(self, request, *args, **kwargs):
        influencer = self.get_object()
        return photo_response(influencer.photo_thumbnail if self.thumbnail else influencer.photo)


EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class InfluencerExportView(PermissionRequiredMixin, View):
    """The directory, as filtered on the page, as a spreadsheet: every influencer's e-mail and phone, so for
    coordinators only, and each download is recorded in the audit trail with what it held."""

    permission_required = "influencers.change_influencer"

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get("format", "csv")
        if file_format not in EXPORT_FORMATS:
            file_format = "csv"
        influencers = InfluencerFilter(
            request.GET, queryset=selectors.influencer_directory(user=request.user), request=request
        ).qs
        with translation.override("en-gb"):  # the columns are read back by the import: they stay in English
            dataset = InfluencerResource().export(queryset=influencers)
        audit_record(
            actor=request.user,
            action="influencer.exported",
            rows=len(dataset),
            format=file_format,
            filters={key: value for key, value in request.GET.items() if value and key not in ("format", "page")},
        )
        with translation.override("en-gb"):
            content = dataset.export(file_format)
        if isinstance(content, str):
            content = content.encode("utf-8-sig")  # so Excel reads the CSV as UTF-8
        response = HttpResponse(content, content_type=EXPORT_FORMATS[file_format])
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="influencers-{stamp}.{file_format}"'
        return response


class InfluencerImportView(PermissionRequiredMixin, FormView):
    """Upload, preview (a dry run that writes nothing), then confirm. Any bad row means nothing is imported. A file
    with more rows than INFLUENCER_IMPORT_BACKGROUND_ROWS is checked and imported by Celery tasks instead, on a page
    of its own that shows the progress."""

    permission_required = "influencers.add_influencer"
    template_name = "influencers/influencer_import.html"
    form_class = InfluencerImportForm

    def _cache_key(self, token):
        return f"influencers:import:{self.request.user.pk}:{token}"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            table = services.influencer_table_read(data=content, filename=upload.name)
        except ApplicationError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        if len(table.rows) > settings.INFLUENCER_IMPORT_BACKGROUND_ROWS:
            influencer_import = services.influencer_import_start(
                data=content, filename=upload.name, table=table, actor=self.request.user
            )
            return redirect("influencers:influencer_import_detail", pk=influencer_import.pk)
        report = services.influencers_import(table=table, dry_run=True)
        token = ""
        if not report["problems"] and (report["new"] or report["update"]):
            token = secrets.token_urlsafe(16)
            cache.set(self._cache_key(token), {"content": content, "filename": upload.name}, IMPORT_CACHE_SECONDS)
        return self.render_to_response(self.get_context_data(form=form, report=report, token=token))


def _imported_message(report: dict) -> str:
    return ngettext(
        "Imported %(new)s new influencer and updated %(update)s.",
        "Imported %(new)s new influencers and updated %(update)s.",
        report["new"],
    ) % {"new": report["new"], "update": report["update"]}


class InfluencerImportConfirmView(PermissionRequiredMixin, View):
    permission_required = "influencers.add_influencer"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        token = request.POST.get("token", "")
        key = f"influencers:import:{request.user.pk}:{token}"
        stored = cache.get(key) if token else None
        if stored is None:
            messages.error(request, _("That preview has expired. Please upload the file again."))
            return redirect("influencers:influencer_import")
        cache.delete(key)
        try:
            table = services.influencer_table_read(data=stored["content"], filename=stored["filename"])
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("influencers:influencer_import")
        report = services.influencers_import(table=table, dry_run=False)
        if report["problems"]:
            messages.error(
                request, _("Nothing was imported: the directory changed since the preview. Please try again.")
            )
            return redirect("influencers:influencer_import")
        messages.success(request, _imported_message(report))
        return redirect("influencers:influencer_list")


class InfluencerImportMixin(PermissionRequiredMixin):
    """A large import, reached only by the coordinator who uploaded it (anyone else gets 404)."""

    permission_required = "influencers.add_influencer"

    @cached_property
    def influencer_import(self):
        return get_object_or_404(InfluencerImport, pk=self.kwargs["pk"], created_by=self.request.user)

    def progress_context(self) -> dict:
        influencer_import = self.influencer_import
        return {
            "influencer_import": influencer_import,
            "progress": services.influencer_import_progress(influencer_import=influencer_import),
        }


class InfluencerImportDetailView(InfluencerImportMixin, TemplateView):
    template_name = "influencers/influencerimport_detail.html"

    def get_context_data(self, **kwargs):
        report = self.influencer_import.report or {}
        return super().get_context_data(
            report=report,
            more_rows=max(report.get("new", 0) + report.get("update", 0) - len(report.get("preview", [])), 0),
            imported_message=_imported_message(report) if report else "",
            **self.progress_context(),
            **kwargs,
        )


class InfluencerImportProgressView(InfluencerImportMixin, TemplateView):
    """The progress bar, polled by htmx; when the work is done the page reloads to show the outcome."""

    template_name = "influencers/_influencerimport_progress.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.progress_context(), **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.influencer_import.is_working:
            response["HX-Refresh"] = "true"
        return response


class InfluencerImportRunView(InfluencerImportMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.influencer_import_confirm(influencer_import=self.influencer_import)
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("influencers:influencer_import_detail", pk=self.influencer_import.pk)
