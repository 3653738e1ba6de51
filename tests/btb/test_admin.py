import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import VolunteerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_with_data(admin_client):
    VolunteerProfileFactory.create_batch(3)
    return admin_client


def _registered():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", _registered(), ids=lambda m: m._meta.label)
def test_admin_changelist_search_and_add_pages_render(admin_client_with_data, admin_user, rf, model):
    opts = model._meta
    model_admin = admin.site._registry[model]
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client_with_data.get(changelist).status_code == 200
    if model_admin.search_fields:
        assert admin_client_with_data.get(changelist, {"q": "x"}).status_code == 200
    request = rf.get("/")
    request.user = admin_user
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert admin_client_with_data.get(add).status_code == expected


def test_every_project_model_is_registered_with_search():
    from django.apps import apps

    project_apps = {"accounts", "influencers", "media_appearances", "events", "feedback", "reports"}
    for model in apps.get_models():
        if model._meta.app_label in project_apps:
            assert model in admin.site._registry, f"{model._meta.label} has no admin"
            assert admin.site._registry[model].search_fields, f"{model._meta.label} admin has no search"
