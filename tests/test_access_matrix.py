"""Every URL the project has × every role, with the expected outcome.

URLs are discovered from the resolver, and rows are collected from each app's ``tests/<app>/access.py``: a new URL
without a row fails ``test_every_url_has_a_row``. See tests/access.py for how rows are written.
"""

from importlib import import_module
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import ANON, COORD, ROLE_NAMES, VOL
from tests.factories import CoordinatorFactory, OversightFactory, VolunteerProfileFactory

TESTS = Path(__file__).parent
ACCESS_MODULES = [
    import_module(".".join(("tests", *path.relative_to(TESTS).with_suffix("").parts)))
    for path in sorted(TESTS.glob("*/**/access.py"))
]


def _collect_rows():
    rows = {}
    for module in ACCESS_MODULES:
        duplicated = rows.keys() & module.ROWS.keys()
        assert not duplicated, f"{module.__name__} repeats rows: {duplicated}"
        rows.update(module.ROWS)
    return rows


MATRIX = _collect_rows()


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


@pytest.fixture(scope="module")
def _matrix_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every app's matrix objects, built once per module inside a transaction rolled back at the module's end. Each
    test still runs in a savepoint of its own (the ``db`` fixture nests), so nothing a request writes reaches the
    next test, and the data is built once instead of for each of the matrix's cases."""
    media_root = tmp_path_factory.mktemp("matrix-media")
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    module_transaction = transaction.atomic()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=fast_hashing):
        module_transaction.__enter__()
        users = {
            "anonymous": None,
            "volunteer": VolunteerProfileFactory(display_name="PC Volunteer One").user,
            "other_volunteer": VolunteerProfileFactory(display_name="PC Volunteer Two").user,
            "coordinator": CoordinatorFactory(),
            "oversight": OversightFactory(),
        }
        context = {"users": users}
        for module in ACCESS_MODULES:
            if hasattr(module, "build_context"):
                context.update(module.build_context(users))
    yield context, media_root
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)


@pytest.fixture
def matrix_context(_matrix_data, db, settings):
    context, media_root = _matrix_data
    settings.MEDIA_ROOT = media_root  # where the module's photos and documents were saved
    return context


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
