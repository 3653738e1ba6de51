"""Compile the translation catalogues (locale/<language>/LC_MESSAGES/django.po) to the .mo files Django reads.

With polib, a pinned pure-Python package, rather than GNU gettext's msgfmt, which a machine may not have. The .mo
files are committed; tests/btb/test_translation.py fails when one no longer matches its .po, so a translation
edited without running this command (or ``makemessages`` without a translation) cannot slip through."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogues() -> list[Path]:
    return sorted(path for folder in settings.LOCALE_PATHS for path in Path(folder).glob("*/LC_MESSAGES/django.po"))


def compiled(po_path: Path) -> bytes:
    return polib.pofile(str(po_path)).to_binary()


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/django.po to its django.mo."

    def handle(self, *args, **options):
        for po_path in catalogues():
            po_path.with_suffix(".mo").write_bytes(compiled(po_path))
            self.stdout.write(f"{po_path.with_suffix('.mo')}")
