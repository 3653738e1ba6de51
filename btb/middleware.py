"""Response headers: the Content-Security-Policy through django-csp, and those that neither it nor Django sets;
and query strings no page can use."""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.shortcuts import render

# The Django admin's own templates carry a few inline styles; no other page has any (a test checks every template).
ADMIN_PREFIX = "/admin/"
ADMIN_STYLE_SRC = {"style-src": ["'unsafe-inline'"]}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy from settings, with inline styles allowed under the admin only. django-csp writes the
    directives in no fixed order (it merges them through a set); they are put back in the order settings give, so
    every response carries the same header."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), **ADMIN_STYLE_SRC}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if HEADER in response:
            order = list(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
            parts = [part.strip() for part in response[HEADER].split(";")]
            parts.sort(key=lambda part: order.index(part.split(" ")[0]) if part.split(" ")[0] in order else len(order))
            response[HEADER] = "; ".join(parts)
        return response


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(self.static_prefix):
            response["Cache-Control"] = no_store(response.get("Cache-Control", ""))
        return response


class RefuseNulInQueryMiddleware:
    """A query string with a NUL character is answered 400. No filter or link of ours has one, and PostgreSQL
    refuses it in any text it is given, so every page that looks a parameter up would otherwise fail with a 500.
    (Form fields refuse it themselves, next to the field.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values
        ):
            return render(request, "400.html", status=400)
        return self.get_response(request)


def no_store(cache_control: str) -> str:
    """Every page and download but the static files may carry personal data (a roster, an export, a survey form
    opened from a link, a photo): "private" still lets the browser keep a copy on disk, where the next user of a
    shared computer finds it, so nothing is stored at all. A directive that already says no-store is kept."""
    if "no-store" in cache_control:
        return cache_control
    return "no-store"
