"""The influencer import has the ticket import's limits (rows, unpacked size and compression ratio, through the
same reader in btb.spreadsheets), and a large file is checked and imported in the background with progress."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from influencers.enums import ImportStatus
from influencers.models import Influencer, InfluencerImport

pytestmark = pytest.mark.django_db

HEADER = "name,known_as,email,instagram_handle,instagram_audience\n"


def csv_file(rows: int, start: int = 0) -> bytes:
    lines = [f"Person {n},P{n},p{n}@example.org,@p{n},{1000 + n}\n" for n in range(start, start + rows)]
    return (HEADER + "".join(lines)).encode()


def xlsx_that_unpacks_to(megabytes: int) -> bytes:
    """A workbook of one repeated row: a small file that unpacks to far more than it weighs."""
    row = '<row><c t="inlineStr"><is><t>Someone</t></is></c></row>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            member.write(b'<worksheet><sheetData><row><c t="inlineStr"><is><t>name</t></is></c></row>')
            chunk = (row * 1000).encode()
            for _ in range(megabytes * 1024 * 1024 // len(chunk)):
                member.write(chunk)
            member.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def upload(client, name, content):
    return client.post(reverse("influencers:influencer_import"), {"file": SimpleUploadedFile(name, content)})


def test_a_small_xlsx_that_unpacks_to_tens_of_megabytes_is_refused_at_once(client, coordinator):
    client.force_login(coordinator)
    bomb = xlsx_that_unpacks_to(40)
    assert len(bomb) < 400 * 1024
    started = time.monotonic()
    response = upload(client, "directory.xlsx", bomb)
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "unpacks to far more data than" in response.content.decode()
    assert not Influencer.objects.exists() and not InfluencerImport.objects.exists()


def test_a_file_over_the_row_limit_is_refused(client, coordinator, settings):
    settings.INFLUENCER_IMPORT_MAX_ROWS = 50
    client.force_login(coordinator)
    response = upload(client, "directory.csv", csv_file(51))
    assert response.status_code == 200
    assert "more than 50 rows" in response.content.decode()
    assert not Influencer.objects.exists() and not InfluencerImport.objects.exists()


def test_the_ticket_import_and_the_influencer_import_share_one_reader():
    from btb import spreadsheets
    from influencers import services

    assert services.read_table is spreadsheets.read_table


def test_a_large_file_is_checked_and_imported_in_the_background_with_progress(
    client, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.INFLUENCER_IMPORT_BACKGROUND_ROWS = 20
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = upload(client, "directory.csv", csv_file(45))
    assert len(queued) == 1  # the check is a task, not work done in the request
    influencer_import = InfluencerImport.objects.get()
    detail = reverse("influencers:influencer_import_detail", kwargs={"pk": influencer_import.pk})
    assert response.status_code == 302 and response["Location"] == detail
    influencer_import.refresh_from_db()
    assert influencer_import.status == ImportStatus.CHECKED and influencer_import.total_rows == 45
    page = client.get(detail).content.decode()
    assert "45 new" in page and "Confirm import" in page
    assert not Influencer.objects.exists()

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(reverse("influencers:influencer_import_run", kwargs={"pk": influencer_import.pk}))
    assert len(queued) == 1 and response["Location"] == detail
    influencer_import.refresh_from_db()
    assert influencer_import.status == ImportStatus.DONE and influencer_import.data == b""
    assert Influencer.objects.count() == 45
    assert "Imported 45 new influencers" in client.get(detail).content.decode()
    # A second confirmation imports nothing twice.
    client.post(reverse("influencers:influencer_import_run", kwargs={"pk": influencer_import.pk}))
    assert Influencer.objects.count() == 45


def test_the_progress_partial_polls_until_the_work_is_done(client, coordinator):
    client.force_login(coordinator)
    influencer_import = InfluencerImport.objects.create(
        filename="d.csv", data=b"", total_rows=100, status=ImportStatus.IMPORTING, created_by=coordinator
    )
    url = reverse("influencers:influencer_import_progress", kwargs={"pk": influencer_import.pk})
    response = client.get(url)
    assert 'hx-trigger="every 1s"' in response.content.decode() and "HX-Refresh" not in response
    assert "of 100 rows" in response.content.decode()
    influencer_import.status = ImportStatus.DONE
    influencer_import.save()
    response = client.get(url)
    assert response["HX-Refresh"] == "true" and "hx-trigger" not in response.content.decode()


def test_a_large_file_with_a_bad_row_reports_it_by_spreadsheet_row_and_imports_nothing(
    client, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.INFLUENCER_IMPORT_BACKGROUND_ROWS = 20
    client.force_login(coordinator)
    content = csv_file(30).decode().splitlines(keepends=True)
    content[27] = "Person bad,PB,not-an-email,@pb,12\n"  # spreadsheet row 28
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "directory.csv", "".join(content).encode())
    influencer_import = InfluencerImport.objects.get()
    page = client.get(reverse("influencers:influencer_import_detail", kwargs={"pk": influencer_import.pk}))
    text = page.content.decode()
    assert "Row 28" in text and "Enter a valid email address." in text and "Confirm import" not in text
    assert client.post(reverse("influencers:influencer_import_run", kwargs={"pk": influencer_import.pk})).status_code
    assert not Influencer.objects.exists()


def test_another_coordinators_import_is_404(client, coordinator):
    from tests.factories import CoordinatorFactory

    other = InfluencerImport.objects.create(filename="d.csv", data=b"", created_by=CoordinatorFactory())
    client.force_login(coordinator)
    assert client.get(reverse("influencers:influencer_import_detail", kwargs={"pk": other.pk})).status_code == 404


@pytest.mark.parametrize(
    "rows,message", [(None, "unpacks to far more data"), (25, "Import page, which works in the background")]
)
def test_the_admin_import_has_the_same_limits(admin_client, settings, rows, message):
    settings.INFLUENCER_IMPORT_BACKGROUND_ROWS = 20
    name, content = ("d.xlsx", xlsx_that_unpacks_to(40)) if rows is None else ("d.csv", csv_file(rows))
    response = admin_client.post(
        reverse("admin:influencers_influencer_import"),
        {"import_file": SimpleUploadedFile(name, content), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Influencer.objects.exists()
