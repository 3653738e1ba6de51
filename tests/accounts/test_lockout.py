"""The sign-in lockout counts failures against the account, whichever spelling of its login name is typed."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_failures_under_every_spelling_count_against_one_account(client, settings):
    UserFactory(username="volunteer4", email="volunteer4@met.police.uk")
    spellings = ["volunteer4", "volunteer4@met.police.uk", "Volunteer4@met.police.uk", " VOLUNTEER4@MET.POLICE.UK "]
    failures = [sign_in(client, spellings[n % len(spellings)], "wrong") for n in range(settings.AXES_FAILURE_LIMIT)]
    assert [r.status_code for r in failures[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    for spelling in spellings:
        response = sign_in(client, spelling, PASSWORD)
        assert response.status_code == 429, spelling
        assert "_auth_user_id" not in client.session


def test_twelve_guesses_in_three_spellings_lock_the_account(client):
    UserFactory(username="volunteer4", email="volunteer4@met.police.uk")
    for spelling in ("volunteer4", "volunteer4@met.police.uk", "Volunteer4@met.police.uk"):
        for _ in range(4):
            sign_in(client, spelling, "wrong")
    assert sign_in(client, "VOLUNTEER4@met.police.uk", PASSWORD).status_code == 429


def test_an_account_locked_by_username_stays_locked_by_email(client, settings):
    UserFactory(username="volunteer3", email="volunteer3@met.police.uk")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "volunteer3", "wrong")
    assert sign_in(client, "volunteer3@met.police.uk", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_locked_account_does_not_lock_its_neighbours(client, settings):
    UserFactory(username="volunteer3", email="volunteer3@met.police.uk")
    UserFactory(username="volunteer5", email="volunteer5@met.police.uk")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "volunteer3@met.police.uk", "wrong")
    assert sign_in(client, "volunteer5@met.police.uk", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_failures_of_every_spelling(client, settings):
    UserFactory(username="volunteer6", email="volunteer6@met.police.uk")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "Volunteer6@met.police.uk", "wrong")
    assert sign_in(client, "volunteer6", PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "volunteer6@met.police.uk", "wrong")
    assert sign_in(client, "volunteer6", PASSWORD).status_code == 302
