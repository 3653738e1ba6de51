"""A corpus of hostile files against every upload: ticket import, influencer import, metric CSV, livestream
comments, risk document and profile photo. Never a 500, never a write, always a message on the page."""

import functools
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests import test_access_matrix
from tests.test_access_writes import snapshot

_matrix_data = test_access_matrix._matrix_data  # built once per module
matrix_context = test_access_matrix.matrix_context

# What an upload may legitimately add: a staged preview of an import (nothing imported until confirmed), the
# audit trail, and sessions.
STAGING = {"events_ticketimport", "accounts_auditevent", "django_session"}

HEADERS = "Order #,Ticket #,First Name,Last Name,Email,Name,date,views,comment"


@functools.lru_cache
def zip_bomb(member_names=("xl/worksheets/sheet1.xml", "[Content_Types].xml")) -> bytes:
    """A small archive that unpacks to 500 MB of zeros, dressed as an Office file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in member_names[1:]:
            archive.writestr(name, "<Types/>")
        with archive.open(member_names[0], "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(500):
                member.write(chunk)
    return buffer.getvalue()


def text_corpus(limit: int) -> dict[str, tuple[str, bytes]]:
    bomb = zip_bomb()
    return {
        "binary": ("attendees.csv", bytes(range(256)) * 64),
        "zero bytes": ("attendees.csv", b""),
        "header only": ("attendees.csv", (HEADERS + "\n").encode()),
        "wrong encoding": (
            "attendees.csv",
            (HEADERS + "\n1,2,Zoë,Ñúñez,z@example.org,Zoë,2026-01-01,1,é\n").encode("utf-16"),
        ),
        "10,000 columns": (
            "attendees.csv",
            (",".join(f"c{n}" for n in range(10_000)) + "\n" + "x," * 9_999 + "x\n").encode(),
        ),
        "over the size limit": (
            "attendees.csv",
            (HEADERS + "\n").encode() + b"1,2,A,B,a@example.org,A B,2026-01-01,1,x\n" * (limit // 40 + 1),
        ),
        "formula cells": (
            "attendees.csv",
            (HEADERS + '\n=1+1,+2,=HYPERLINK("http://evil"),@SUM(A1),=cmd|x,-2,2026-01-01,=1,=2\n').encode(),
        ),
        "script in names": (
            "attendees.csv",
            (
                HEADERS
                + "\n1,2,<script>alert(1)</script>,<img src=x onerror=alert(1)>,s@example.org,"
                + "<script>alert(2)</script>,2026-01-01,1,<script>alert(3)</script>\n"
            ).encode(),
        ),
        "duplicate headers": (
            "attendees.csv",
            b"Email,Email,Name,Name,date,date,comment,comment\na@example.org,b@example.org,A,B,2026-01-01,2026-01-02,x,y\n",
        ),
        "zip bomb as xlsx": ("attendees.xlsx", bomb),
        "not a workbook named xlsx": ("attendees.xlsx", b"<html><script>alert(1)</script></html>"),
    }


def document_corpus(limit: int) -> dict[str, tuple[str, bytes]]:
    return {
        "binary": ("risk.pdf", bytes(range(256)) * 64),
        "zero bytes": ("risk.pdf", b""),
        "html named pdf": ("risk.pdf", b"<html><script>alert(1)</script></html>"),
        "script named docx": ("<script>alert(1)</script>.docx", b"#!/bin/sh\nrm -rf /\n"),
        "zip bomb as docx": ("risk.docx", zip_bomb(("word/document.xml", "[Content_Types].xml"))),
        "over the size limit": ("risk.pdf", b"%PDF-1.4\n" + b"0" * (limit + 1)),
    }


def photo_corpus(limit: int) -> dict[str, tuple[str, bytes]]:
    from PIL import Image

    huge = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(huge, "PNG")  # a pixel bomb: small file, 900 megapixels
    return {
        "binary": ("me.jpg", bytes(range(256)) * 64),
        "zero bytes": ("me.jpg", b""),
        "html named jpg": ("me.jpg", b"<html><script>alert(1)</script></html>"),
        "svg with script": ("me.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        "zip bomb as jpg": ("me.jpg", zip_bomb()),
        "pixel bomb": ("me.png", huge.getvalue()),
        "over the size limit": ("me.jpg", b"\xff\xd8\xff\xe0" + b"0" * (limit + 1)),
    }


def _endpoints():
    from django.conf import settings

    from events.services.planning import risk_document_max_bytes
    from events.tickets.files import MAX_FILE_BYTES

    return {
        "ticket import": (
            "coordinator",
            "events:ticket_upload",
            lambda c: {"slug": c["ticket_summit"].slug},
            "file",
            {},
            text_corpus(MAX_FILE_BYTES),
        ),
        "influencer import": (
            "coordinator",
            "influencers:influencer_import",
            lambda c: {},
            "file",
            {},
            text_corpus(2 * 1024 * 1024),
        ),
        "metric csv": (
            "coordinator",
            "media_appearances:metric_import",
            lambda c: {"pk": c["appearance"].pk},
            "file",
            {},
            text_corpus(1024 * 1024),
        ),
        "livestream comments": (
            "coordinator",
            "media_appearances:comment_add",
            lambda c: {"pk": c["appearance"].pk},
            "file",
            {"text": ""},
            text_corpus(2 * 1024 * 1024),
        ),
        "risk document": (
            "coordinator",
            "events:risk_submit",
            lambda c: {"slug": c["summit"].slug},
            "document",
            {},
            document_corpus(risk_document_max_bytes()),
        ),
        "photo": (
            "volunteer",
            "accounts:profile_edit",
            lambda c: {},
            "photo",
            None,
            photo_corpus(settings.PHOTO_MAX_BYTES),
        ),
    }


ENDPOINT_NAMES = ["ticket import", "influencer import", "metric csv", "livestream comments", "risk document", "photo"]
MESSAGE_MARKERS = ("invalid-feedback", "alert-danger", "alert-warning", "alert-success", "errorlist", "is-invalid")
# Files whose content is valid data, only unpleasant: they may be imported (or staged for a preview), but what
# they hold must come back escaped. A zip bomb stored as a Word document is never unpacked, only downloaded.
VALID_BUT_NASTY = {"formula cells", "script in names", "zip bomb as docx"}


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINT_NAMES)
def test_hostile_files_get_a_message_and_write_nothing(endpoint, matrix_context):
    role, url_name, kwargs, field, extra, corpus = _endpoints()[endpoint]
    client = Client(raise_request_exception=False)
    client.force_login(matrix_context["users"][role])
    url = reverse(url_name, kwargs=kwargs(matrix_context))
    problems = []
    for name, (filename, content) in corpus.items():
        before = {table: rows for table, rows in snapshot().items() if table not in STAGING}
        data = {**(extra or {}), field: SimpleUploadedFile(filename, content)}
        response = client.post(url, data, follow=True)
        after = {table: rows for table, rows in snapshot().items() if table not in STAGING}
        page = response.content.decode(errors="replace")
        if response.status_code != 200:
            problems.append(f"{name}: HTTP {response.status_code}")
        elif after != before and name not in VALID_BUT_NASTY:
            problems.append(f"{name}: wrote {[t for t in before if before[t] != after[t]]}")
        elif "<script>alert" in page or "<img src=x" in page:
            problems.append(f"{name}: markup from the file reached the page unescaped")
        elif not any(marker in page for marker in MESSAGE_MARKERS) and name not in VALID_BUT_NASTY:
            problems.append(f"{name}: no message on the page")
    assert problems == [], f"{endpoint} ({len(corpus)} files): {problems}"


def test_comment_csv_with_a_huge_field_gets_a_message():
    from btb.errors import ApplicationError
    from media_appearances.services import comment_texts_from_upload

    with pytest.raises(ApplicationError, match="malformed"):
        comment_texts_from_upload(data=b'comment\n"' + b"x" * 200_000 + b'"\n', filename="c.csv")
