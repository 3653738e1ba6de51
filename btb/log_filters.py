"""Filters for the logging configuration in settings.LOGGING."""

import logging


class OneLineForbidden(logging.Filter):
    """Django logs every refused request (403) with the PermissionDenied traceback: some seventeen lines for what
    is routine (a signed-in user following a link meant for another role). The one line saying which path was
    refused is all that is useful; errors (500) keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
