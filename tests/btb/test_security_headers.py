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
