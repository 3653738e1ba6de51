"""A person's language: the preference recorded for a ticket holder or an influencer (blank: the summit's setting),
how an import's cell names it, and the languages a message to the person is written in.

Kept here, below every app, because tickets (events), influencers and the messages (feedback) all read it.
"""

from django.conf import settings
from django.db import models
from django.utils import translation


class PersonLanguage(models.TextChoices):
    ENGLISH = "en", "English"
    WELSH = "cy", "Welsh"


# The Django language code each preference is written in.
DJANGO_LANGUAGE = {PersonLanguage.ENGLISH: "en-gb", PersonLanguage.WELSH: "cy"}

# What a spreadsheet cell may say, lower case: the code, the English name, the Welsh name (Saesneg is "English").
CELL_VALUES = {
    "en": PersonLanguage.ENGLISH,
    "en-gb": PersonLanguage.ENGLISH,
    "eng": PersonLanguage.ENGLISH,
    "english": PersonLanguage.ENGLISH,
    "saesneg": PersonLanguage.ENGLISH,
    "cy": PersonLanguage.WELSH,
    "cy-gb": PersonLanguage.WELSH,
    "cym": PersonLanguage.WELSH,
    "welsh": PersonLanguage.WELSH,
    "cymraeg": PersonLanguage.WELSH,
}
CELL_HINT = "expected English or Welsh (en, cy, Cymraeg)"

# The usual names of such a column, lower case with punctuation as spaces ("Iaith" is Welsh for "language").
LANGUAGE_HEADERS = [
    "language", "preferred language", "language preference", "iaith", "dewis iaith", "iaith ddewisol",
    "preferred language iaith", "language iaith",
]  # fmt: skip


def language_from_cell(value) -> str:
    """The preference a cell names: "" for a blank cell, else a ``PersonLanguage`` value; ValueError otherwise."""
    text = " ".join(str(value or "").split()).lower()
    if not text:
        return ""
    try:
        return CELL_VALUES[text].value
    except KeyError:
        raise ValueError(text) from None


def message_languages(preference: str, fallback: list[str]) -> list[str]:
    """The Django language codes a message to the person is written in, first language first: their own
    preference, else ``fallback`` (the summit's setting: Welsh then English when it is bilingual)."""
    if preference in DJANGO_LANGUAGE:
        return [DJANGO_LANGUAGE[PersonLanguage(preference)]]
    return list(fallback)


def page_languages(request, preference: str, setting: list[str]) -> list[str]:
    """A page reached through a person's own link opens in their recorded language (``preference``), else in the
    summit's setting (``setting``, Django codes) when that is Welsh or bilingual; an English setting leaves the page
    to the browser's language. A language chosen on the switch (its cookie) always wins. Returns the languages the
    page writes its own texts in: both, Welsh first, when bilingual and not chosen; else the page's one."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES):
        return [translation.get_language()]
    if preference in DJANGO_LANGUAGE:
        languages = [DJANGO_LANGUAGE[PersonLanguage(preference)]]
    elif setting and list(setting) != [settings.LANGUAGE_CODE]:
        languages = list(setting)
    else:
        return [translation.get_language()]
    translation.activate(languages[0])
    request.LANGUAGE_CODE = translation.get_language()
    return languages
