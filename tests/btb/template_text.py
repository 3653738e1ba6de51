"""Finds the text in a template that a person would read or hear but that no translation tag covers.

The template is lexed as Django does; every tag and variable becomes a neutral mark, and what a ``translate`` or
``blocktranslate`` tag holds is dropped. What is left is read as HTML: its text nodes (outside ``script`` and
``style``) and the attributes that are shown or read out must then carry no words. Plain-text templates (e-mail
bodies) have no markup, so every word left in them is untranslated.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

MARK = "\u2063"  # an invisible separator: no letters, so it never counts as text
SPOKEN = {"alt", "aria-label", "title", "placeholder", "aria-description", "aria-roledescription", "label"}
WORD = re.compile(r"[^\W\d_]{2,}")
# Text that is the same in every language: the programme's name, and marks that are not words.
SAME_IN_EVERY_LANGUAGE = {"Behind the Badge"}


def _without_translated(source: str) -> str:
    out: list[str] = []
    depth = 0  # inside blocktranslate / comment
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split(" ", 1)[0]
            if name in ("blocktranslate", "blocktrans", "comment"):
                depth += 1
            elif name in ("endblocktranslate", "endblocktrans", "endcomment"):
                depth -= 1
            out.append(MARK)
        elif token.token_type == TokenType.TEXT and not depth:
            out.append(token.contents)
        elif token.token_type != TokenType.COMMENT:
            out.append(MARK)
    return "".join(out)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[int, str]] = []
        self._skip = 0
        self._other_language: list[str] = []  # open elements that state a language of their own

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        # Text in a stated language, such as the language switch's "Cymraeg"; a ``lang`` the template fills in
        # (``<html lang="{{ LANGUAGE_CODE }}">``) is the page's own language, so its text is checked.
        if named.get("lang") and MARK not in named["lang"]:
            self._other_language.append(tag)
        elif not self._other_language:
            for name, value in attrs:
                shown = name in SPOKEN or (
                    tag == "input" and name == "value" and named.get("type") in ("submit", "button")
                )
                if value and shown:
                    self.pieces.append((self.getpos()[0], value))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        if self._other_language and self._other_language[-1] == tag:
            self._other_language.pop()

    def handle_data(self, data):
        if not self._skip and not self._other_language:
            self.pieces.append((self.getpos()[0], data))


def _words(text: str) -> str:
    for same in SAME_IN_EVERY_LANGUAGE:
        text = text.replace(same, MARK)
    return " ".join(text.split()) if WORD.search(text) else ""


def untranslated(path: Path) -> list[str]:
    """Each piece of untranslated text in the template, as "line: text"."""
    text = _without_translated(path.read_text(encoding="utf-8"))
    if path.suffix == ".txt":
        pieces = [(number, line) for number, line in enumerate(text.splitlines(), start=1)]
    else:
        parser = _Text()
        parser.feed(text)
        parser.close()
        pieces = parser.pieces
    found = []
    for line, piece in pieces:
        words = _words(piece)
        if words:
            found.append(f"{line}: {words.replace(MARK, '…')}")
    return found
