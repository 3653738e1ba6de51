import csv
import io
from pathlib import Path

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from influencers import services
from influencers.enums import DueDiligenceStatus
from influencers.models import FollowerSnapshot, Influencer, InfluencerSkill, PlatformAccount
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
    assert (
        'Row 2</span><br><span class="small">Add</span></td>' in page
        and 'Row 3</span><br><span class="small">Add</span></td>' in page
    )
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


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "influencers"
# django-import-export reads and writes row by row, in savepoints (the row, its lists of names, its account, the
# account's snapshot and the reach); what must not happen is a query per stored influencer, or the lists of skills
# and boroughs read again for every row.
PER_ROW_QUERIES = 32  # django-import-export saves row by row (savepoints, the row, its skills, boroughs, accounts)


@pytest.fixture
def stored(hackney):
    comedian = InfluencerSkill.objects.get_or_create(name="Comedian")[0]
    kofi = services.influencer_create(
        data={
            "name": "Kofi Asante",
            "known_as": "Kofi Laughs",
            "email": "kofi@example.org",
            "phone": "07700 900123",
            "skills": [comedian],
            "boroughs": [hackney],
        },
        accounts=[
            {
                "platform": "instagram",
                "handle": "@kofilaughs",
                "profile_url": "https://instagram.com/kofilaughs",
                "audience_size": 48_000,
            }
        ],
    )
    sammy = services.influencer_create(data={"name": "Samuel Okoro", "known_as": "Sammy O", "email": "s@example.org"})
    return kofi, sammy


def fixture_table(name, kofi, sammy):
    data = (FIXTURES / name).read_text().format(kofi=kofi.pk, sammy=sammy.pk).encode()
    return services.influencer_table_read(data=data, filename=name)


def test_reimport_with_blank_cells_keeps_every_stored_value(stored):
    kofi, sammy = stored
    report = services.influencers_import(
        table=fixture_table("directory_reimport_with_blanks.csv", kofi, sammy), dry_run=False
    )
    assert (report["problems"], report["new"], report["update"], report["same"]) == ([], 1, 2, 1)
    kofi.refresh_from_db()
    assert (kofi.name, kofi.known_as, kofi.email, kofi.phone) == (
        "Kofi Asante",
        "Kofi Laughs",
        "kofi@example.org",
        "07700 900123",
    )
    assert list(kofi.skills.values_list("name", flat=True)) == ["Comedian"]
    assert list(kofi.boroughs.values_list("name", flat=True)) == ["Hackney"]
    assert list(kofi.accounts.values_list("handle", "profile_url", "audience_size")) == [
        ("@kofilaughs", "https://instagram.com/kofilaughs", 48_000)
    ]
    assert kofi.preferred_channel == "email" and kofi.total_reach == 48_000
    sammy.refresh_from_db()
    assert (sammy.known_as, sammy.email) == ("Sammy O", "sammy.new@example.org")
    assert Influencer.objects.get(name="Amara Eze").total_reach == 1200


def test_blank_profile_link_and_audience_keep_the_stored_account(stored):
    kofi, _ = stored
    data = f"id,name,instagram_handle,instagram_url,instagram_audience\n{kofi.pk},,@kofi.new,,\n".encode()
    report = services.influencers_import(
        table=services.influencer_table_read(data=data, filename="a.csv"), dry_run=False
    )
    assert report["problems"] == []
    assert list(kofi.accounts.values_list("handle", "profile_url", "audience_size")) == [
        ("@kofi.new", "https://instagram.com/kofilaughs", 48_000)
    ]


def test_check_lists_additions_changes_old_to_new_and_kept_blanks_and_writes_nothing(stored):
    kofi, sammy = stored
    report = services.influencers_import(
        table=fixture_table("directory_reimport_with_blanks.csv", kofi, sammy), dry_run=True
    )
    by_row = {row["row"]: row for row in report["preview"]}
    assert by_row[2]["action"] == "same" and by_row[2]["changes"] == []
    assert set(by_row[2]["kept"]) >= {"name", "known_as", "email", "phone", "skills", "boroughs"}
    assert by_row[3]["action"] == "update"
    assert by_row[3]["changes"] == [{"field": "email", "old": "s@example.org", "new": "sammy.new@example.org"}]
    assert by_row[3]["kept"] == ["known_as", "preferred_channel"]
    assert (by_row[4]["action"], by_row[4]["name"], by_row[4]["changes"]) == ("new", "Amara Eze (Amara)", [])
    assert Influencer.objects.count() == 2
    assert Influencer.objects.get(pk=sammy.pk).email == "s@example.org"


def test_check_with_a_bad_row_lists_it_with_its_row_and_reason_beside_the_other_rows(stored):
    kofi, sammy = stored
    report = services.influencers_import(table=fixture_table("directory_with_a_bad_row.csv", kofi, sammy), dry_run=True)
    assert report["problems"] == [{"row": 5, "column": "email", "error": "Enter a valid email address."}]
    assert [(row["row"], row["action"]) for row in report["preview"]] == [(2, "same"), (3, "update"), (4, "new")]
    refused = services.influencers_import(
        table=fixture_table("directory_with_a_bad_row.csv", kofi, sammy), dry_run=False
    )
    assert refused["problems"] and Influencer.objects.count() == 2  # all or nothing


def test_import_page_shows_changes_and_problems_before_anything_is_written(client, coordinator, stored):
    kofi, sammy = stored
    client.force_login(coordinator)
    for name in ("directory_with_a_bad_row.csv", "directory_reimport_with_blanks.csv"):
        data = (FIXTURES / name).read_text().format(kofi=kofi.pk, sammy=sammy.pk).encode()
        response = client.post(
            reverse("influencers:influencer_import"), {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
        )
        page = response.content.decode()
        assert (
            'email: <span class="text-body-secondary">s@example.org</span> → <strong>sammy.new@example.org</strong>'
            in page
        )
        assert 'Row 4</span><br><span class="small">Add</span></td><td>Amara Eze (Amara)</td>' in page
        if name == "directory_with_a_bad_row.csv":
            assert "<tr><td>Row 5</td><td>email</td><td>Enter a valid email address.</td></tr>" in page
            assert response.context["token"] == ""
    assert "Kept (blank in the file): known_as, preferred_channel" in page and "1 row changes nothing." in page
    assert Influencer.objects.get(pk=sammy.pk).email == "s@example.org"
    client.post(reverse("influencers:influencer_import_confirm"), {"token": response.context["token"]})
    assert Influencer.objects.get(pk=sammy.pk).email == "sammy.new@example.org"
    assert Influencer.objects.get(pk=kofi.pk).email == "kofi@example.org"


HEADER_LINE = ",".join(
    ["id", "name", "known_as", "email", "phone", "preferred_channel", "skills", "boroughs"]
    + ["instagram_handle", "instagram_url", "instagram_audience"]
)


def _queries_to_check(count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = "\n".join(f",Person {n},,p{n}@example.org,,,Host,Hackney,@p{n},,{n}" for n in range(count))
    table = services.influencer_table_read(data=f"{HEADER_LINE}\n{rows}\n".encode(), filename="a.csv")
    with CaptureQueriesContext(connection) as queries:
        report = services.influencers_import(table=table, dry_run=True)
    assert report["new"] == count and not report["problems"]
    return len(queries)


def test_import_check_queries_grow_by_a_bounded_number_per_row(stored):
    one, twenty = _queries_to_check(1), _queries_to_check(20)
    assert (twenty - one) <= 19 * PER_ROW_QUERIES, (one, twenty)


def test_admin_import_preview_lists_changes_by_spreadsheet_row_and_keeps_blanks(admin_client, stored):
    kofi, sammy = stored
    data = (FIXTURES / "directory_reimport_with_blanks.csv").read_text().format(kofi=kofi.pk, sammy=sammy.pk)
    upload = SimpleUploadedFile("d.csv", data.encode(), content_type="text/csv")
    response = admin_client.post(
        reverse("admin:influencers_influencer_import"), {"import_file": upload, "format": "0", "resource": "0"}
    )
    page = response.content.decode()
    assert "<td>Row 3</td>" in page and "email: s@example.org → <strong>sammy.new@example.org</strong>" in page
    assert "Kept (blank in the file): known_as, preferred_channel" in page
    assert Influencer.objects.get(pk=sammy.pk).email == "s@example.org"
    confirm = response.context["confirm_form"]
    admin_client.post(reverse("admin:influencers_influencer_process_import"), confirm.initial)
    kofi.refresh_from_db()
    sammy.refresh_from_db()
    assert (kofi.name, kofi.email, sammy.known_as, sammy.email) == (
        "Kofi Asante",
        "kofi@example.org",
        "Sammy O",
        "sammy.new@example.org",
    )
