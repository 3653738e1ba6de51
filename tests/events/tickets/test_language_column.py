"""A ticket holder's preferred language from the attendee export: an optional column, guessed from its usual headers,
read in English or Welsh, any case; any other word rejects the row with its number. A blank cell keeps what is
stored, and the preview shows the change old → new."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import TicketImport
from events.tickets import services
from events.tickets.files import eventbrite_mapping, guess_mapping, parse_rows, read_table
from events.tickets.resources import TicketHolderResource
from tests.events.factories import SummitFactory
from tests.events.tickets.helpers import EB_HEADER

pytestmark = pytest.mark.django_db

OTHER = (
    "Booking,Guest,Guest Email,Iaith\n"
    "B-1,Megan Jones,megan@example.org,Cymraeg\n"
    "B-2,Amara Mensah,amara@example.org,english\n"
    "B-3,Rhys Evans,rhys@example.org,CY\n"
    "B-4,Sam Lee,sam@example.org,\n"
    "B-5,Jo Diaz,jo@example.org,Español\n"
    "B-6,Aled Hughes,aled@example.org,Welsh\n"
)


@pytest.mark.parametrize("header", ["Language", "Preferred language", "Iaith", "preferred_language"])
def test_the_language_column_is_guessed_from_its_usual_headers(header):
    headers = ["Booking", "Guest", "Guest Email", header]
    assert guess_mapping(headers).columns["language"] == header


def test_an_eventbrite_export_with_a_language_question_maps_it():
    headers = [*EB_HEADER.split(","), "Preferred Language"]
    assert eventbrite_mapping(headers).columns["language"] == "Preferred Language"
    assert "language" not in eventbrite_mapping(EB_HEADER.split(",")).columns


def test_language_values_are_read_in_either_language_and_others_rejected_with_the_row():
    table = read_table(OTHER.encode(), "other.csv")
    parsed = parse_rows(table, guess_mapping(table.headers))
    assert [(row.name, row.language) for row in parsed.rows] == [
        ("Megan Jones", "cy"),
        ("Amara Mensah", "en"),
        ("Rhys Evans", "cy"),
        ("Sam Lee", ""),
        ("Aled Hughes", "cy"),
    ]
    assert [(e.row_number, e.reason) for e in parsed.errors] == [
        (6, "the preferred language is “Español”; expected English or Welsh (en, cy, Cymraeg)")
    ]


def _import(summit, text):
    table = services.ticket_table_read(data=text.encode(), filename="a.csv")
    return services.tickets_import(summit=summit, table=table, mapping=guess_mapping(table.headers))


def test_a_blank_language_cell_keeps_the_stored_one_and_a_new_one_replaces_it():
    summit = SummitFactory()
    _import(summit, OTHER)
    again = (
        "Booking,Guest,Guest Email,Language\nB-1,Megan Jones,megan@example.org,\n"
        "B-2,Amara Mensah,amara@example.org,cy\n"
    )
    outcome = _import(summit, again)
    assert (outcome.created, outcome.updated, outcome.changed) == (0, 2, 1)
    languages = dict(summit.ticket_holders.values_list("order_ref", "language"))
    assert languages == {"B-1": "cy", "B-2": "cy", "B-3": "cy", "B-4": "", "B-6": "cy"}


def test_the_preview_shows_the_language_and_its_change_old_to_new(client, coordinator):
    summit = SummitFactory()
    _import(summit, OTHER)
    client.force_login(coordinator)
    again = (
        "Booking,Guest,Guest Email,Language\nB-1,Megan Jones,megan@example.org,English\nB-9,Ann Bell,ann@example.org,\n"
    )
    client.post(
        reverse("events:ticket_upload", kwargs={"slug": summit.slug}),
        {"file": SimpleUploadedFile("again.csv", again.encode())},
    )
    ticket_import = TicketImport.objects.get()
    page_url = reverse("events:ticket_import", kwargs={"slug": summit.slug, "pk": ticket_import.pk})
    form = client.get(page_url).context["mapping_form"]
    assert form["language"].value() == "Language"
    client.post(page_url, {name: form[name].value() for name in form.fields if name != "save_as"})
    page = client.get(page_url).content.decode()
    assert 'Language: <span class="text-body-secondary">Welsh</span> → <strong>English</strong>' in page
    assert "<td>ann@example.org</td><td>—</td><td>No</td><td>Not asked</td><td>The summit's setting</td>" in page


def test_the_admin_import_reads_the_language_and_refuses_an_unknown_one():
    summit = SummitFactory()
    data = (
        "summit,identity,order_ref,attendee_ref,name,email,language\n"
        f"{summit.slug},,O-1,A-1,Ann,ann@example.org,Cymraeg\n"
    )
    result = TicketHolderResource().import_data(tablib.Dataset().load(data, "csv"))
    assert not result.has_validation_errors()
    assert summit.ticket_holders.get().language == "cy"
    bad = data.replace("Cymraeg", "Klingon")
    result = TicketHolderResource().import_data(tablib.Dataset().load(bad, "csv"))
    [row] = result.invalid_rows
    assert row.field_specific_errors == {
        "language": ["“Klingon” is not a language we write in: expected English or Welsh (en, cy, Cymraeg)."]
    }
