from django.contrib import messages
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from btb.errors import ApplicationError
from btb.home import panels_for


class HomeView(TemplateView):
    """Anonymous visitors get the programme's front door; signed-in users get the panels for their roles."""

    def get_template_names(self):
        return ["home_signed_in.html" if self.request.user.is_authenticated else "home_public.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.is_authenticated:
            context["panels"] = panels_for(self.request)
        return context


class AccessibilityStatementView(TemplateView):
    """The accessibility statement the Public Sector Bodies Accessibility Regulations 2018 ask for, linked from every
    page's footer."""

    template_name = "accessibility.html"


@never_cache
def healthz(request):
    """For load balancers and docker-compose: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def rate_limited(request, exception=None):
    """django-ratelimit's answer when a client has sent too many requests."""
    return render(request, "429.html", status=429)


def form_add_application_error(form, error: ApplicationError, *, fields=None) -> None:
    """Put a refused action's message next to the field it concerns, or above the form when the form has no such
    field. ``fields`` maps a service's field name to the form's, where they differ."""
    field = (fields or {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


class ServiceFormMixin:
    """For a ``FormView``: a valid form is handed to ``perform`` (which calls the service and returns what it made,
    kept as ``self.result``). A refusal is shown on the form; success adds ``success_message`` (formatted with
    ``result=``) and any ``warnings`` that ``perform`` set, and redirects to ``get_success_url()``:
    ``success_url``, else the result's own page."""

    success_message = ""
    warnings: list[str] = []
    # The service's field names that the form calls differently.
    error_fields: dict[str, str] = {}

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except ApplicationError as error:
            form_add_application_error(form, error, fields=self.error_fields)
            return self.form_invalid(form)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        for warning in self.warnings:
            messages.warning(self.request, warning)
        return self.succeeded()

    def get_success_message(self) -> str:
        return self.success_message.format(result=self.result) if self.success_message else ""

    def get_success_url(self):
        if not self.success_url and hasattr(self.result, "get_absolute_url"):
            return self.result.get_absolute_url()
        return super().get_success_url()

    def succeeded(self):
        return redirect(self.get_success_url())


class FilteredListMixin:
    """For a ``ListView`` whose rows a django-filter ``FilterSet`` narrows from the query string. The view gives
    the rows the user may see (``get_base_queryset``, ordered); the FilterSet applies what was asked. A value that
    does not validate is left out of the filtering rather than answered with an error page or an empty list. The
    template gets the FilterSet's form as ``filter_form``."""

    filterset_class = None
    paginate_by = 25

    def get_base_queryset(self):
        raise NotImplementedError

    def get_filterset_kwargs(self) -> dict:
        return {}

    def get_queryset(self):
        # Always bound, even to an empty query, so a FilterSet's defaults (hide the archived) apply on arrival.
        self.filterset = self.filterset_class(
            self.request.GET,
            queryset=self.get_base_queryset(),
            request=self.request,
            **self.get_filterset_kwargs(),
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filterset.form, **kwargs)
