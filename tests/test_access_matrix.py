"""Every URL the project has × every role, with the expected outcome.

URLs are discovered from the resolver: a new URL without a row here fails ``test_every_url_has_a_row``.
Outcomes: an HTTP status, or "login" for a redirect to the sign-in page.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROLE_NAMES

ANON, VOL, OTHER, COORD, OVER = ROLE_NAMES


@dataclass(frozen=True)
class Row:
    expect: dict
    kwargs: Callable[[dict], dict] = lambda ctx: {}
    query: str = ""


def everyone(outcome):
    return dict.fromkeys(ROLE_NAMES, outcome)


def signed_in(outcome, anonymous="login"):
    return {ANON: anonymous, VOL: outcome, OTHER: outcome, COORD: outcome, OVER: outcome}


OWN_PROFILE = {ANON: "login", VOL: 200, OTHER: 200, COORD: 404, OVER: 404}
VOLUNTEERS_PROFILE = {ANON: "login", VOL: 200, OTHER: 404, COORD: 200, OVER: 404}

MATRIX: dict[str, Row] = {
    "home": Row(everyone(200)),
    "healthz": Row(everyone(200)),
    # btb.accounts
    "accounts:login": Row(signed_in(302, anonymous=200)),
    "accounts:logout": Row(everyone(405)),
    "accounts:register": Row(signed_in(302, anonymous=200)),
    "accounts:register_done": Row(everyone(200)),
    "accounts:verify_email": Row(everyone(400), kwargs=lambda ctx: {"token": "not-a-valid-token"}),
    "accounts:password_change": Row(signed_in(200)),
    "accounts:password_reset": Row(everyone(200)),
    "accounts:password_reset_done": Row(everyone(200)),
    "accounts:password_reset_confirm": Row(everyone(200), kwargs=lambda ctx: {"uidb64": "MQ", "token": "bad-token"}),
    "accounts:password_reset_complete": Row(everyone(200)),
    "accounts:profile": Row(OWN_PROFILE),
    "accounts:profile_edit": Row(OWN_PROFILE),
    "accounts:volunteer_list": Row({ANON: "login", VOL: 403, OTHER: 403, COORD: 200, OVER: 403}),
    "accounts:volunteer_detail": Row(VOLUNTEERS_PROFILE, kwargs=lambda ctx: {"pk": ctx["profile"].pk}),
    "accounts:volunteer_photo": Row(VOLUNTEERS_PROFILE, kwargs=lambda ctx: {"pk": ctx["profile"].pk}),
    "accounts:volunteer_thumbnail": Row(VOLUNTEERS_PROFILE, kwargs=lambda ctx: {"pk": ctx["profile"].pk}),
}


def discover_url_names(patterns=None, namespace="") -> set[str]:
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if inner == "admin:":
                continue  # the Django admin has its own test below
            names |= discover_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_has_a_row():
    discovered = discover_url_names()
    assert discovered - MATRIX.keys() == set(), "add these URLs to the access matrix"
    assert MATRIX.keys() - discovered == set(), "these matrix rows name URLs that no longer exist"


@pytest.fixture
def matrix_context(users_by_role):
    profile = users_by_role[VOL].volunteer
    profile.photo.save("p.jpg", ContentFile(b"\xff\xd8\xff\xe0 test"), save=False)
    profile.photo_thumbnail.save("t.jpg", ContentFile(b"\xff\xd8\xff\xe0 test"), save=False)
    profile.save()
    return {"users": users_by_role, "profile": profile}


def _client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


CASES = [(name, role) for name in sorted(MATRIX) for role in ROLE_NAMES]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name,role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_access(url_name, role, matrix_context):
    row = MATRIX[url_name]
    url = reverse(url_name, kwargs=row.kwargs(matrix_context)) + row.query
    response = _client_for(matrix_context["users"][role]).get(url)
    expected = row.expect[role]
    if expected == "login":
        assert response.status_code == 302, f"{url} as {role}: {response.status_code}"
        assert response["Location"].startswith(reverse("accounts:login") + "?next="), response["Location"]
    else:
        assert response.status_code == expected, f"{url} as {role}: {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_every_post_without_csrf_token_is_refused(url_name, matrix_context):
    url = reverse(url_name, kwargs=MATRIX[url_name].kwargs(matrix_context))
    for role in (ANON, VOL, COORD):
        client = Client(enforce_csrf_checks=True)
        if matrix_context["users"][role] is not None:
            client.force_login(matrix_context["users"][role])
        assert client.post(url, {}).status_code == 403, f"{url} as {role}"


@pytest.mark.django_db
def test_admin_is_for_superusers_only(users_by_role, django_user_model):
    for role, user in users_by_role.items():
        response = _client_for(user).get(reverse("admin:index"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"], role
    admin = django_user_model.objects.create_superuser("root", "root@met.police.uk", "Admin-pass-1234")
    assert _client_for(admin).get(reverse("admin:index")).status_code == 200
