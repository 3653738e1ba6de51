"""The Welsh catalogue: complete, compiled, with Welsh plural forms, and covering every word the public pages and
their e-mails show. The pages are rendered in Welsh and every piece of text on them must come from a Welsh
translation or from the data (a summit's title, a person's name); English left in a template fails here."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from btb.mail import templated_mail
from btb.management.commands.compile_catalogues import catalogues, compiled
from feedback.services import survey_ensure
from feedback.services.tokens import new_token
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.factories import DebriefFactory, invitation_with_link

WELSH_PO = settings.BASE_DIR / "locale/cy/LC_MESSAGES/django.po"
WELSH_PLURALS = "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;"
# Words that are the same in both languages, or names: the brand, the language switch's own label, the checker.
SAME_IN_BOTH = {"Behind the Badge", "English", "(read this page in English)", "1", "2", "3", "4", "5", "QR"}


def test_every_catalogue_is_compiled_from_its_po_file():
    assert catalogues(), "no catalogue found under LOCALE_PATHS"
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.read_bytes() == compiled(po_path), f"{mo_path} is stale: run manage.py compile_catalogues"


def test_the_welsh_catalogue_has_welsh_plural_forms_and_no_guesses():
    """Every word of the project is in the catalogue. The public's and influencers' words are translated (the pages
    and e-mails below are rendered in Welsh and read word by word); the staff interface's wait for a translator and
    show in English meanwhile. No entry is a guess: ``makemessages`` marks a new text "fuzzy" with the translation
    of a similar old one, which is nearly always wrong here ("Volunteer roster" took "Volunteer police cadets")."""
    po = polib.pofile(str(WELSH_PO))
    assert po.metadata["Plural-Forms"] == WELSH_PLURALS
    assert po.metadata["Language"] == "cy"
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert len(po.translated_entries()) > 200


def test_welsh_plural_forms_pick_the_right_form():
    """Welsh has six forms, and the noun mutates after two (soft), three and six (aspirate)."""
    singular, plural = "This survey has %(counter)s question.", "This survey has %(counter)s questions."
    with translation.override("cy"):
        said = {n: translation.ngettext(singular, plural, n) % {"counter": n} for n in (0, 1, 2, 3, 4, 6, 11)}
    assert said == {
        0: "Does dim cwestiwn yn yr arolwg hwn.",
        1: "Mae 1 cwestiwn yn yr arolwg hwn.",
        2: "Mae 2 gwestiwn yn yr arolwg hwn.",
        3: "Mae 3 chwestiwn yn yr arolwg hwn.",
        4: "Mae 4 cwestiwn yn yr arolwg hwn.",
        6: "Mae 6 chwestiwn yn yr arolwg hwn.",
        11: "Mae 11 cwestiwn yn yr arolwg hwn.",
    }


class _Text(HTMLParser):
    """The text a person reads or hears: text nodes outside scripts, and the attributes read out."""

    SPOKEN = {"alt", "aria-label", "title", "placeholder"}

    def __init__(self):
        super().__init__()
        self.pieces: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in self.SPOKEN and value:
                self.pieces.append(value)
            if tag == "input" and name == "value" and dict(attrs).get("type") == "submit":
                self.pieces.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.pieces.append(data)


def _welsh_translations() -> list[str]:
    po = polib.pofile(str(WELSH_PO))
    return [text for entry in po.translated_entries() for text in [entry.msgstr, *entry.msgstr_plural.values()] if text]


def _is_welsh(part: str, translations: list[str]) -> bool:
    """Part of a translation, or a whole one with its placeholders filled in."""
    for text in translations:
        pieces = re.split(r"%\([a-z_]+\)s", text)
        if any(part in piece for piece in pieces):
            return True
        pattern = ".+?".join(re.escape(piece.strip(" .,:·")) for piece in pieces)
        if len(pieces) > 1 and re.fullmatch(pattern, part):
            return True
    return False


def assert_all_welsh(html: str, data: list[str], where: str):
    translations = _welsh_translations()
    parser = _Text()
    parser.feed(html)
    english = []
    for piece in parser.pieces:
        text = " ".join(piece.split())
        for value in sorted(data, key=len, reverse=True):
            text = text.replace(value, " ")
        for part in (p.strip(" .,:·") for p in re.split(r"\s{2,}", text)):
            if re.search(r"[A-Za-z]{2,}", part) and part not in SAME_IN_BOTH:
                words = part.split(" ")
                halves = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
                if not _is_welsh(part, translations) and not any(
                    _is_welsh(a, translations) and _is_welsh(b, translations) for a, b in halves
                ):  # one translation, or two side by side ("Gwall:" and a title)
                    english.append(part)
    assert not english, f"{where}: text not translated into Welsh: {english}"


@pytest.fixture
def welsh(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def test_the_public_pages_are_all_in_welsh(welsh):
    summit = SummitFactory(title="Uwchgynhadledd Caerdydd")
    survey = survey_ensure(summit=summit)
    holder = TicketHolderFactory(summit=summit)
    _, token = invitation_with_link(survey=survey, holder=holder)
    data = [summit.title, "Behind the Badge"]
    welsh.get(reverse("feedback:survey_answer", kwargs={"token": token}))
    form_url = reverse("feedback:survey_link_form")
    pages = {
        "survey": welsh.get(form_url),
        "survey with an error": welsh.post(form_url, {"recommend": "Yes"}),
        "survey on the day": welsh.get(reverse("feedback:survey_open", kwargs={"token": survey.open_token})),
        "mistyped link": welsh.get(reverse("feedback:survey_answer", kwargs={"token": "nope"}), follow=True),
        "thanks": welsh.get(reverse("feedback:survey_thanks")),
        "interest": welsh.get(reverse("feedback:interest")),
        "interest with errors": welsh.post(reverse("feedback:interest"), {"phone": "x"}),
        "interest thanks": welsh.get(reverse("feedback:interest_thanks")),
        "opt-out without its link": welsh.get(reverse("feedback:opt_out_form")),
        "accessibility statement": welsh.get(reverse("accessibility")),
    }
    expired_token, hashed = new_token()
    DebriefFactory(token_hash=hashed, token_expires_at=timezone.now() - timedelta(days=1))
    pages["expired debrief"] = welsh.get(reverse("feedback:debrief_answer", kwargs={"token": expired_token}))
    pages["unknown debrief"] = welsh.get(reverse("feedback:debrief_answer", kwargs={"token": "nope"}))
    open_token, hashed = new_token()
    debrief = DebriefFactory(token_hash=hashed, token_expires_at=timezone.now() + timedelta(days=1))
    welsh.get(reverse("feedback:debrief_answer", kwargs={"token": open_token}))
    pages["debrief"] = welsh.get(reverse("feedback:debrief_form"))
    for where, response in pages.items():
        html = response.content.decode()
        assert '<html lang="cy"' in html, where
        names = [debrief.influencer.name, debrief.influencer.known_as, str(debrief.about)]
        assert_all_welsh(html, data + [n for n in names if n], where)
    assert "Sut oedd Uwchgynhadledd Caerdydd?" in pages["survey"].content.decode()
    assert pages["mistyped link"].status_code == 404


@pytest.mark.django_db
def test_the_survey_invitation_is_in_welsh_for_a_welsh_only_summit():
    summit = SummitFactory(title="Uwchgynhadledd Abertawe")
    context = {
        "summit": summit,
        "survey_url": "https://example.org/s/x/",
        "opt_out_url": "https://example.org/unsubscribe/x/",
        "reminder": False,
        "first_name": "Megan",
        "languages": ["cy"],
    }
    message = templated_mail(to=["a@example.org"], template_prefix="feedback/email/survey_invitation", context=context)
    html = message.alternatives[0][0]
    assert message.subject == "Sut oedd Uwchgynhadledd Abertawe? Dau funud i ddweud wrthym"
    assert message.body.startswith("Helo Megan,")
    assert_all_welsh(html, [summit.title, "Megan", "Behind the Badge"], "invitation")
