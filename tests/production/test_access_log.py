"""gunicorn's access log (gunicorn.conf.py) masks every secret path segment and drops query strings. The running
server's own log is read by test_smoke.py; this checks the masking against every URL pattern that takes a token."""

import importlib.util
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROOT

SECRET = "sEcReT-t0ken_value"
# URL parameters that are secrets; everything else in a path (a summit's slug, a row's id) is not.
SECRET_PARAMETERS = {"token", "uidb64"}


def gunicorn_config():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def named_patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def secret_urls():
    found = []
    for name, entry in named_patterns():
        parameters = set(entry.pattern.converters)
        if parameters & SECRET_PARAMETERS:
            found.append(reverse(name, kwargs={p: SECRET if p in SECRET_PARAMETERS else "x" for p in parameters}))
    return found


def test_every_url_with_a_token_is_masked():
    urls = secret_urls()
    assert len(urls) >= 8  # survey, open survey, opt-out, debrief, verify, password reset, two calendar feeds
    config = gunicorn_config()
    for url in urls:
        masked = config.masked_path(url)
        assert SECRET not in masked and "…" in masked, (url, masked)


@pytest.mark.parametrize(
    "path", ["/survey/thanks/", "/accounts/password/reset/", "/accounts/password/reset/done/", "/healthz", "/"]
)
def test_paths_without_a_secret_are_logged_as_they_are(path):
    assert gunicorn_config().masked_path(path) == path


def test_access_line_has_no_query_string_referrer_or_headers():
    config = gunicorn_config()
    cfg = SimpleNamespace(
        access_log_format=config.access_log_format, errorlog="-", loglevel="info", accesslog="-",
        syslog=False, capture_output=False, logconfig=None, logconfig_dict={}, logconfig_json=None,
        disable_redirect_access_to_syslog=False, user=0, group=0, umask=0, is_ssl=False,
    )  # fmt: skip
    logger = config.MaskingLogger.__new__(config.MaskingLogger)
    logger.cfg = cfg
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/s/{SECRET}/?email=someone@example.org",
        "PATH_INFO": f"/s/{SECRET}/",
        "QUERY_STRING": "email=someone@example.org",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": f"https://btb.example.org/s/{SECRET}/",
    }
    request = SimpleNamespace(headers=[("COOKIE", f"sessionid={SECRET}"), ("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status="200 OK", sent=10, headers=[("Set-Cookie", f"csrftoken={SECRET}")])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    line = config.access_log_format % logger.atoms_wrapper_class(atoms)
    assert line == '10.0.0.1 "GET /s/…/ HTTP/1.1" 200 10 5ms'
    assert SECRET not in repr(atoms) and "example.org" not in repr(atoms)
