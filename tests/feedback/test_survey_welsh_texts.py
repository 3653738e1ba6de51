"""The summit's own texts in Welsh: coordinators write the survey's title, introduction and their own questions in
English and, optionally, Welsh; the public survey shows the Welsh on a Welsh page (falling back to the English), and
a bilingual summit shows both, Welsh first. Standard measures are translated by the catalogue only."""

import pytest
from django.conf import settings
from django.urls import reverse

from btb.errors import ApplicationError
from feedback.enums import SurveyLanguage
from feedback.models import SurveyAnswer, SurveyQuestion
from feedback.services import survey_ensure, survey_question_save
from tests.btb.test_translation import assert_all_welsh
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.factories import invitation_with_link

pytestmark = pytest.mark.django_db

VENUE = {
    "text": "Was the venue easy to reach?",
    "text_cy": "Oedd hi'n hawdd cyrraedd y lleoliad?",
    "help_text": "Think of the bus and the walk.",
    "help_text_cy": "Meddyliwch am y bws a'r daith gerdded.",
    "kind": "single",
    "choices_text": "Yes\nNo",
    "choices_cy_text": "Oedd\nNac oedd",
    "position": 2,
}


@pytest.fixture
def survey():
    return survey_ensure(summit=SummitFactory(title="Uwchgynhadledd Caerdydd"))


def add_question(client, coordinator, survey, **data):
    client.force_login(coordinator)
    return client.post(reverse("feedback:question_create", kwargs={"slug": survey.summit.slug}), {**VENUE, **data})


def open_survey(client, survey, language=None):
    client.logout()
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    _, token = invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=survey.summit))
    client.get(reverse("feedback:survey_answer", kwargs={"token": token}))
    return client.get(reverse("feedback:survey_link_form"))


def test_the_question_form_has_welsh_fields_after_the_english_ones(client, coordinator, survey):
    client.force_login(coordinator)
    form = client.get(reverse("feedback:question_create", kwargs={"slug": survey.summit.slug})).context["form"]
    names = list(form.fields)
    assert names.index("text_cy") == names.index("text") + 1
    assert names.index("help_text_cy") == names.index("help_text") + 1
    assert names.index("choices_cy_text") == names.index("choices_text") + 1
    assert {str(form.fields[n].label) for n in ("text_cy", "help_text_cy", "choices_cy_text")} == {"Welsh (optional)"}


def test_a_survey_is_answered_in_welsh_with_a_coordinators_welsh_question(client, coordinator, survey):
    assert add_question(client, coordinator, survey).status_code == 302
    question = survey.questions.get(key="was-the-venue-easy-to-reach")
    assert (question.text_cy, question.choices_cy) == ("Oedd hi'n hawdd cyrraedd y lleoliad?", ["Oedd", "Nac oedd"])
    page = open_survey(client, survey, "cy")
    html = page.content.decode()
    assert '<html lang="cy"' in html
    assert "Oedd hi&#x27;n hawdd cyrraedd y lleoliad?" in html and "Was the venue" not in html
    assert "Meddyliwch am y bws" in html
    assert '<label class="form-check-label" for="id_was-the-venue-easy-to-reach_1">Nac oedd</label>' in html
    data = VENUE["text_cy"], VENUE["help_text_cy"], "Oedd", "Nac oedd", survey.summit.title, "Behind the Badge"
    assert_all_welsh(html, list(data), "survey with a coordinator's Welsh question")
    answered = client.post(reverse("feedback:survey_link_form"), {"overall": "4", question.key: "No"})
    assert answered.status_code == 302
    # Stored as the English option, so the figures add up across languages.
    assert SurveyAnswer.objects.get(question=question).choices == ["No"]


def test_a_question_without_welsh_falls_back_to_the_english_on_the_welsh_page(client, coordinator, survey):
    add_question(
        client, coordinator, survey, text_cy="", help_text_cy="", choices_text="By bus\nOn foot", choices_cy_text=""
    )
    html = open_survey(client, survey, "cy").content.decode()
    assert "Was the venue easy to reach?" in html and ">On foot</label>" in html
    assert "Sut oedd Uwchgynhadledd Caerdydd?" in html  # the default texts still from the catalogue


def test_the_survey_settings_take_a_welsh_title_and_introduction(client, coordinator, survey):
    client.force_login(coordinator)
    url = reverse("feedback:survey_edit", kwargs={"slug": survey.summit.slug})
    form = client.get(url).context["form"]
    assert str(form.fields["title_cy"].label) == "Welsh (optional)" == str(form.fields["intro_cy"].label)
    assert list(form.fields)[:4] == ["title", "title_cy", "intro", "intro_cy"]
    response = client.post(
        url,
        {
            "title": "Your view of the Cardiff summit",
            "title_cy": "Eich barn am uwchgynhadledd Caerdydd",
            "intro": "Two minutes, anonymous.",
            "intro_cy": "Dau funud, yn ddienw.",
            "language": SurveyLanguage.ENGLISH,
            "open_for_responses": "on",
        },
    )
    assert response.status_code == 302
    welsh = open_survey(client, survey, "cy").content.decode()
    assert '<h1 class="h3 mb-2">Eich barn am uwchgynhadledd Caerdydd</h1>' in welsh and "Dau funud, yn ddienw." in welsh
    english = open_survey(client, survey, "en-gb").content.decode()
    assert '<h1 class="h3 mb-2">Your view of the Cardiff summit</h1>' in english and "Eich barn" not in english


def test_a_bilingual_summit_shows_both_welsh_first(client, coordinator, survey):
    survey.language = SurveyLanguage.BILINGUAL
    survey.title_cy = "Eich barn"
    survey.save()
    add_question(client, coordinator, survey)
    for language in ("en-gb", "cy"):
        html = open_survey(client, survey, language).content.decode()
        assert html.index('<span class="d-block" lang="cy">Eich barn</span>') < html.index(
            f'<span class="d-block fs-5 fw-normal" lang="en-gb">{survey.title}</span>'
        )
        welsh_question = html.index('<span lang="cy">Oedd hi&#x27;n hawdd cyrraedd y lleoliad?</span>')
        assert welsh_question < html.index('<span class="d-block fw-normal" lang="en-gb">Was the venue easy to reach?')
        assert '<span lang="cy">Nac oedd</span> / <span lang="en-gb">No</span>' in html
        # A default question: its Welsh from the catalogue, then the English.
        assert '<span lang="cy">Ar y cyfan, sut oedd y digwyddiad?</span>' in html


def test_a_standard_measure_has_no_welsh_fields_and_refuses_welsh_text(client, coordinator, survey):
    question = survey.questions.exclude(standard=None).first()
    client.force_login(coordinator)
    url = reverse("feedback:question_edit", kwargs={"slug": survey.summit.slug, "pk": question.pk})
    form = client.get(url).context["form"]
    assert not {"text_cy", "help_text_cy", "choices_cy_text"} & set(form.fields)
    question.text_cy = "Cyfieithiad arall"
    with pytest.raises(ApplicationError, match="its Welsh is the published translation"):
        survey_question_save(question=question)


def test_welsh_options_must_match_the_english_ones_next_to_the_field(client, coordinator, survey):
    response = add_question(client, coordinator, survey, choices_cy_text="Oedd")
    assert response.status_code == 200
    assert "Give the Welsh of each of the 2 options" in response.context["form"].errors["choices_cy_text"][0]
    assert not SurveyQuestion.objects.filter(survey=survey, key="was-the-venue-easy-to-reach").exists()


def test_the_survey_page_lists_a_questions_welsh_under_it(client, coordinator, survey):
    add_question(client, coordinator, survey)
    page = client.get(reverse("feedback:survey_detail", kwargs={"slug": survey.summit.slug})).content.decode()
    assert "Welsh:</span> Oedd hi&#x27;n hawdd cyrraedd y lleoliad?</span>" in page
