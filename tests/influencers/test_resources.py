import csv
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from influencers import services
from influencers.enums import DueDiligenceStatus
from influencers.models import FollowerSnapshot, Influencer, PlatformAccount
from influencers.resources import InfluencerResource
from tests.factories import BoroughFactory
from tests.influencers.factories import InfluencerFactory

pytestmark = pytest.mark.django_db

HEADER = ["id", "name", "known_as", "email", "skills", "boroughs", "instagram_handle", "instagram_url",
          "instagram_audience", "community_radio_handle", "community_radio_audience"]  # fmt: skip


def dataset(*rows, headers=HEADER):
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(row)
    return data


GOOD = ["", "Kofi Asante", "Kofi Laughs", "kofi@example.org", "Comedian; host", "Hackney", "@kofilaughs",
        "https://instagram.com/kofilaughs", "48,000", "", ""]  # fmt: skip
RADIO = ["", "Samuel Okoro", "Sammy O", "", "Presenter", "", "", "", "", "The Sammy O Show", "9500"]


@pytest.fixture(autouse=True)
def hackney():
    return BoroughFactory(name="Hackney")


def test_import_creates_influencers_with_accounts_snapshots_and_reach():
    result = InfluencerResource().import_data(dataset(GOOD, RADIO))
    assert not result.has_errors() and not result.has_validation_errors()
    kofi = Influencer.objects.get(name="Kofi Asante")
    assert sorted(kofi.skills.values_list("name", flat=True)) == ["Comedian", "Host"]
    assert list(kofi.boroughs.values_list("name", flat=True)) == ["Hackney"]
    assert kofi.total_reach == 48_000 and kofi.due_diligence_status == DueDiligenceStatus.NOT_CHECKED
    sammy = Influencer.objects.get(name="Samuel Okoro")
    assert list(sammy.accounts.values_list("platform", "handle", "audience_size")) == [
        ("community_radio", "The Sammy O Show", 9500)
    ]
    assert FollowerSnapshot.objects.count() == 2


@pytest.mark.parametrize(
    "bad_row,column,message",
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"name": ""}, "name", "Every row needs the influencer's name."),
        ({"instagram_url": "https://tiktok.com/@kofi"}, "instagram_url", "must be on instagram.com"),
        ({"instagram_audience": "lots"}, "instagram_audience", "whole number"),
        ({"instagram_handle": ""}, "instagram_handle", "Give the Instagram handle"),
        ({"skills": "Juggler"}, "skills", "Juggler"),
        ({"id": "99999"}, "id", "No influencer has id 99999"),
        ({"instagram_audience": "99999999999999999999999"}, "instagram_audience", "up to 2,147,483,647"),
        ({"instagram_audience": "2147483648"}, "instagram_audience", "up to 2,147,483,647"),
        ({"instagram_audience": "1e400"}, "instagram_audience", "whole number"),
        ({"instagram_audience": "NaN"}, "instagram_audience", "whole number"),
        ({"id": "1e400"}, "id", "Leave the id empty"),
        ({"id": "99999999999999999999999"}, "id", "Leave the id empty"),
    ],
)
def test_import_with_a_bad_row_writes_nothing_and_reports_the_row(bad_row, column, message):
    bad = dict(zip(HEADER, GOOD, strict=True))
    bad.update({"name": "Bad Row Person"} | bad_row)
    result = InfluencerResource().import_data(dataset(RADIO, GOOD, [bad[h] for h in HEADER]))
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [3]
    errors = result.invalid_rows[0].error_dict
    assert any(message in text for text in errors[column]), errors
    assert not Influencer.objects.exists()
    assert not PlatformAccount.objects.exists() and not FollowerSnapshot.objects.exists()


def test_import_updates_by_id_without_touching_due_diligence(coordinator):
    kofi = services.influencer_create(
        data={"name": "Kofi"},
        accounts=[{"platform": "instagram", "handle": "@old", "profile_url": "", "audience_size": 10}],
    )
    services.influencer_clear(influencer=kofi, note="ok", decided_by=coordinator)
    row = dict(zip(HEADER, GOOD, strict=True)) | {"id": str(kofi.pk)}
    result = InfluencerResource().import_data(
        dataset([row[h] for h in HEADER] + ["not_suitable"], headers=HEADER + ["due_diligence"])
    )
    assert not result.has_validation_errors() and not result.has_errors()
    kofi.refresh_from_db()
    assert kofi.name == "Kofi Asante" and kofi.is_cleared
    assert list(kofi.accounts.values_list("handle", "audience_size")) == [("@kofilaughs", 48_000)]
    assert kofi.total_reach == 48_000


def test_export_escapes_cells_that_spreadsheets_would_run():
    dangerous = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    for index, value in enumerate(dangerous):
        InfluencerFactory(name=f"Person {index}", known_as=value, bio="safe text")
    exported = InfluencerResource().export(queryset=Influencer.objects.order_by("name"))
    known_as = [row[exported.headers.index("known_as")] for row in exported]
    assert known_as == ["'" + value for value in dangerous]
    assert {row[exported.headers.index("bio")] for row in exported} == {"safe text"}


def test_export_view_escapes_and_follows_filters(client, coordinator):
    InfluencerFactory(name="Formula Person", known_as="=cmd|' /C calc'!A0", due_diligence_status="cleared")
    InfluencerFactory(name="Other Person")
    client.force_login(coordinator)
    response = client.get(reverse("influencers:influencer_export"), {"status": "cleared", "format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="influencers-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["name"], row["known_as"]) for row in rows] == [("Formula Person", "'=cmd|' /C calc'!A0")]
    response = client.get(reverse("influencers:influencer_export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet["C"]]
    assert "'=cmd|' /C calc'!A0" in values


def _csv_upload(rows, headers=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile("contacts.csv", buffer.getvalue().encode(), content_type="text/csv")


def test_import_page_previews_then_confirms(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("influencers:influencer_import"), {"file": _csv_upload([GOOD, RADIO])})
    assert response.status_code == 200
    report = response.context["report"]
    assert report["problems"] == [] and report["new"] == 2
    assert [row["row"] for row in report["preview"]] == [2, 3]
    page = response.content.decode()
    assert "<tr><td>Row 2</td><td>Add</td>" in page and "<tr><td>Row 3</td><td>Add</td>" in page
    assert not Influencer.objects.exists()  # the preview writes nothing
    token = response.context["token"]
    response = client.post(reverse("influencers:influencer_import_confirm"), {"token": token}, follow=True)
    assert "Imported 2 new influencers and updated 0." in response.content.decode()
    assert Influencer.objects.count() == 2
    # A token is used once.
    client.post(reverse("influencers:influencer_import_confirm"), {"token": token})
    assert Influencer.objects.count() == 2


def test_import_page_reports_bad_rows_by_spreadsheet_row_and_offers_no_confirm(client, coordinator):
    bad = list(GOOD)
    bad[3] = "broken@"
    client.force_login(coordinator)
    response = client.post(reverse("influencers:influencer_import"), {"file": _csv_upload([RADIO, GOOD, bad])})
    report = response.context["report"]
    assert report["problems"] == [{"row": 4, "column": "email", "error": "Enter a valid email address."}]
    assert response.context["token"] == ""
    page = response.content.decode()
    assert "Row 4" in page and reverse("influencers:influencer_import_confirm") not in page
    assert not Influencer.objects.exists()


@pytest.mark.parametrize(
    "upload,message",
    [
        (SimpleUploadedFile("x.pdf", b"%PDF", content_type="application/pdf"), "Upload a CSV file"),
        (SimpleUploadedFile("x.xlsx", b"not a workbook", content_type="application/octet-stream"), "could not read"),
        (SimpleUploadedFile("x.csv", b"foo,bar\n1,2\n", content_type="text/csv"), "“name” column"),
    ],
)
def test_import_page_refuses_unusable_files_with_a_message(client, coordinator, upload, message):
    client.force_login(coordinator)
    response = client.post(reverse("influencers:influencer_import"), {"file": upload})
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]


def test_admin_import_of_a_bad_file_writes_nothing(admin_client):
    bad = list(GOOD)
    bad[3] = "broken@"
    response = admin_client.post(
        reverse("admin:influencers_influencer_import"),
        {"import_file": _csv_upload([RADIO, bad]), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    assert "broken@" in response.content.decode()
    assert not Influencer.objects.exists()
