"""The client's address behind the TLS proxy: PROXY_COUNT says how many proxies of ours add to X-Forwarded-For."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from btb.client_address import client_address
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.parametrize(
    "count,remote,forwarded,expected",
    [
        (0, "10.0.0.2", None, "10.0.0.2"),
        (0, "10.0.0.2", "203.0.113.9", "10.0.0.2"),  # no proxy trusted: the header is the client's to invent
        (1, "10.0.0.2", "203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.2", "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # what the client wrote itself is ignored
        (1, "10.0.0.2", " 203.0.113.9 ", "203.0.113.9"),
        (2, "10.0.0.3", "198.51.100.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "10.0.0.2", None, "10.0.0.2"),  # reached the app without the proxy
        (2, "10.0.0.2", "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies: not through them all
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_address_follows_the_proxy_count(settings, count, remote, forwarded, expected):
    settings.PROXY_COUNT = count
    assert client_address(request_from(remote, forwarded)) == expected


def register_from(forwarded):
    return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded).post(
        reverse("accounts:register"), {"email": "someone@gmail.com", "display_name": "X"}
    )


def test_rate_limits_count_each_client_behind_one_proxy(settings):
    settings.PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "2/h"}
    assert [register_from("203.0.113.9").status_code for _ in range(3)] == [200, 200, 429]
    # Another client through the same proxy is not held back ...
    assert register_from("203.0.113.10").status_code == 200
    # ... and the limited one cannot escape by writing its own header in front of the proxy's.
    assert register_from("198.51.100.77, 203.0.113.9").status_code == 429


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "2/h"}
    statuses = [register_from(f"203.0.113.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]


def sign_in_from(forwarded, password):
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    return client.post(reverse("accounts:login"), {"username": "pc.target", "password": password})


def test_a_lockout_behind_the_proxy_holds_the_guesser_not_the_officer(settings):
    settings.PROXY_COUNT = 1
    UserFactory(username="pc.target")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_from("203.0.113.66", "wrong")
    assert sign_in_from("203.0.113.66", PASSWORD).status_code == 429
    assert sign_in_from("203.0.113.20", PASSWORD).status_code == 302


def test_a_lockout_without_a_proxy_setting_counts_the_proxy_address(settings):
    settings.PROXY_COUNT = 0
    UserFactory(username="pc.target")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_from("203.0.113.66", "wrong")
    assert sign_in_from("203.0.113.20", PASSWORD).status_code == 429
