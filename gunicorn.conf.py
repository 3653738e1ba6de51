"""gunicorn's production settings, read by the compose file's web service and the image's default command.

Both logs go to stdout/stderr for the platform's collector. An access-log line names the method, the path, the
status, the size and the time taken, and nothing a person could be found by: no query string (searches hold names
and e-mail addresses), no referrer or cookies, and every path segment that is a secret (the single-use links of
surveys, opt-outs, debriefs, e-mail verification and password resets, and calendar feed keys) replaced by "…".
tests/production/test_access_log.py checks that every URL pattern with a token is masked here.
"""

import re

from gunicorn.glogging import Logger

accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

MASK = "…"
SECRET_SEGMENTS = [
    re.compile(pattern)
    for pattern in (
        r"^(/s/)[^/]+",
        r"^(/survey/)(?!thanks/)[^/]+",
        r"^(/unsubscribe/)[^/]+",
        r"^(/debrief/)[^/]+",
        r"^(/before/)(?!thanks/)[^/]+",
        r"^(/accounts/verify/)[^/]+",
        # The link's user id and token, and the user id of the page it redirects to (…/<uidb64>/set-password/).
        r"^(/accounts/password/reset/)(?!sent/|done/)[^/]+(?:/[^/]+)?",
        r"^(/calendar/feed/)[^/]+?(?=\.ics$)",
        r"^(/my/schedule/feed/)[^/]+?(?=\.ics$)",
    )
]


def masked_path(path: str) -> str:
    for pattern in SECRET_SEGMENTS:
        path = pattern.sub(lambda match: match.group(1) + MASK, path, count=1)
    return path


class MaskingLogger(Logger):
    """Every atom that could carry a secret or personal data is masked or emptied, whatever the format says."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = masked_path(atoms.get("U") or "")
        atoms["U"] = path
        atoms["q"] = ""
        atoms["r"] = f"{atoms.get('m')} {path} {atoms.get('H')}"
        atoms["f"] = "-"
        for key in [key for key in atoms if key.startswith("{")]:
            del atoms[key]
        return atoms


logger_class = MaskingLogger
