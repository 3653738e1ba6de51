"""An influencer's language: recorded on the directory form and by its import, and used for the debrief request and
the debrief page (bilingual, Welsh first, when the influencer has none and the summit is bilingual). The language
switch still changes the page."""

from datetime import timedelta

import pytest
import tablib
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from feedback.enums import SurveyLanguage
from feedback.services import debriefs_request_for_summit, survey_ensure
from feedback.services.tokens import new_token
from influencers.models import Influencer
from influencers.resources import InfluencerResource
from tests.btb.test_translation import assert_all_welsh
from tests.events.factories import EngagementFactory, SummitFactory
from tests.feedback.factories import DebriefFactory
from tests.influencers.factories import InfluencerFactory
from tests.influencers.test_views import _create_payload

pytestmark = pytest.mark.django_db


def summit_of(language, title="Cardiff summit"):
    summit = SummitFactory(title=title)
    survey = survey_ensure(summit=summit)
    survey.language = language
    survey.save(update_fields=["language"])
    return summit


def request_debrief(summit, preference, django_capture_on_commit_callbacks):
    engagement = EngagementFactory(summit=summit)
    Influencer.objects.filter(pk=engagement.influencer_id).update(
        name="Siân Morgan", known_as="", email="sian@example.org", language=preference
    )
    with django_capture_on_commit_callbacks(execute=True):
        debriefs_request_for_summit(summit=summit)
    [message] = mail.outbox
    return message, message.alternatives[0][0]


def test_a_welsh_influencer_is_asked_in_welsh_whatever_the_summit(django_capture_on_commit_callbacks):
    summit = summit_of(SurveyLanguage.ENGLISH, title="Uwchgynhadledd Caerdydd")
    message, html = request_debrief(summit, "cy", django_capture_on_commit_callbacks)
    assert message.subject == "Sut aeth Uwchgynhadledd Caerdydd i chi?"
    assert message.body.startswith("Helo Siân Morgan,") and "Hello" not in message.body
    assert '<html lang="cy">' in html
    assert_all_welsh(html, ["Uwchgynhadledd Caerdydd", "Siân Morgan", "Behind the Badge"], "debrief request")


def test_an_english_influencer_of_a_bilingual_summit_is_asked_in_english(django_capture_on_commit_callbacks):
    message, html = request_debrief(summit_of(SurveyLanguage.BILINGUAL), "en", django_capture_on_commit_callbacks)
    assert message.subject == "How did Cardiff summit go for you?"
    assert message.body.startswith("Hello Siân Morgan,") and "Helo" not in html


def test_an_influencer_without_a_language_of_a_bilingual_summit_is_asked_in_both(django_capture_on_commit_callbacks):
    message, html = request_debrief(summit_of(SurveyLanguage.BILINGUAL), "", django_capture_on_commit_callbacks)
    assert message.subject == "Sut aeth Cardiff summit i chi? / How did Cardiff summit go for you?"
    assert message.body.index("Helo Siân") < message.body.index("Hello Siân")
    assert '<html lang="cy">' in html and '<div lang="en-gb">' in html


def open_debrief(client, **influencer):
    token, hashed = new_token()
    debrief = DebriefFactory(
        token_hash=hashed, token_expires_at=timezone.now() + timedelta(days=1), influencer__known_as="", **influencer
    )
    client.get(reverse("feedback:debrief_answer", kwargs={"token": token}))
    return debrief, client.get(reverse("feedback:debrief_form")).content.decode()


def test_the_debrief_page_opens_in_the_influencers_language_and_the_switch_still_works(client):
    debrief, page = open_debrief(client, influencer__language="cy", influencer__name="Siân Morgan")
    assert '<html lang="cy"' in page and f"Sut aeth {debrief.about}?" in page
    assert_all_welsh(page, ["Siân Morgan", str(debrief.about), "Behind the Badge"], "debrief page")
    # The switch sets the cookie: the page follows the person's choice from then on.
    switched = client.post(reverse("set_language"), {"language": "en-gb", "next": reverse("feedback:debrief_form")})
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en-gb"
    page = client.get(reverse("feedback:debrief_form")).content.decode()
    assert '<html lang="en-gb"' in page and f"How did {debrief.about} go?" in page and "Sut aeth" not in page


def test_the_debrief_page_of_a_bilingual_summit_is_welsh_first_with_the_english_beside(client):
    summit = summit_of(SurveyLanguage.BILINGUAL)
    debrief, page = open_debrief(client, summit=summit)
    assert '<html lang="cy"' in page
    assert page.index("Sut aeth Cardiff summit?") < page.index("How did Cardiff summit go?")
    assert '<div lang="en-gb">' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"  # chosen on the switch: that language alone
    page = client.get(reverse("feedback:debrief_form")).content.decode()
    assert '<html lang="en-gb"' in page and "Sut aeth" not in page


def test_the_directory_form_records_the_language(client, coordinator):
    client.force_login(coordinator)
    form = client.get(reverse("influencers:influencer_create")).context["form"]
    assert [code for code, _ in form.fields["language"].choices] == ["", "en", "cy"]
    client.post(reverse("influencers:influencer_create"), _create_payload(language="cy"))
    influencer = Influencer.objects.get()
    assert influencer.language == "cy"
    assert '<dd class="col-7">Welsh</dd>' in client.get(influencer.get_absolute_url()).content.decode()


@pytest.mark.parametrize("header", ["language", "Preferred language", "Iaith"])
def test_the_influencer_import_reads_the_language_column(header):
    data = tablib.Dataset(headers=["id", "name", header])
    data.append(["", "Aled Hughes", "Cymraeg"])
    data.append(["", "Kofi Asante", "ENGLISH"])
    result = InfluencerResource().import_data(data)
    assert not result.has_validation_errors()
    assert dict(Influencer.objects.values_list("name", "language")) == {"Aled Hughes": "cy", "Kofi Asante": "en"}


def test_the_influencer_import_refuses_an_unknown_language_and_keeps_a_stored_one_on_a_blank():
    aled = InfluencerFactory(name="Aled Hughes", language="cy")
    data = tablib.Dataset(headers=["id", "name", "language"])
    data.append([aled.pk, "Aled Hughes", ""])
    assert not InfluencerResource().import_data(data).has_validation_errors()
    aled.refresh_from_db()
    assert aled.language == "cy"
    bad = tablib.Dataset(headers=["id", "name", "language"])
    bad.append(["", "Jo Diaz", "Español"])
    result = InfluencerResource().import_data(bad)
    [row] = result.invalid_rows
    assert row.number == 1
    assert row.field_specific_errors == {
        "language": ["“Español” is not a language we write in: expected English or Welsh (en, cy, Cymraeg)."]
    }


def test_an_english_summit_leaves_the_debrief_page_to_the_browsers_language(client):
    debrief, page = open_debrief(client)
    assert '<html lang="en-gb"' in page
    client.cookies.clear()
    token, hashed = new_token()
    DebriefFactory(token_hash=hashed, token_expires_at=timezone.now() + timedelta(days=1))
    client.get(reverse("feedback:debrief_answer", kwargs={"token": token}), HTTP_ACCEPT_LANGUAGE="cy")
    page = client.get(reverse("feedback:debrief_form"), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="cy"' in page
