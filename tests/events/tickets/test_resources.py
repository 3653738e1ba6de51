"""The admin's ticket-holder import (django-import-export): a blank cell keeps the stored value, the preview lists
changes by spreadsheet row, and a bad row is reported with its row number and writes nothing."""

from pathlib import Path

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import TicketHolder
from events.tickets.resources import TicketHolderResource
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "tickets"


@pytest.fixture
def stored():
    summit = SummitFactory()
    for ref, name, email in [("A-1", "Ada Obi", "ada@example.org"), ("A-2", "Ben Ode", "ben@example.org")]:
        TicketHolderFactory(
            summit=summit,
            identity=f"ref:ORD-1/{ref}",
            order_ref="ORD-1",
            attendee_ref=ref,
            name=name,
            email=email,
            ticket_type="Youth",
            checked_in=True,
            consent=True,
        )
    return summit


def fixture_csv(name, summit) -> str:
    return (FIXTURES / name).read_text().format(summit=summit.slug)


def test_blank_cells_keep_the_stored_values(stored):
    result = TicketHolderResource().import_data(
        tablib.Dataset().load(fixture_csv("admin_holders_with_blanks.csv", stored), "csv")
    )
    assert not result.has_errors() and not result.has_validation_errors()
    holders = {h.attendee_ref: h for h in stored.ticket_holders.all()}
    ada, ben, cat = holders["A-1"], holders["A-2"], holders["A-3"]
    assert (ada.name, ada.email, ada.ticket_type, ada.checked_in, ada.consent) == (
        "Ada Obi",
        "ada@example.org",
        "Youth",
        True,
        True,
    )
    assert (ben.email, ben.ticket_type, ben.checked_in) == ("ben.new@example.org", "Youth", True)
    assert (cat.name, cat.checked_in, cat.consent, cat.identity) == ("Cat Ray", True, True, "ref:ORD-2/A-3")


def test_rows_carry_their_changes_and_kept_blanks(stored):
    data = tablib.Dataset().load(fixture_csv("admin_holders_with_blanks.csv", stored), "csv")
    result = TicketHolderResource().import_data(data, dry_run=True)
    rows = [
        (r.spreadsheet_row, r.import_type, [(c.field, c.old, c.new) for c in r.changes], r.kept) for r in result.rows
    ]
    assert rows == [
        (2, "update", [], ["name", "email", "ticket_type", "checked_in", "consent"]),
        (3, "update", [("email", "ben@example.org", "ben.new@example.org")], ["ticket_type", "checked_in", "consent"]),
        (4, "new", [], []),
    ]
    assert TicketHolder.objects.count() == 2


def test_admin_preview_then_confirm(admin_client, stored):
    upload = SimpleUploadedFile("t.csv", fixture_csv("admin_holders_with_blanks.csv", stored).encode())
    response = admin_client.post(
        reverse("admin:events_ticketholder_import"), {"import_file": upload, "format": "0", "resource": "0"}
    )
    page = response.content.decode()
    assert "<td>Row 3</td>" in page and "email: ben@example.org → <strong>ben.new@example.org</strong>" in page
    assert "Kept (blank in the file): name, email, ticket_type, checked_in, consent" in page
    assert stored.ticket_holders.count() == 2
    admin_client.post(reverse("admin:events_ticketholder_process_import"), response.context["confirm_form"].initial)
    assert stored.ticket_holders.count() == 3
    assert stored.ticket_holders.get(attendee_ref="A-1").name == "Ada Obi"


def test_admin_import_with_a_bad_row_names_its_spreadsheet_row_and_writes_nothing(admin_client, stored):
    upload = SimpleUploadedFile("t.csv", fixture_csv("admin_holders_with_a_bad_row.csv", stored).encode())
    response = admin_client.post(
        reverse("admin:events_ticketholder_import"), {"import_file": upload, "format": "0", "resource": "0"}
    )
    page = response.content.decode()
    assert "Rejected rows: nothing will be imported" in page
    assert "<td>Row 3</td>" in page and "email: Enter a valid e-mail address." in page
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert stored.ticket_holders.count() == 2
