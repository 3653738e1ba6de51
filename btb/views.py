from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

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
