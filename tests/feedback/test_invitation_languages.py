"""Survey invitations in the ticket holder's language: their own preference from the ticket import, else the summit's
setting (Welsh first when it is bilingual)."""

import re

import pytest
from django.core import mail

from feedback.enums import SurveyLanguage
from feedback.services import survey_ensure, survey_send_now
from tests.btb.test_translation import assert_all_welsh
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.test_dispatch import held_summit

pytestmark = pytest.mark.django_db


def invitations(language, holders, django_capture_on_commit_callbacks, title):
    summit = held_summit(title=title)
    survey = survey_ensure(summit=summit)
    survey.language = language
    survey.save(update_fields=["language"])
    for name, email, preference in holders:
        TicketHolderFactory(summit=summit, name=name, email=email, language=preference)
    with django_capture_on_commit_callbacks(execute=True):
        survey_send_now(summit=summit)
    return {message.to[0]: message for message in mail.outbox}


def html_of(message) -> str:
    return message.alternatives[0][0]


def test_a_welsh_holder_in_an_english_summit_is_invited_in_welsh(django_capture_on_commit_callbacks):
    sent = invitations(
        SurveyLanguage.ENGLISH,
        [("Megan Jones", "megan@example.org", "cy"), ("Sam Lee", "sam@example.org", "")],
        django_capture_on_commit_callbacks,
        "Uwchgynhadledd Caerdydd",
    )
    megan = sent["megan@example.org"]
    assert megan.subject == "Sut oedd Uwchgynhadledd Caerdydd? Dau funud i ddweud wrthym"
    assert megan.body.startswith("Helo Megan,") and "Hello" not in megan.body
    assert '<html lang="cy">' in html_of(megan)
    assert_all_welsh(html_of(megan), ["Uwchgynhadledd Caerdydd", "Megan", "Behind the Badge"], "invitation")
    # Their neighbour with no preference gets the summit's English.
    assert sent["sam@example.org"].subject == "How was Uwchgynhadledd Caerdydd? Two minutes to tell us"


def test_an_english_holder_in_a_bilingual_summit_is_invited_in_english(django_capture_on_commit_callbacks):
    sent = invitations(
        SurveyLanguage.BILINGUAL,
        [("Amara Mensah", "amara@example.org", "en")],
        django_capture_on_commit_callbacks,
        "Cardiff summit",
    )
    amara = sent["amara@example.org"]
    assert amara.subject == "How was Cardiff summit? Two minutes to tell us"
    assert amara.body.startswith("Hello Amara,") and "Helo" not in amara.body
    assert '<html lang="en-gb">' in html_of(amara) and "Helo" not in html_of(amara)


def test_a_holder_without_a_language_in_a_bilingual_summit_is_invited_in_both_welsh_first(
    django_capture_on_commit_callbacks,
):
    sent = invitations(
        SurveyLanguage.BILINGUAL,
        [("Rhys Evans", "rhys@example.org", "")],
        django_capture_on_commit_callbacks,
        "Cardiff summit",
    )
    rhys = sent["rhys@example.org"]
    assert rhys.subject == (
        "Sut oedd Cardiff summit? Dau funud i ddweud wrthym / How was Cardiff summit? Two minutes to tell us"
    )
    assert rhys.body.startswith("Helo Rhys,")
    assert rhys.body.index("Helo Rhys,") < rhys.body.index("Hello Rhys,")
    html = html_of(rhys)
    assert '<html lang="cy">' in html and html.index("Helo Rhys,") < html.index("Hello Rhys,")
    # One link in both parts: the same single-use survey address.
    assert len(set(re.findall(r"/s/[^/\s\"]+/", rhys.body))) == 1


def open_link(client, summit, preference, **headers):
    from django.urls import reverse

    from tests.feedback.factories import invitation_with_link

    holder = TicketHolderFactory(summit=summit, language=preference)
    _, token = invitation_with_link(survey=survey_ensure(summit=summit), holder=holder)
    client.get(reverse("feedback:survey_answer", kwargs={"token": token}), **headers)
    return client.get(reverse("feedback:survey_link_form"), **headers).content.decode()


def test_the_link_opens_the_survey_in_the_language_the_invitation_was_in(client):
    summit = held_summit(title="Uwchgynhadledd Caerdydd")
    assert '<html lang="cy"' in open_link(client, summit, "cy")
    # No preference and an English summit: the browser's language, as on any page.
    client.cookies.clear()
    assert '<html lang="cy"' in open_link(client, summit, "", HTTP_ACCEPT_LANGUAGE="cy")
    client.cookies.clear()
    assert '<html lang="en-gb"' in open_link(client, summit, "")


def test_a_language_chosen_on_the_switch_wins_over_the_holders(client, settings):
    summit = held_summit(title="Uwchgynhadledd Caerdydd")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    assert '<html lang="en-gb"' in open_link(client, summit, "cy")
