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
    ``result=``) and redirects to ``get_success_url()``: ``success_url``, else the result's own page."""

    success_message = ""
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
        return self.succeeded()

    def get_success_message(self) -> str:
        return self.success_message.format(result=self.result) if self.success_message else ""

    def get_success_url(self):
        if not self.success_url and hasattr(self.result, "get_absolute_url"):
            return self.result.get_absolute_url()
        return super().get_success_url()

    def succeeded(self):
        return redirect(self.get_success_url())
