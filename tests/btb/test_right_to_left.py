"""A right-to-left language is a line in LANGUAGES: the pages then say dir="rtl" and load Bootstrap's right-to-left
stylesheet, the same version as the left-to-right one (the browser test, tests/e2e/test_right_to_left.py, checks
the layout)."""

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders

LTR, RTL = "vendor/bootstrap/css/bootstrap.min.css", "vendor/bootstrap/css/bootstrap.rtl.min.css"


def _version(path: str) -> str:
    with open(finders.find(path), encoding="utf-8") as sheet:
        return sheet.read(200).split("Bootstrap", 1)[1].split("(", 1)[0].strip()


def test_the_right_to_left_stylesheet_is_the_same_bootstrap_version():
    version = (django_settings.BASE_DIR / "static/vendor/bootstrap/VERSION").read_text().strip()
    assert _version(LTR) == _version(RTL) == f"v{version}"


@pytest.mark.django_db
def test_a_right_to_left_language_gets_dir_rtl_and_the_rtl_stylesheet(client, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ur", "Urdu")]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    for path in ("/accounts/login/", "/interest/"):
        page = client.get(path).content.decode()
        assert '<html lang="ur" dir="rtl">' in page, path
        assert "bootstrap.rtl.min" in page and "bootstrap.min.css" not in page, path


@pytest.mark.django_db
def test_a_left_to_right_language_keeps_the_ltr_stylesheet(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'dir="ltr"' in page and "bootstrap.min" in page and "bootstrap.rtl" not in page
