"""The on-the-day survey behind the poster's QR code: a whole audience answers from the venue's one shared address,
but only while the summit is on, once per device, and a script that keeps no cookies records nothing."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback.models import SurveyResponse
from feedback.services import qr_survey_accepts_answers, survey_ensure
from tests.events.factories import SummitFactory

pytestmark = pytest.mark.django_db

VENUE_WIFI = "203.0.113.50"


def summit_on(starts_at, hours=3):
    return SummitFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours))


@pytest.fixture
def survey_today():
    return survey_ensure(summit=summit_on(timezone.now() - timedelta(hours=1)))


def open_url(survey):
    return reverse("feedback:survey_open", kwargs={"token": survey.open_token})


def phone():
    return Client(REMOTE_ADDR=VENUE_WIFI)


def answer(client, survey, rating="5"):
    client.get(open_url(survey))
    return client.post(open_url(survey), {"overall": rating})


def test_a_whole_audience_answers_from_one_venue_address(survey_today):
    statuses = [answer(phone(), survey_today).status_code for _ in range(200)]
    assert statuses == [302] * 200
    assert SurveyResponse.objects.filter(survey=survey_today, on_the_day=True).count() == 200


def test_one_device_answers_once_even_when_it_drops_the_answered_cookie(survey_today):
    client = phone()
    assert answer(client, survey_today).status_code == 302
    for name in [name for name in client.cookies if name.startswith("btb-survey-")]:
        del client.cookies[name]
    client.post(open_url(survey_today), {"overall": "1"})
    assert SurveyResponse.objects.count() == 1


def test_a_post_from_a_client_that_never_opened_the_form_stores_nothing(survey_today):
    response = phone().post(open_url(survey_today), {"overall": "1"})
    assert response.status_code == 400
    assert "cookies" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_a_forged_device_cookie_stores_nothing(survey_today):
    client = phone()
    client.cookies[f"btb-device-{survey_today.pk}"] = "forged"
    assert client.post(open_url(survey_today), {"overall": "1"}).status_code == 400
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize(
    "at,open_",
    [
        (timedelta(hours=-18, minutes=-1), False),  # the evening before
        (timedelta(hours=-18), True),  # midnight on the day
        (timedelta(hours=1), True),  # during the summit
        (timedelta(hours=3 + 5, minutes=59), True),  # within the set time after it ends
        (timedelta(hours=3 + 6, minutes=1), False),
        (timedelta(days=30), False),
    ],
)
def test_the_qr_survey_takes_answers_from_the_day_until_a_set_time_after(settings, at, open_):
    settings.SURVEY_ON_THE_DAY_CLOSE_HOURS = 6
    starts_at = timezone.make_aware(datetime(2026, 6, 13, 18, 0))  # 18:00 London time, ends at 21:00
    survey = survey_ensure(summit=summit_on(starts_at))
    assert qr_survey_accepts_answers(survey=survey, now=starts_at + at) is open_


@pytest.mark.parametrize("starts_in", [timedelta(weeks=12), timedelta(hours=-3 - 7)])
def test_the_qr_survey_page_is_closed_outside_its_window(settings, starts_in):
    settings.SURVEY_ON_THE_DAY_CLOSE_HOURS = 6
    survey = survey_ensure(summit=summit_on(timezone.now() + starts_in))
    client = phone()
    page = client.get(open_url(survey)).content.decode()
    assert "Send my answers" not in page and "closed" in page
    client.post(open_url(survey), {"overall": "4"})
    assert SurveyResponse.objects.count() == 0


def test_a_summit_without_a_date_has_no_qr_survey_open():
    survey = survey_ensure(summit=SummitFactory(starts_at=None, ends_at=None))
    client = phone()
    assert "Send my answers" not in client.get(open_url(survey)).content.decode()
    client.post(open_url(survey), {"overall": "4"})
    assert SurveyResponse.objects.count() == 0


def test_the_venue_address_still_has_a_ceiling(survey_today, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "qr_survey": "3/h"}
    statuses = [answer(phone(), survey_today).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
