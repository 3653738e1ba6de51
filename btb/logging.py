"""What a log line may say about a request: its route, never a credential or a search.

A token in a path is a bearer credential (a survey link leads to an invitation and so to a ticket holder; an unused
reset link is a way in), and query strings carry whatever people typed into search boxes (names, e-mail addresses).
``mask_path`` is the one place that knows which segments are secret; the runserver/Django logging filter below and
the gunicorn access-log configuration both use it, so a new token route is masked everywhere by adding it here.
"""

import logging
import re

MASK = "***"

# One pattern per route that carries a secret in its path, kept next to each other so the list is easy to audit.
# A test walks the URL configuration and fails when a route with a token-like parameter is not covered here.
_SECRET_SEGMENTS = (
    re.compile(r"^(/s/)(?!thanks/)[^/]+"),
    re.compile(r"^(/survey/)(?!thanks/)[^/]+"),
    re.compile(r"^(/unsubscribe/)[^/]+"),
    re.compile(r"^(/debrief/)[^/]+"),
    re.compile(r"^(/before/)(?!thanks/)[^/]+"),
    re.compile(r"^(/accounts/verify/)[^/]+"),
    re.compile(r"^(/accounts/password/reset/)(?!sent/|done/)[^/]+/[^/]+"),
    re.compile(r"^(/calendar/feed/)[^/]+?(?=\.ics)"),
    re.compile(r"^(/my/schedule/feed/)[^/]+?(?=\.ics)"),
)

# A request line as runserver and gunicorn write it: METHOD PATH PROTOCOL.
_REQUEST_LINE = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+)")


def mask_path(path):
    """Return ``path`` without its query string and with every secret segment replaced by ``***``.

    Accepts a bare path (``/s/abc/``) or a full target with a query (``/volunteers/?q=ann@x``); the query string is
    dropped whole, since which of its parameters are personal depends on the page and a list would fall behind.
    """
    path = path.split("?", 1)[0].split("#", 1)[0]
    for pattern in _SECRET_SEGMENTS:
        masked, count = pattern.subn(lambda match: match.group(1) + MASK, path, count=1)
        if count:
            return masked
    return path


def mask_request_line(text):
    """Mask every request target found in a free-form log message (``"GET /s/abc/?x=1 HTTP/1.1" 200``)."""
    return _REQUEST_LINE.sub(lambda match: f"{match.group(1)} {mask_path(match.group(2))}", text)


class MaskSecretsFilter(logging.Filter):
    """Rewrite a record's message so neither a token nor a query string reaches a handler.

    Attached to the handlers (not to loggers) so it sees records from every logger, including ``django.server``
    (runserver's request line) and ``django.request`` ("Not Found: /s/<token>/").
    """

    def filter(self, record):
        message = record.getMessage()
        masked = mask_request_line(message)
        if record.name.startswith("django"):
            masked = re.sub(r"(/\S*)", lambda match: mask_path(match.group(1)), masked)
        if masked != message:
            record.msg, record.args = masked, ()
        # The request object rides along on Django's records; a formatter printing it would undo the masking.
        if hasattr(record, "request"):
            record.request = None
        return True
