import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_and_other_headers(client):
    response = client.get(reverse("accounts:login"))
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


STRICT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


@pytest.mark.django_db
def test_the_policy_is_exactly_the_strict_one_on_pages_and_error_pages(client):
    assert _policy(client.get(reverse("accounts:login"))) == STRICT_POLICY
    assert _policy(client.get("/no-such-page/")) == STRICT_POLICY
    assert "Content-Security-Policy-Report-Only" not in client.get(reverse("accounts:login"))


@pytest.mark.django_db
def test_the_header_lists_the_directives_in_the_settings_order(client):
    header = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    assert [part.split(" ")[0] for part in header.split("; ")] == list(STRICT_POLICY)


@pytest.mark.django_db
def test_admin_policy_differs_only_by_inline_styles(admin_client):
    assert _policy(admin_client.get(reverse("admin:index"))) == {**STRICT_POLICY, "style-src": "'self' 'unsafe-inline'"}


@pytest.mark.django_db
def test_admin_allows_inline_styles_but_never_inline_scripts(admin_client):
    policy = admin_client.get(reverse("admin:index"))["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self';" in policy


def _page_templates():
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "email" in path.parts:
            continue  # e-mail clients need inline styles; e-mails are not served under the CSP
        yield path


def test_no_template_has_inline_script_or_style():
    offenders = []
    for path in _page_templates():
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|<style[\s>]|\son[a-z]+=\"", text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0).strip()}")
    assert offenders == []
