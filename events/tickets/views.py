"""Ticket holders: the upload with its preview and progress, the door list with check-in, the summit section."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from btb.aggregates import cached_aggregate
from btb.audit import audit_record
from btb.errors import ApplicationError
from btb.responses import bad_request, first_error
from btb.views import FilteredListMixin

from ..rules import can_plan
from ..views.mixins import SummitMixin
from . import services
from .filters import DoorListFilter
from .forms import CheckInForm, ColumnMappingForm, TicketUploadForm


def tickets_section(request, summit):
    counts = cached_aggregate(
        "events.ticket_counts",
        (summit.pk,),
        lambda: summit.ticket_holders.aggregate(
            total=Count("pk"),
            with_email=Count("pk", filter=~Q(email="")),
            checked_in=Count("pk", filter=Q(checked_in=True)),
        ),
    )
    return {
        "template": "events/_tickets_section.html",
        "context": {**counts, "can_manage": can_plan(request.user), "summit": summit},
    }


class _CachedCountPaginator(Paginator):
    """Counting a big summit's ticket holders on every page costs more than the page itself: the count is kept in
    the aggregate cache (a check-in or an import moves it on)."""

    def __init__(self, *args, count_key: tuple, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cached_aggregate("events.door_list_count", self.count_key, lambda: self.object_list.count())


class DoorListView(SummitMixin, FilteredListMixin, ListView):
    """Everyone with a ticket, searchable by name, with a tick for the door; works on a phone."""

    template_name = "events/ticketholder_list.html"
    context_object_name = "holders"
    paginate_by = 50

    filterset_class = DoorListFilter

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        filters = self.filterset.form.cleaned_data
        key = (self.summit.pk, filters.get("q") or "", filters.get("status") or "")
        return _CachedCountPaginator(queryset, per_page, orphans, allow_empty_first_page, count_key=key, **kwargs)

    def get_base_queryset(self):
        return self.summit.ticket_holders.filter(anonymised_at__isnull=True).order_by("name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audit_record(
            actor=self.request.user,
            action="tickets.door_list_viewed",
            obj=self.summit,
            page=context["page_obj"].number,
            rows=len(context["holders"]),
        )
        return context


class CheckInView(SummitMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        holder = self.summit.ticket_holders.filter(pk=kwargs["pk"], anonymised_at__isnull=True).first()
        if holder is None:
            raise Http404("No such ticket.")
        form = CheckInForm(request.POST)
        if not form.is_valid():
            return bad_request(request, first_error(form))
        checked_in = form.cleaned_data["checked_in"]
        services.ticket_holder_check_in(holder=holder, checked_in=checked_in)
        messages.success(request, f"{holder} {'checked in' if checked_in else 'is no longer checked in'}.")
        url = reverse("events:ticket_list", kwargs={"slug": self.summit.slug})
        query = request.POST.get("return_query", "")
        return redirect(f"{url}?{query}" if query and "\n" not in query else url)


class TicketUploadView(SummitMixin, FormView):
    template_name = "events/ticketimport_upload.html"
    form_class = TicketUploadForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            ticket_import = services.ticket_import_prepare(
                summit=self.summit, data=upload.read(), filename=upload.name, created_by=self.request.user
            )
        except ApplicationError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        return redirect("events:ticket_import", slug=self.summit.slug, pk=ticket_import.pk)


class TicketImportMixin(SummitMixin):
    @cached_property
    def ticket_import(self):
        found = self.summit.ticket_imports.defer("data").filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404("No such import.")
        return found


class TicketImportView(TicketImportMixin, TemplateView):
    """The preview (with the column mapping) before the import, its progress during, its outcome after."""

    template_name = "events/ticketimport_detail.html"

    def mapping_form(self, data=None, guessed=None):
        return ColumnMappingForm(
            data, headers=self.ticket_import.headers, initial_columns=self.ticket_import.columns or guessed or {}
        )

    def get_context_data(self, **kwargs):
        ticket_import = self.ticket_import
        context = {"ticket_import": ticket_import, "preview": None, "preview_error": "", "samples": []}
        if ticket_import.awaits_confirmation:
            try:
                review = services.ticket_import_review(ticket_import=ticket_import)
            except ApplicationError as error:
                review = {"samples": [], "guessed": {}, "plan": None}
                context["preview_error"] = error.message
            context.update(preview=review["plan"], samples=review["samples"], guessed=review["guessed"])
            if "mapping_form" not in kwargs:
                context["mapping_form"] = self.mapping_form(guessed=review["guessed"])
        context["progress"] = services.ticket_import_progress(ticket_import=ticket_import)
        return super().get_context_data(**{**context, **kwargs})

    def post(self, request, *args, **kwargs):
        if not self.ticket_import.awaits_confirmation:
            raise Http404("This file has already been imported.")
        form = self.mapping_form(request.POST)
        if form.is_valid():
            try:
                services.ticket_import_set_mapping(
                    ticket_import=self.ticket_import,
                    columns=form.columns(),
                    save_as=form.cleaned_data["save_as"],
                    user=request.user,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "The columns are mapped: check the preview, then import.")
                return redirect("events:ticket_import", slug=self.summit.slug, pk=self.ticket_import.pk)
        return self.render_to_response(self.get_context_data(mapping_form=form))


class TicketImportConfirmView(TicketImportMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            queued = services.ticket_import_start(ticket_import=self.ticket_import)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if queued:
                messages.info(request, "The file is large: it is being imported in the background.")
            else:
                messages.success(request, "The ticket holders have been imported.")
        return redirect("events:ticket_import", slug=self.summit.slug, pk=self.ticket_import.pk)


class TicketImportProgressView(TicketImportMixin, TemplateView):
    """The progress bar alone, polled by htmx; once the import is finished the page reloads to show the outcome."""

    template_name = "events/_ticketimport_progress.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            ticket_import=self.ticket_import,
            progress=services.ticket_import_progress(ticket_import=self.ticket_import),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.ticket_import.is_finished:
            response["HX-Refresh"] = "true"
        return response
