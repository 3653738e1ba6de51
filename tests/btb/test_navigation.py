import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav_labels(response):
    return [(item["label"], item["active"]) for item in response.context["nav_items"]]


def test_navigation_depends_on_role_and_marks_the_current_page(client, coordinator, volunteer):
    client.force_login(coordinator)
    assert ("Volunteers", True) in nav_labels(client.get(reverse("accounts:volunteer_list")))
    assert "My profile" not in [label for label, _ in nav_labels(client.get(reverse("home")))]
    client.force_login(volunteer)
    labels = nav_labels(client.get(reverse("accounts:profile_edit")))
    assert ("My profile", True) in labels
    assert "Volunteers" not in [label for label, _ in labels]


def test_anonymous_users_get_no_navigation(client):
    assert client.get(reverse("accounts:login")).context["nav_items"] == []
