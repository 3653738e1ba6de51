import logging

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from btb.logging import MASK, MaskSecretsFilter, mask_path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/s/Abc123-_xyz/", "/s/***/"),
        ("/survey/Abc123/", "/survey/***/"),
        ("/survey/thanks/", "/survey/thanks/"),
        ("/unsubscribe/tok/", "/unsubscribe/***/"),
        ("/debrief/tok/", "/debrief/***/"),
        ("/accounts/verify/tok/", "/accounts/verify/***/"),
        ("/accounts/password/reset/MQ/set-password/", "/accounts/password/reset/***/"),
        ("/accounts/password/reset/sent/", "/accounts/password/reset/sent/"),
        ("/calendar/feed/secret.ics", "/calendar/feed/***.ics"),
        ("/my/schedule/feed/secret.ics", "/my/schedule/feed/***.ics"),
        ("/volunteers/?q=ann%40example.org", "/volunteers/"),
        ("/summits/east-2026/", "/summits/east-2026/"),
    ],
)
def test_mask_path_hides_tokens_and_query_strings(path, expected):
    assert mask_path(path) == expected


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def test_mask_path_covers_every_route_with_a_token():
    secret_routes = [route for route in _patterns(get_resolver()) if "token>" in route]
    assert secret_routes
    for route in secret_routes:
        sample = "/" + route.replace("<str:token>", "SeCrEt42").replace("<token>", "SeCrEt42")
        sample = sample.replace("<uidb64>", "MQ")
        assert "SeCrEt42" not in mask_path(sample), route
        assert MASK in mask_path(sample)


def _record(name, msg, *args):
    return logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)


def test_filter_masks_runserver_request_line():
    record = _record("django.server", '"%s" %s %s', "POST /s/SeCrEt42/?email=a%40b.org HTTP/1.1", "302", "0")
    assert MaskSecretsFilter().filter(record) is True
    assert record.getMessage() == '"POST /s/***/ HTTP/1.1" 302 0'


def test_filter_masks_not_found_path():
    record = _record("django.request", "Not Found: %s", "/debrief/SeCrEt42/")
    MaskSecretsFilter().filter(record)
    assert record.getMessage() == "Not Found: /debrief/***/"


def test_every_configured_handler_masks(settings):
    logging_config = settings.LOGGING
    assert logging_config["handlers"]
    for handler in logging_config["handlers"].values():
        assert "mask_secrets" in handler["filters"]
    # runserver's request lines and Django's own records do not keep Django's unfiltered default handlers.
    assert logging_config["loggers"]["django.server"]["handlers"] == ["console"]
    assert "handlers" not in logging_config["loggers"]["django"]
