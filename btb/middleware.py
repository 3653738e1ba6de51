"""Response headers Django 5.2 does not set itself, and query strings no page can use."""

from django.conf import settings
from django.shortcuts import render

# No inline script or style anywhere: every script and stylesheet is a file under /static/.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The Django admin's own templates carry a few inline styles.
ADMIN_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(self.admin_prefix)
            response["Content-Security-Policy"] = ADMIN_CONTENT_SECURITY_POLICY if admin else CONTENT_SECURITY_POLICY
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if getattr(settings, "PRODUCTION", False):
            response.setdefault("Cache-Control", "private")
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
