"""Ticket holders: the upload with its preview and progress, the door list with check-in, the door that works
offline, the summit section."""

import json
import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from btb.aggregates import cached_aggregate
from btb.audit import audit_record
from btb.errors import ApplicationError
from btb.responses import bad_request, first_error
from btb.views import FilteredListMixin

from ..rules import can_plan
from ..sections import outcome_for
from ..views.mixins import SummitMixin
from . import services
from .filters import DoorListFilter
from .forms import CheckInForm, ColumnMappingForm, TicketUploadForm


def tickets_section(request, summit):
    """Tickets and check-ins are the summit's outcome figures (the ones the reports show); only the count with an
    e-mail address, which no report shows, is counted here."""
    outcome = outcome_for(summit)
    with_email = cached_aggregate(
        "events.tickets_with_email",
        (summit.pk,),
        lambda: summit.ticket_holders.exclude(email="").count(),
        scopes=[f"summit:{summit.pk}"],
    )
    return {
        "template": "events/_tickets_section.html",
        "context": {
            "total": outcome.tickets,
            "with_email": with_email,
            "checked_in": outcome.checked_in,
            "can_manage": can_plan(request.user),
            "summit": summit,
        },
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
        if not checked_in and holder.checked_in and request.POST.get("confirmed") != "1":
            # Undoing a check-in is asked first: a second tap on “In” must not let someone out by mistake.
            return render(
                request,
                "events/ticketholder_uncheck.html",
                {"summit": self.summit, "holder": holder, "return_query": request.POST.get("return_query", "")},
            )
        services.ticket_holder_check_in(holder=holder, checked_in=checked_in)
        messages.success(
            request,
            (_("%(holder)s checked in.") if checked_in else _("%(holder)s is no longer checked in."))
            % {"holder": holder},
        )
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
                messages.success(request, _("The columns are mapped: check the preview, then import."))
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
                messages.info(request, _("The file is large: it is being imported in the background."))
            else:
                messages.success(request, _("The ticket holders have been imported."))
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


# --- The door, on and off line ------------------------------------------------------------------------------------

MAX_SYNC_ITEMS = 500


class DoorView(SummitMixin, TemplateView):
    """The door on a phone: an installable page whose service worker keeps it working without signal. The page
    itself holds no names; the list is fetched as JSON and kept on the device, taps are queued there and synced."""

    template_name = "events/door.html"

    def get_context_data(self, **kwargs):
        slug = self.summit.slug
        return super().get_context_data(
            data_url=reverse("events:door_data", kwargs={"slug": slug}),
            sync_url=reverse("events:door_sync", kwargs={"slug": slug}),
            worker_url=reverse("events:door_worker", kwargs={"slug": slug}),
            manifest_url=reverse("events:door_manifest", kwargs={"slug": slug}),
            scope=reverse("events:door", kwargs={"slug": slug}),
            **kwargs,
        )


def _door_list(summit) -> dict:
    holders = list(
        summit.ticket_holders.filter(anonymised_at__isnull=True)
        .order_by("name", "pk")
        .values("pk", "name", "ticket_type", "attendee_ref", "checked_in", "checked_in_at")
    )
    return {
        "holders": [
            {
                "id": h["pk"],
                "name": h["name"] or "(no name)",
                "type": h["ticket_type"] or "Ticket",
                "ref": h["attendee_ref"],
                "in": h["checked_in"],
                "at": h["checked_in_at"].isoformat() if h["checked_in_at"] else None,
            }
            for h in holders
        ],
        "in": sum(1 for h in holders if h["checked_in"]),
        "total": len(holders),
    }


def _private_json(data, status=200):
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


class DoorDataView(SummitMixin, View):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        return _private_json(_door_list(self.summit))


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        raise ValueError("an id is not a valid UUID") from None


def _moment(value):
    moment = parse_datetime(str(value or ""))
    if moment is None:
        raise ValueError("a time is not an ISO 8601 date and time")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def door_payload(body: bytes) -> tuple[list, list]:
    """The taps and walk-ins a door device sent; ValueError says what is wrong with them."""
    try:
        data = json.loads(body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ValueError("the body is not JSON") from None
    if not isinstance(data, dict):
        raise ValueError("the body is not a JSON object")
    raw_taps, raw_walk_ins = data.get("taps") or [], data.get("walk_ins") or []
    if not isinstance(raw_taps, list) or not isinstance(raw_walk_ins, list):
        raise ValueError("taps and walk_ins must be lists")
    if len(raw_taps) + len(raw_walk_ins) > MAX_SYNC_ITEMS:
        raise ValueError(f"at most {MAX_SYNC_ITEMS} taps and walk-ins at a time")
    walk_ins, taps = [], []
    for item in raw_walk_ins:
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            raise ValueError("a walk-in needs an id and a name")
        walk_ins.append(services.DoorWalkIn(_uuid(item.get("id")), str(item["name"])[:200], _moment(item.get("at"))))
    for item in raw_taps:
        if not isinstance(item, dict) or not isinstance(item.get("in"), bool):
            raise ValueError("a tap needs an id, a holder or walk-in, “in” (true or false) and a time")
        holder, walk_in = item.get("holder"), item.get("walk_in")
        if walk_in is None and not isinstance(holder, int):
            raise ValueError("a tap needs the ticket holder's id or the walk-in's")
        taps.append(
            services.DoorTap(
                client_id=_uuid(item.get("id")),
                checked_in=item["in"],
                tapped_at=_moment(item.get("at")),
                holder_id=holder if walk_in is None else None,
                walk_in_id=_uuid(walk_in) if walk_in is not None else None,
            )
        )
    return taps, walk_ins


class DoorSyncView(SummitMixin, View):
    """POST (JSON, with the CSRF token in X-CSRFToken) of what a door device queued; answers each item's outcome and
    the count now."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            taps, walk_ins = door_payload(request.body)
        except ValueError as error:
            return _private_json({"error": _("Nothing was stored: %(error)s.") % {"error": error}}, status=400)
        try:
            results = services.door_sync(summit=self.summit, taps=taps, walk_ins=walk_ins, by=request.user)
        except ApplicationError as error:
            return _private_json({"error": error.message}, status=400)
        door = _door_list(self.summit)
        return _private_json({"results": results, "in": door["in"], "total": door["total"]})


class DoorWorkerView(SummitMixin, TemplateView):
    """The door's service worker, served from under the door's address so that it may control that page."""

    template_name = "events/door_worker.js"
    content_type = "text/javascript"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            scope=reverse("events:door", kwargs={"slug": self.summit.slug}),
            data_url=reverse("events:door_data", kwargs={"slug": self.summit.slug}),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Cache-Control"] = "no-cache"
        return response


class DoorManifestView(SummitMixin, View):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        scope = reverse("events:door", kwargs={"slug": self.summit.slug})
        manifest = {
            "name": f"Door: {self.summit.title}",
            "short_name": "Door",
            "start_url": scope,
            "scope": scope,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b2545",
            "icons": [{"src": static("img/badge.svg"), "sizes": "any", "type": "image/svg+xml"}],
        }
        response = JsonResponse(manifest, content_type="application/manifest+json")
        response["Cache-Control"] = "private, no-cache"
        return response
