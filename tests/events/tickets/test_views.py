import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from btb.accounts.models import AuditEvent
from events.models import TicketColumnMapping, TicketImport, TicketImportStatus
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.events.tickets.helpers import (
    EVENTBRITE_SAMPLE,
    OTHER_COLUMNS,
    OTHER_SAMPLE,
    REEXPORT_WITH_BLANKS,
    USUAL_HEADERS_SAMPLE,
)

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
    response = client.get(response["Location"])
    assert response.context["preview"]["counts"]["create"] == 40
    page = response.content.decode()
    assert "<strong>40</strong> new ticket holders" in page and "Samira Okoye" in page
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
    page = client.get(url("ticket_import", summit, pk=second.pk)).content.decode()
    assert "<strong>5</strong> new ticket holders" in page


def test_reimport_preview_shows_changes_and_rejections_then_keeps_stored_values(client, coordinator, summit):
    client.force_login(coordinator)
    for name, sample in [("first.csv", EVENTBRITE_SAMPLE), ("again.csv", REEXPORT_WITH_BLANKS)]:
        client.post(url("ticket_upload", summit), {"file": SimpleUploadedFile(name, sample.read_bytes())})
        ticket_import = TicketImport.objects.order_by("-pk").first()
        page = client.get(url("ticket_import", summit, pk=ticket_import.pk)).content.decode()
        client.post(url("ticket_import_confirm", summit, pk=ticket_import.pk))
        if name == "first.csv":
            assert "<strong>40</strong> new ticket holders" in page
    assert "<strong>1</strong> new ticket holder</li>" in page
    assert "<strong>1</strong> stored ticket holder changed" in page and "<strong>4</strong> already up to date" in page
    assert 'Ticket type: <span class="text-body-secondary">Youth (16-24)</span> → <strong>VIP</strong>' in page
    assert "<td>7</td><td>“not-an-address” is not a valid e-mail address</td>" in page
    assert "<td>8</td><td>The ticket is no longer valid (status “Refunded”)</td>" in page
    assert "in 2 rows the file leaves a stored name, e-mail address or other field blank" in page
    assert "Import: 1 new, 1 changed" in page
    samira = summit.ticket_holders.get(attendee_ref="1500000001")
    assert (samira.name, samira.email) == ("Samira Okoye", "samira.okoye1@example.org")
    assert summit.ticket_holders.get(attendee_ref="1500000002").email == "daniel.adeyemi2@example.org"
    outcome = client.get(url("ticket_import", summit, pk=ticket_import.pk)).content.decode()
    assert "1 created, 5 updated, 2 rejected" in outcome and "Row 7: “not-an-address”" in outcome


def test_preview_of_an_unchanged_file_offers_nothing_to_import(client, coordinator, summit):
    client.force_login(coordinator)
    for name in ("first.csv", "same.csv"):
        client.post(url("ticket_upload", summit), {"file": SimpleUploadedFile(name, EVENTBRITE_SAMPLE.read_bytes())})
        ticket_import = TicketImport.objects.order_by("-pk").first()
        page = client.get(url("ticket_import", summit, pk=ticket_import.pk)).content.decode()
        if name == "first.csv":
            client.post(url("ticket_import_confirm", summit, pk=ticket_import.pk))
    assert "<strong>40</strong> already up to date" in page and "There is nothing to import" in page
    assert url("ticket_import_confirm", summit, pk=ticket_import.pk) not in page


def test_mapping_screen_shows_samples_guesses_headers_and_a_visible_button(client, coordinator, summit):
    client.force_login(coordinator)
    client.post(url("ticket_upload", summit), {"file": SimpleUploadedFile("u.csv", USUAL_HEADERS_SAMPLE.read_bytes())})
    ticket_import = TicketImport.objects.get()
    response = client.get(url("ticket_import", summit, pk=ticket_import.pk))
    assert response.context["preview"] is None  # nothing is imported on a guess: the coordinator confirms it
    form = response.context["mapping_form"]
    assert {name: form[name].value() for name in ("email", "first_name", "last_name", "order_ref")} == {
        "email": "Buyer Email",
        "first_name": "First Name",
        "last_name": "Surname",
        "order_ref": "Order #",
    }
    page = response.content.decode()
    assert '<option value="Buyer Email" selected>Buyer Email</option>' in page
    assert (
        '<th scope="row" class="fw-normal">Buyer Email</th><td><span class="btb-sample">grace.mensah@example.org'
        '</span>, <span class="btb-sample">joel.adeyemi@example.org</span>'
    ) in page
    button = page.split('value="Use these columns"')[1].split(">")[0]  # the rest of the submit input
    assert 'class="btn btn-primary"' in button and "outline" not in button
    response = client.post(
        url("ticket_import", summit, pk=ticket_import.pk),
        {**form.initial, **{name: form[name].value() for name in form.fields if name != "save_as"}},
    )
    assert response.status_code == 302
    preview = client.get(url("ticket_import", summit, pk=ticket_import.pk)).context["preview"]
    assert preview["counts"]["create"] == 4 and preview["created"][0].values["name"] == "Grace Mensah"


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
    TicketHolderFactory(summit=summit)
    page = client.get(summit.get_absolute_url()).content.decode()
    assert 'href="' + url("ticket_list", summit) + '"' in page
    stat = r'<div class="btb-stat">(\d+)</div><div class="small">([^<]+)</div>'
    stats = {label: int(value) for value, label in re.findall(stat, page)}
    # The section's tickets and check-ins are the outcome's, the figures the outcome card and the reports show.
    assert stats["tickets"] == 3 and stats["with an e-mail address"] == 2 and stats["checked in"] == 1


@pytest.mark.parametrize("data", [{}, {"checked_in": "yes"}])
def test_check_in_without_a_known_choice_is_a_400_and_changes_nothing(client, coordinator, summit, data):
    client.force_login(coordinator)
    holder = TicketHolderFactory(summit=summit, checked_in=True)
    response = client.post(url("ticket_check_in", summit, pk=holder.pk), data)
    assert response.status_code == 400 and "use the button on the door list" in response.content.decode()
    holder.refresh_from_db()
    assert holder.checked_in is True
