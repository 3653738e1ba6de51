import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from btb.accounts.models import AuditEvent
from events.models import TicketColumnMapping, TicketImport, TicketImportStatus
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.events.tickets.helpers import EVENTBRITE_SAMPLE, OTHER_COLUMNS, OTHER_SAMPLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit():
    return SummitFactory()


def url(name, summit, **kwargs):
    return reverse(f"events:{name}", kwargs={"slug": summit.slug, **kwargs})


def test_upload_preview_confirm_imports_eventbrite(client, coordinator, summit):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("attendees.csv", EVENTBRITE_SAMPLE.read_bytes(), content_type="text/csv")
    response = client.post(url("ticket_upload", summit), {"file": upload})
    ticket_import = TicketImport.objects.get()
    assert response.status_code == 302 and response["Location"] == url("ticket_import", summit, pk=ticket_import.pk)
    page = client.get(response["Location"]).content.decode()
    assert "40</strong> rows will be imported" in page and "Samira Okoye" in page
    assert summit.ticket_holders.count() == 0  # nothing written by the preview
    client.post(url("ticket_import_confirm", summit, pk=ticket_import.pk))
    assert summit.ticket_holders.count() == 40
    page = client.get(url("ticket_import", summit, pk=ticket_import.pk)).content.decode()
    assert "40 created, 0 updated, 0 rejected" in page


def test_upload_of_an_unreadable_file_shows_why_next_to_the_field(client, coordinator, summit):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("attendees.xlsx", b"not a workbook", content_type="application/octet-stream")
    response = client.post(url("ticket_upload", summit), {"file": upload})
    assert response.status_code == 200
    assert "is named .xlsx but is not an Excel workbook" in response.content.decode()
    assert TicketImport.objects.count() == 0


def test_other_platform_is_mapped_once_and_the_mapping_reused(client, coordinator, summit):
    client.force_login(coordinator)
    client.post(url("ticket_upload", summit), {"file": SimpleUploadedFile("s.csv", OTHER_SAMPLE.read_bytes())})
    ticket_import = TicketImport.objects.get()
    page = client.get(url("ticket_import", summit, pk=ticket_import.pk)).content.decode()
    assert "no saved mapping fits it" in page
    response = client.post(url("ticket_import", summit, pk=ticket_import.pk), {**OTHER_COLUMNS, "save_as": "Shoobs"})
    assert response.status_code == 302
    assert TicketColumnMapping.objects.get().columns == OTHER_COLUMNS
    client.post(url("ticket_upload", summit), {"file": SimpleUploadedFile("s2.csv", OTHER_SAMPLE.read_bytes())})
    second = TicketImport.objects.order_by("-pk").first()
    assert "5</strong> rows will be imported" in client.get(url("ticket_import", summit, pk=second.pk)).content.decode()


def test_mapping_without_a_name_column_is_refused(client, coordinator, summit):
    client.force_login(coordinator)
    client.post(url("ticket_upload", summit), {"file": SimpleUploadedFile("s.csv", OTHER_SAMPLE.read_bytes())})
    ticket_import = TicketImport.objects.get()
    response = client.post(url("ticket_import", summit, pk=ticket_import.pk), {"email": "Guest Email"})
    assert response.status_code == 200 and "Choose a name column." in response.content.decode()


def test_progress_partial_polls_until_finished(client, coordinator, summit):
    client.force_login(coordinator)
    ticket_import = TicketImport.objects.create(
        summit=summit, filename="a.csv", data=b"", total_rows=100, status=TicketImportStatus.RUNNING
    )
    response = client.get(url("ticket_import_progress", summit, pk=ticket_import.pk))
    assert 'hx-trigger="every 1s"' in response.content.decode() and "HX-Refresh" not in response
    ticket_import.status = TicketImportStatus.DONE
    ticket_import.save()
    response = client.get(url("ticket_import_progress", summit, pk=ticket_import.pk))
    assert response["HX-Refresh"] == "true" and "hx-trigger" not in response.content.decode()


def test_import_of_another_summit_is_404(client, coordinator, summit):
    client.force_login(coordinator)
    other = TicketImport.objects.create(summit=SummitFactory(), filename="a.csv", data=b"")
    assert client.get(url("ticket_import", summit, pk=other.pk)).status_code == 404


def test_door_list_searches_and_checks_in(client, coordinator, summit):
    client.force_login(coordinator)
    amara = TicketHolderFactory(summit=summit, name="Amara Mensah")
    TicketHolderFactory(summit=summit, name="Kwame Ali")
    page = client.get(url("ticket_list", summit), {"q": "amara"}).content.decode()
    assert "Amara Mensah" in page and "Kwame Ali" not in page
    response = client.post(url("ticket_check_in", summit, pk=amara.pk), {"checked_in": "1", "return_query": "q=amara"})
    assert response["Location"] == url("ticket_list", summit) + "?q=amara"
    amara.refresh_from_db()
    assert amara.checked_in is True
    client.get(url("ticket_list", summit))  # shows the success message once
    page = client.get(url("ticket_list", summit), {"status": "out"}).content.decode()
    assert "Kwame Ali" in page and "Amara Mensah" not in page
    assert AuditEvent.objects.filter(action="tickets.door_list_viewed").count() == 3


def test_check_in_of_another_summits_ticket_is_404(client, coordinator, summit):
    client.force_login(coordinator)
    stranger = TicketHolderFactory()
    assert client.post(url("ticket_check_in", summit, pk=stranger.pk)).status_code == 404


@pytest.mark.parametrize("rows", [1, 20])
def test_door_list_query_count(client, coordinator, summit, rows, django_assert_max_num_queries):
    client.force_login(coordinator)
    TicketHolderFactory.create_batch(rows, summit=summit)
    with django_assert_max_num_queries(12):
        response = client.get(url("ticket_list", summit))
    assert response.status_code == 200


def test_summit_page_shows_ticket_counts(client, coordinator, summit):
    client.force_login(coordinator)
    TicketHolderFactory(summit=summit, checked_in=True)
    TicketHolderFactory(summit=summit, email="")
    page = client.get(summit.get_absolute_url()).content.decode()
    assert 'href="' + url("ticket_list", summit) + '"' in page


@pytest.mark.parametrize("data", [{}, {"checked_in": "yes"}])
def test_check_in_without_a_known_choice_is_a_400_and_changes_nothing(client, coordinator, summit, data):
    client.force_login(coordinator)
    holder = TicketHolderFactory(summit=summit, checked_in=True)
    response = client.post(url("ticket_check_in", summit, pk=holder.pk), data)
    assert response.status_code == 400 and "use the button on the door list" in response.content.decode()
    holder.refresh_from_db()
    assert holder.checked_in is True
