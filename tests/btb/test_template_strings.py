"""Every template's words are marked for translation, the staff interface's as well as the public pages', so that
adding a language is a catalogue and a line in settings. The public pages are also rendered in Welsh and checked
word by word (test_translation.py); this reads every template's source (template_text.py says how)."""

import pytest
from django.conf import settings

from tests.btb.template_text import untranslated


def _templates():
    roots = [
        settings.BASE_DIR / "templates",
        *sorted(settings.BASE_DIR.glob("*/templates")),
        *sorted(settings.BASE_DIR.glob("*/*/templates")),
    ]
    found = sorted({path for root in roots for path in root.rglob("*") if path.suffix in (".html", ".txt")})
    return [path for path in found if ".venv" not in path.parts and "tools" not in path.parts]


TEMPLATES = _templates()


def test_the_templates_are_found():
    names = {str(path.relative_to(settings.BASE_DIR)) for path in TEMPLATES}
    assert "templates/base.html" in names and "feedback/templates/feedback/survey_answer.html" in names
    assert len(names) > 150


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_every_word_of_the_template_is_marked_for_translation(path):
    found = untranslated(path)
    assert not found, f"text not marked for translation (wrap it in translate or blocktranslate): {found}"


def test_the_checker_finds_unmarked_text_and_passes_marked_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<h1>{% translate "Summits" %}</h1><p title="Open the list">{{ count }} summits</p>'
        '{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}<button lang="cy">Cymraeg</button>'
        '<script>const label = "not read";</script><input type="submit" value="Save">'
        '<div lang="{{ LANGUAGE_CODE }}">Unmarked</div>',
        encoding="utf-8",
    )
    assert untranslated(page) == ["1: Open the list", "1: … summits", "1: Save", "1: Unmarked"]
    body = tmp_path / "mail.txt"
    body.write_text('{% load i18n %}{% translate "Hello" %}\nSee {{ url }}\n', encoding="utf-8")
    assert untranslated(body) == ["2: See …"]
