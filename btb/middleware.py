"""Response headers: the Content-Security-Policy through django-csp, and those that neither it nor Django sets."""

from csp.middleware import CSPMiddleware
from django.conf import settings

# The Django admin's own templates carry a few inline styles; no other page has any (a test checks every template).
ADMIN_PREFIX = "/admin/"
ADMIN_STYLE_SRC = {"style-src": ["'unsafe-inline'"]}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy from settings, with inline styles allowed under the admin only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), **ADMIN_STYLE_SRC}
        return parts


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if settings.PRODUCTION:
            response.setdefault("Cache-Control", "private")
        return response
