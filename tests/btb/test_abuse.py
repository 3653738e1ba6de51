"""Abuse: each rate limit holds on the real Redis cache (so every gunicorn process shares one count), and requests
over the upload limits are refused with 400, never a 500."""

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def _survey_link(context):
    from feedback.services import survey_ensure
    from tests.events.factories import SummitFactory
    from tests.events.tickets.factories import TicketHolderFactory
    from tests.feedback.factories import invitation_with_link

    summit = SummitFactory()
    _, token = invitation_with_link(survey=survey_ensure(summit=summit), holder=TicketHolderFactory(summit=summit))
    return reverse("feedback:survey_answer", kwargs={"token": token})


LIMITED = {
    "login": ("login", lambda: reverse("accounts:login"), {"username": "someone@met.police.uk", "password": "x"}),
    "password reset": ("password_reset", lambda: reverse("accounts:password_reset"), {"email": "a@met.police.uk"}),
    "registration": ("register", lambda: reverse("accounts:register"), {"email": "not-an-address"}),
    "survey": ("public_form", _survey_link, {}),
    "interest form": ("public_form", lambda: reverse("feedback:interest"), {"name": ""}),
}


@pytest.mark.parametrize("form", sorted(LIMITED))
def test_rate_limit_holds_on_the_shared_redis(form, settings, redis_broker):
    import redis
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    scope, url_for, data = LIMITED[form]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, scope: "3/h"}
    settings.AXES_FAILURE_LIMIT = 100  # the lockout has its own test; here the address limit must act first
    url = url_for(None) if url_for is _survey_link else url_for()
    statuses = [Client().post(url, data).status_code for _ in range(4)]
    assert statuses[:3].count(429) == 0 and statuses[3] == 429, statuses
    # The count lives in Redis, where every web process sees it ...
    assert redis.Redis.from_url(settings.REDIS_URL).keys("*rl:*"), "no rate-limit counter in Redis"
    # ... and is per address: another client is not held back.
    assert Client(REMOTE_ADDR="198.51.100.7").post(url, data).status_code != 429


def test_too_many_form_fields_are_refused_with_400(client):
    response = client.post(reverse("accounts:login"), {f"f{n}": "x" for n in range(1001)})
    assert response.status_code == 400


def test_an_oversized_form_body_is_refused_with_400(client):
    response = client.post(reverse("accounts:login"), {"username": "x" * 2_700_000, "password": "y"})
    assert response.status_code == 400


def test_too_many_files_in_one_request_are_refused_with_400():
    client = Client()
    client.force_login(CoordinatorFactory())
    files = {f"file{n}": SimpleUploadedFile(f"f{n}.csv", b"a,b\n1,2\n") for n in range(6)}
    response = client.post(reverse("influencers:influencer_import"), files)
    assert response.status_code == 400
