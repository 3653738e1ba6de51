import pytest
from django.urls import reverse

from btb.errors import ApplicationError
from feedback.models import StandardMeasure, SurveyQuestion
from feedback.services import survey_add_standard, survey_ensure, survey_question_save
from tests.events.factories import SummitFactory

pytestmark = pytest.mark.django_db

PAS = "MOPAC Public Attitudes Survey"


@pytest.fixture
def survey():
    return survey_ensure(summit=SummitFactory())


def test_the_bank_holds_the_pas_items_word_for_word_with_their_source():
    bank = {m.source_code: m for m in StandardMeasure.objects.all()}
    assert set(bank) == {"Q60", "Q62A", "Q62B", "Q62C", "Q62E", "Q62F", "Q62TG", "NQ135BD"}
    q60 = bank["Q60"]
    assert q60.text == "Taking everything into account, how good a job do you think the police in your area are doing?"
    assert q60.choices == ["Excellent", "Good", "Fair", "Poor", "Very poor"]
    assert q60.positive_choices == ["Excellent", "Good"]
    assert q60.citation == f"{PAS}, question Q60; also in the Crime Survey for England and Wales"
    assert bank["Q62C"].text == "The police in your area treat everyone fairly regardless of who they are"
    assert bank["NQ135BD"].text == "The Metropolitan Police Service is an organisation that I can trust"
    assert bank["NQ135BD"].also_in == ""
    agree = ["Strongly agree", "Tend to agree", "Neither agree nor disagree", "Tend to disagree", "Strongly disagree"]
    assert all(bank[code].choices == agree for code in ("Q62A", "Q62B", "Q62C", "Q62E", "Q62F", "Q62TG", "NQ135BD"))
    assert "15 minutes' walk" in bank["Q62A"].preamble
    assert all(m.source == PAS for m in bank.values())


def test_the_default_survey_asks_the_standard_core_beside_the_programme_questions(survey):
    keys = list(survey.questions.values_list("key", flat=True))
    assert keys[:3] == ["overall", "perception", "recommend"]
    assert keys[3:6] == ["pas-q60", "pas-q62c", "pas-nq135bd"]
    assert keys[6:] == ["interest", "differently", "age_band", "ethnicity", "gender"]
    fairness = survey.questions.get(key="pas-q62c")
    assert fairness.standard.source_code == "Q62C" and fairness.text == fairness.standard.text
    assert fairness.choices == fairness.standard.choices and fairness.help_text == fairness.standard.preamble
    positions = list(survey.questions.values_list("position", flat=True))
    assert positions == list(range(1, len(keys) + 1))


def test_an_item_from_the_bank_goes_before_about_you_word_for_word(survey):
    measure = StandardMeasure.objects.get(source_code="Q62B")
    question = survey_add_standard(survey=survey, measure=measure)
    assert question.text == measure.text and question.choices == measure.choices and question.kind == "single"
    keys = list(survey.questions.order_by("position").values_list("key", flat=True))
    assert keys.index("pas-q62b") == keys.index("age_band") - 1
    with pytest.raises(ApplicationError, match="already asks Q62B"):
        survey_add_standard(survey=survey, measure=measure)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"text": "Do the police do a good job?"}, "text"),
        ({"choices": ["Good", "Bad"]}, "choices"),
        ({"help_text": "Think of your street."}, "help_text"),
    ],
)
def test_a_standard_question_cannot_be_reworded(survey, change, field):
    question = survey.questions.get(key="pas-q60")
    for name, value in change.items():
        setattr(question, name, value)
    with pytest.raises(ApplicationError) as refused:
        survey_question_save(question=question)
    assert refused.value.field == field and "standard measure (Q60)" in refused.value.message
    assert SurveyQuestion.objects.get(pk=question.pk).text == question.standard.text


def test_a_standard_question_takes_a_translation(survey):
    question = survey.questions.get(key="pas-q60")
    question.translation = "Tout bien considéré, la police de votre quartier fait-elle du bon travail ?"
    survey_question_save(question=question)
    assert SurveyQuestion.objects.get(pk=question.pk).translation.startswith("Tout bien")


def _edit(client, survey, question, **data):
    url = reverse("feedback:question_edit", kwargs={"slug": survey.summit.slug, "pk": question.pk})
    form = {
        "text": question.text,
        "kind": question.kind,
        "help_text": question.help_text,
        "choices_text": "\n".join(question.choices),
        "position": question.position,
        "translation": "",
        **data,
    }
    return client.post(url, form)


def test_the_edit_form_refuses_new_wording_next_to_the_field(client, coordinator, survey):
    client.force_login(coordinator)
    question = survey.questions.get(key="pas-q62c")
    page = _edit(client, survey, question, text="The police are fair")
    assert page.status_code == 200
    assert "its wording cannot change" in page.context["form"].errors["text"][0]
    page = _edit(client, survey, question, choices_text="Yes\nNo")
    assert "its options cannot change" in page.context["form"].errors["choices_text"][0]
    page = _edit(client, survey, question, translation="Hiki ni kipimo cha kawaida")
    assert page.status_code == 302
    question.refresh_from_db()
    assert question.translation == "Hiki ni kipimo cha kawaida" and question.text == question.standard.text


def test_the_translation_shows_under_the_question_on_the_public_form(client, survey):
    from django.utils import timezone

    summit = survey.summit
    summit.starts_at = timezone.now()
    summit.ends_at = timezone.now() + timezone.timedelta(hours=2)
    summit.save()
    SurveyQuestion.objects.filter(survey=survey, key="pas-q60").update(translation="Ni kazi nzuri?")
    page = client.get(reverse("feedback:survey_open", kwargs={"token": survey.open_token}))
    assert "Ni kazi nzuri?" in page.content.decode()


def test_a_programme_question_has_no_translation_field(client, coordinator, survey):
    client.force_login(coordinator)
    question = survey.questions.get(key="overall")
    page = client.get(reverse("feedback:question_edit", kwargs={"slug": survey.summit.slug, "pk": question.pk}))
    assert "translation" not in page.context["form"].fields


def test_the_bank_page_adds_an_item_and_marks_what_is_asked(client, coordinator, survey):
    client.force_login(coordinator)
    url = reverse("feedback:question_bank", kwargs={"slug": survey.summit.slug})
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["asked"] == set(survey.questions.exclude(standard=None).values_list("standard_id", flat=True))
    assert "Check each standard item" in page.content.decode()
    measure = StandardMeasure.objects.get(source_code="Q62TG")
    answer = client.post(url, {"measure": measure.pk})
    assert answer.status_code == 302 and survey.questions.filter(standard=measure).exists()
    again = client.post(url, {"measure": measure.pk})
    assert again.status_code == 200 and "already asks Q62TG" in again.content.decode()
    bad = client.post(url, {"measure": "nonsense"})
    assert bad.status_code == 200 and "Choose an item from the bank." in bad.content.decode()


def test_the_bank_page_takes_the_same_queries_however_many_items(
    client, coordinator, survey, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("feedback:question_bank", kwargs={"slug": survey.summit.slug})
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(20):
        StandardMeasure.objects.create(
            code=f"extra-{n}",
            source="Test",
            source_code=f"X{n}",
            theme="trust",
            text=f"Item {n}",
            choices=["Yes", "No"],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_every_word_of_the_bank_is_marked_for_translation():
    """A standard item is translated where it is shown (never reworded): its wording, lead-in and options must all be
    in the catalogue's source list, or a Welsh page would show them in English."""
    from feedback.survey_template import STANDARD_WORDING

    words = set()
    for measure in StandardMeasure.objects.all():
        words |= {measure.text, *measure.choices} | ({measure.preamble} if measure.preamble else set())
    assert words - set(STANDARD_WORDING) == set()
    assert StandardMeasure.objects.count() == 8
