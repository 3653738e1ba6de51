"""The default attendee survey: short (under two minutes), then an optional "about you".

Beside the programme's own questions it asks the short standard core of the question bank (``StandardMeasure``
with ``in_core``: overall job Q60, fairness Q62C, trust NQ135BD), word for word, so its answers can be compared
with the force's own survey. An entry with ``standard`` takes its wording and options from the bank.

The questions are stored in English and translated where they are shown (``gettext`` of the stored text), so a
summit's figures add up across languages; every text and option here is in the Welsh catalogue, which
tests/feedback/test_translation.py checks.
"""

from django.utils.translation import get_language, gettext, gettext_noop, override

from btb.accounts.enums import AgeBand, Ethnicity, Gender

from .enums import InterestArea, QuestionKind, SurveyLanguage

DEFAULT_TITLE = gettext_noop("How was %(summit)s?")
DEFAULT_INTRO = gettext_noop(
    "Thank you for coming. These few questions take under two minutes. Your answers are anonymous: they "
    "are not linked to your name, your ticket or your e-mail address."
)


WELSH, ENGLISH = "cy", "en-gb"


def welsh_of(english: str, welsh: str = "") -> str:
    """The Welsh of a text: the coordinator's, else the catalogue's (the default texts are its msgids), else ""."""
    if welsh or not english:
        return welsh
    with override(WELSH):
        translated = gettext(english)
    return translated if translated != english else ""


def localised(english: str, welsh: str = "") -> str:
    """The text in the page's language: on a Welsh page the coordinator's Welsh, else the catalogue's, else the
    English; in any other language the catalogue's translation of the English, else the English."""
    if not english:
        return english
    if get_language() == WELSH:
        return welsh or gettext(english)
    return gettext(english)


def is_bilingual(survey) -> bool:
    return survey.language == SurveyLanguage.BILINGUAL


def text_parts(survey, english: str, welsh: str = "") -> list[tuple[str, str]]:
    """(language, text) pairs as the public page shows a text: in the page's language; for a bilingual survey both,
    Welsh first (the English alone when no Welsh is written)."""
    if not is_bilingual(survey):
        return [(get_language(), localised(english, welsh))]
    welsh = welsh_of(english, welsh)
    with override(ENGLISH):
        english = gettext(english) if english else english
    return ([(WELSH, welsh)] if welsh and welsh != english else []) + [(ENGLISH, english)]


def default_title(summit_title: str) -> str:
    return (DEFAULT_TITLE % {"summit": summit_title})[:150]


def _title_in(survey, language: str) -> str:
    with override(language):
        if language == WELSH and survey.title_cy:
            return survey.title_cy
        if survey.title == default_title(survey.summit.title):
            return gettext(DEFAULT_TITLE) % {"summit": survey.summit.title}
        return survey.title


def _intro_in(survey, language: str) -> str:
    with override(language):
        if language == WELSH and survey.intro_cy:
            return survey.intro_cy
        return gettext(DEFAULT_INTRO) if survey.intro == DEFAULT_INTRO else survey.intro


def _parts_of(survey, text_in) -> list[tuple[str, str]]:
    if not is_bilingual(survey):
        return [(get_language(), text_in(survey, get_language()))]
    welsh, english = text_in(survey, WELSH), text_in(survey, ENGLISH)
    return ([(WELSH, welsh)] if welsh and welsh != english else []) + [(ENGLISH, english)]


def survey_title(survey) -> str:
    """The title in the active language: the coordinator's Welsh one, else the default one translated, else the
    title as written; both, Welsh first, for a bilingual survey."""
    return " / ".join(text for _, text in survey_title_parts(survey))


def survey_title_parts(survey) -> list[tuple[str, str]]:
    return _parts_of(survey, _title_in)


def survey_intro(survey) -> str:
    return "\n\n".join(text for _, text in survey_intro_parts(survey))


def survey_intro_parts(survey) -> list[tuple[str, str]]:
    return [(language, text) for language, text in _parts_of(survey, _intro_in) if text]


PERCEPTION = [
    gettext_noop("Much more positive"),
    gettext_noop("A bit more positive"),
    gettext_noop("No change"),
    gettext_noop("A bit more negative"),
    gettext_noop("Much more negative"),
]
# The options taken from the enums, marked here so that the catalogue holds them.
ENUM_OPTIONS = [
    gettext_noop("Becoming a police officer"),
    gettext_noop("Police staff roles"),
    gettext_noop("Special constable (volunteer officer)"),
    gettext_noop("Volunteer police cadets"),
    gettext_noop("Safer neighbourhood ward panels"),
    gettext_noop("Independent advisory groups"),
    gettext_noop("16 to 24"),
    gettext_noop("25 to 34"),
    gettext_noop("35 to 44"),
    gettext_noop("45 to 54"),
    gettext_noop("55 to 64"),
    gettext_noop("65 or over"),
    gettext_noop("Prefer not to say"),
    gettext_noop("Asian or Asian British"),
    gettext_noop("Black, Black British, Caribbean or African"),
    gettext_noop("Mixed or multiple ethnic groups"),
    gettext_noop("White"),
    gettext_noop("Other ethnic group"),
    gettext_noop("Woman"),
    gettext_noop("Man"),
    gettext_noop("Non-binary"),
    gettext_noop("I describe myself another way"),
]

DEFAULT_QUESTIONS = [
    {
        "key": "overall",
        "kind": QuestionKind.RATING,
        "text": gettext_noop("Overall, how was the event?"),
        "required": True,
        "help_text": gettext_noop("1 is poor, 5 is excellent."),
    },
    {
        "key": "perception",
        "kind": QuestionKind.SINGLE,
        "text": gettext_noop("Did the event change how you see the police?"),
        "choices": PERCEPTION,
    },
    {
        "key": "recommend",
        "kind": QuestionKind.SINGLE,
        "text": gettext_noop("Would you recommend an event like this to a friend?"),
        "choices": [gettext_noop("Yes"), gettext_noop("Maybe"), gettext_noop("No")],
    },
    {"standard": "pas-q60"},
    {"standard": "pas-q62c"},
    {"standard": "pas-nq135bd"},
    {
        "key": "interest",
        "kind": QuestionKind.MULTIPLE,
        "text": gettext_noop("Would you be interested in any of these?"),
        "help_text": gettext_noop("Tick any that apply. This does not sign you up to anything."),
        "choices": [label for _, label in InterestArea.choices],
    },
    {"key": "differently", "kind": QuestionKind.TEXT, "text": gettext_noop("What should we do differently next time?")},
    {
        "key": "age_band",
        "kind": QuestionKind.SINGLE,
        "text": gettext_noop("Your age"),
        "about_you": True,
        "choices": [label for _, label in AgeBand.choices],
    },
    {
        "key": "ethnicity",
        "kind": QuestionKind.SINGLE,
        "text": gettext_noop("Your ethnic group"),
        "about_you": True,
        "choices": [label for _, label in Ethnicity.choices],
    },
    {
        "key": "gender",
        "kind": QuestionKind.SINGLE,
        "text": gettext_noop("Your gender"),
        "about_you": True,
        "choices": [label for _, label in Gender.choices],
    },
]

# The question bank's wording and options (seeded by migration 0005_seed_standard_measures), marked here so that
# the Welsh catalogue carries them: a standard item is translated where it is shown, never reworded, so its answers
# stay comparable with the official survey. tests/feedback/test_question_bank.py checks that none is missing.
STANDARD_WORDING = (
    gettext_noop("Taking everything into account, how good a job do you think the police in your area are doing?"),
    gettext_noop("They can be relied on to be there when you need them"),
    gettext_noop("They would treat you with respect if you had contact with them for any reason"),
    gettext_noop("The police in your area treat everyone fairly regardless of who they are"),
    gettext_noop("They understand the issues that affect this community"),
    gettext_noop("They are dealing with the things that matter to people in this community"),
    gettext_noop("They listen to the concerns of local people"),
    gettext_noop("The Metropolitan Police Service is an organisation that I can trust"),
    gettext_noop(
        "How far do you agree or disagree with this statement about the police in your area? By your area we mean "
        "within 15 minutes' walk of your home."
    ),
    gettext_noop("How far do you agree or disagree with this statement?"),
    gettext_noop("Excellent"),
    gettext_noop("Good"),
    gettext_noop("Fair"),
    gettext_noop("Poor"),
    gettext_noop("Very poor"),
    gettext_noop("Strongly agree"),
    gettext_noop("Tend to agree"),
    gettext_noop("Neither agree nor disagree"),
    gettext_noop("Tend to disagree"),
    gettext_noop("Strongly disagree"),
)
