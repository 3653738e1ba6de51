import io
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from btb.accounts.models import AuditEvent
from btb.errors import ApplicationError
from events.models import TicketColumnMapping, TicketHolder, TicketImport, TicketImportStatus
from events.tickets import services as services
from events.tickets.files import ColumnMapping
from events.tickets.tasks import task_recover_ticket_imports
from tests.events.factories import SummitFactory
from tests.events.tickets.helpers import (
    EB_HEADER,
    EVENTBRITE_SAMPLE,
    OTHER_COLUMNS,
    OTHER_SAMPLE,
    REEXPORT_WITH_BLANKS,
    eventbrite_csv,
)

pytestmark = pytest.mark.django_db


def run_import(summit, data: bytes, filename="attendees.csv", saved=None):
    table = services.ticket_table_read(data=data, filename=filename)
    _, mapping = services.ticket_mapping_for(headers=table.headers, saved=saved)
    return services.tickets_import(summit=summit, table=table, mapping=mapping)


def test_eventbrite_sample_creates_every_ticket_holder():
    summit = SummitFactory()
    outcome = run_import(summit, EVENTBRITE_SAMPLE.read_bytes())
    assert (outcome.created, outcome.updated, outcome.rejected) == (40, 0, [])
    holder = summit.ticket_holders.get(attendee_ref="1500000001")
    assert (holder.name, holder.email, holder.checked_in, holder.consent, holder.identity) == (
        "Samira Okoye",
        "samira.okoye1@example.org",
        True,
        True,
        "ref:9100000000/1500000001",
    )
    assert AuditEvent.objects.get(action="tickets.imported").detail == {"created": 40, "updated": 0, "rejected": 0}


def test_reimport_updates_instead_of_duplicating():
    summit = SummitFactory()
    run_import(summit, EVENTBRITE_SAMPLE.read_bytes())
    changed = EVENTBRITE_SAMPLE.read_bytes().replace(b"Daniel,Adeyemi", b"Daniel,Adeyemi-Mensah")
    outcome = run_import(summit, changed)
    assert (outcome.created, outcome.updated) == (0, 40)
    assert summit.ticket_holders.count() == 40
    assert summit.ticket_holders.get(attendee_ref="1500000002").name == "Daniel Adeyemi-Mensah"


def test_reimport_with_blank_cells_keeps_the_stored_values():
    summit = SummitFactory()
    run_import(summit, EVENTBRITE_SAMPLE.read_bytes())
    outcome = run_import(summit, REEXPORT_WITH_BLANKS.read_bytes())
    assert (outcome.created, outcome.updated, outcome.changed) == (1, 5, 1)
    assert [e.row_number for e in outcome.rejected] == [7, 8]
    by_ref = {h.attendee_ref: h for h in summit.ticket_holders.all()}
    assert (by_ref["1500000001"].name, by_ref["1500000001"].email) == ("Samira Okoye", "samira.okoye1@example.org")
    assert (by_ref["1500000002"].name, by_ref["1500000002"].email) == ("Daniel Adeyemi", "daniel.adeyemi2@example.org")
    assert by_ref["1500000003"].ticket_type == "VIP"
    assert by_ref["1500000004"].checked_in is True  # "Attending" in a later export never undoes a check-in
    assert by_ref["1500000006"].email == "hamza.henry6@example.org"  # its rejected row wrote nothing
    assert by_ref["1500000999"].name == "Tunde Bello" and len(by_ref) == 41


def test_blank_consent_and_ticket_type_keep_the_stored_answer():
    summit = SummitFactory()
    mapping = ColumnMapping({"attendee_ref": "Ref", "full_name": "Name", "ticket_type": "Type", "consent": "OK"})
    first = services.ticket_table_read(data=b"Ref,Name,Type,OK\nA1,Ada Obi,Standard,yes\nA2,Ben Ode,Youth,no\n")
    services.tickets_import(summit=summit, table=first, mapping=mapping)
    again = services.ticket_table_read(data=b"Ref,Name,Type,OK\nA1,Ada Obi,,\nA2,Ben Ode,Youth,yes\n")
    outcome = services.tickets_import(summit=summit, table=again, mapping=mapping)
    assert (outcome.updated, outcome.changed) == (2, 1)
    assert list(summit.ticket_holders.order_by("attendee_ref").values_list("ticket_type", "consent")) == [
        ("Standard", True),
        ("Youth", True),  # an explicit "yes" is a change, not a blank
    ]


def test_plan_lists_creations_changes_old_to_new_and_rejections_and_writes_nothing():
    summit = SummitFactory()
    run_import(summit, EVENTBRITE_SAMPLE.read_bytes())
    ticket_import = services.ticket_import_prepare(
        summit=summit, data=REEXPORT_WITH_BLANKS.read_bytes(), filename="again.csv"
    )
    before = list(summit.ticket_holders.order_by("pk").values())
    plan = services.ticket_import_review(ticket_import=ticket_import)["plan"]
    assert plan["counts"] == {"create": 1, "change": 1, "same": 4, "rejected": 2, "accepted": 6}
    assert [(row.row_number, row.values["name"]) for row in plan["created"]] == [(9, "Tunde Bello")]
    [changed] = plan["changed"]
    assert changed.row_number == 4
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("Ticket type", "Youth (16-24)", "VIP")]
    assert plan["kept"] == 2  # the rows with a blank name and a blank e-mail address
    assert [(e.row_number, e.reason) for e in plan["rejected"]] == [
        (7, "“not-an-address” is not a valid e-mail address"),
        (8, "the ticket is no longer valid (status “Refunded”)"),
    ]
    assert list(summit.ticket_holders.order_by("pk").values()) == before


def test_plan_names_the_blank_fields_whose_stored_value_stays():
    summit = SummitFactory()
    run_import(summit, EVENTBRITE_SAMPLE.read_bytes())
    table = services.ticket_table_read(data=REEXPORT_WITH_BLANKS.read_bytes())
    _, mapping = services.ticket_mapping_for(headers=table.headers)
    plan = services.ticket_import_plan(summit=summit, parsed=services.parse_rows(table, mapping))
    kept = {row.row_number: (row.action, row.kept) for row in plan.rows if row.kept}
    assert kept == {2: ("same", ["Name"]), 3: ("same", ["E-mail"])}


def test_reimport_keeps_a_door_list_check_in():
    summit = SummitFactory()
    run_import(summit, EVENTBRITE_SAMPLE.read_bytes())
    grace = summit.ticket_holders.get(attendee_ref="1500000002")
    services.ticket_holder_check_in(holder=grace)
    run_import(summit, EVENTBRITE_SAMPLE.read_bytes())  # the export still says "Attending"
    grace.refresh_from_db()
    assert grace.checked_in is True and grace.checked_in_at is not None


def test_same_file_for_two_summits_stays_apart():
    first, second = SummitFactory(), SummitFactory()
    run_import(first, EVENTBRITE_SAMPLE.read_bytes())
    assert run_import(second, EVENTBRITE_SAMPLE.read_bytes()).created == 40
    assert TicketHolder.objects.count() == 80


def test_other_platform_uses_the_saved_mapping_that_fits():
    TicketColumnMapping.objects.create(name="Shoobs", columns=OTHER_COLUMNS)
    summit = SummitFactory()
    outcome = run_import(summit, OTHER_SAMPLE.read_bytes())
    assert outcome.created == 5 and outcome.rejected == []
    assert summit.ticket_holders.get(attendee_ref="SHB-2004").email == ""
    assert summit.ticket_holders.get(attendee_ref="SHB-2002").consent is False


def test_other_platform_without_a_mapping_has_none():
    table = services.ticket_table_read(data=OTHER_SAMPLE.read_bytes())
    assert services.ticket_mapping_for(headers=table.headers) == ("", None)


def test_references_missing_fall_back_to_the_email_for_identity():
    summit = SummitFactory()
    data = b"Name,Email\nAda Obi,ada@example.org\n"
    mapping = ColumnMapping({"full_name": "Name", "email": "Email"})
    table = services.ticket_table_read(data=data)
    services.tickets_import(summit=summit, table=table, mapping=mapping)
    outcome = services.tickets_import(
        summit=summit, table=services.ticket_table_read(data=data.replace(b"ada@", b"ADA@")), mapping=mapping
    )
    assert (outcome.created, outcome.updated) == (0, 1)
    assert summit.ticket_holders.get().identity == "email:ada@example.org"


def test_xlsx_export_is_imported():
    workbook = Workbook()
    for row in [EB_HEADER.split(","), ["9001", "Ada", "Obi", "ada@example.org", "General", "1401", "Checked In"]]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    summit = SummitFactory()
    outcome = run_import(summit, buffer.getvalue(), "attendees.xlsx")
    assert outcome.created == 1 and summit.ticket_holders.get().checked_in is True


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "The file is empty."),
        ("Name,Email\n".encode("utf-16"), "binary data"),
        (b"Order #,Notes\n1,x\n", "a name column"),
        (b"\n\n", "no header row"),
        (b"Order #,First Name,Email,Attendee #\n", "no attendees"),
        (b"PK\x03\x04broken", "damaged"),
    ],
    ids=["empty", "wrong-encoding", "missing-columns", "blank", "header-only", "broken-xlsx"],
)
def test_unusable_files_write_nothing(data, message):
    summit = SummitFactory()
    TicketColumnMapping.objects.create(name="Orders", columns={"order_ref": "Order #", "email": "Notes"})
    with pytest.raises(ApplicationError) as caught:
        table = services.ticket_table_read(data=data)
        services.tickets_import(summit=summit, table=table, mapping=ColumnMapping({"order_ref": "Order #"}))
    assert message in caught.value.message
    assert TicketHolder.objects.count() == 0


def test_windows_1252_file_is_read():
    summit = SummitFactory()
    data = (EB_HEADER + "\n1,Zoë,Ndiaye,zoe@example.org,General,11,Attending\n").encode("cp1252")
    run_import(summit, data)
    assert summit.ticket_holders.get().name == "Zoë Ndiaye"


def test_bad_rows_are_rejected_with_their_number_and_good_rows_written():
    summit = SummitFactory()
    data = (
        EB_HEADER + "\n"
        "1,Ada,Obi,ada@example.org,General,11,Attending\n"
        "1,Ada,Obi,ada@example.org,General,11,Attending\n"
        '2,=HYPERLINK("x"),Evil,evil@example.org,General,12,Attending\n'
        "3,Ben,Ode,not-an-address,General,13,Attending\n"
        "4,Cat,Ray,cat@example.org,General,14,Refunded\n"
    ).encode()
    outcome = run_import(summit, data)
    assert outcome.created == 1
    assert [(e.row_number, e.reason) for e in outcome.rejected] == [
        (3, "duplicate of row 2"),
        (4, "a name or e-mail address that looks like a spreadsheet formula"),
        (5, "“not-an-address” is not a valid e-mail address"),
        (6, "the ticket is no longer valid (status “Refunded”)"),
    ]
    assert list(summit.ticket_holders.values_list("name", flat=True)) == ["Ada Obi"]


def test_twenty_thousand_rows_in_a_fixed_number_of_queries(postgres):
    """PostgreSQL only: SQLite caps the parameters of one statement, so Django splits each batch again by rows there
    (the test below holds on both engines)."""
    summit = SummitFactory()
    data = eventbrite_csv(20_000)
    with CaptureQueriesContext(connection) as queries:
        outcome = run_import(summit, data)
    assert outcome.created == 20_000 and not outcome.rejected
    # One read of known identities, ten upsert batches, the audit record and its content type, savepoints.
    assert len(queries) <= 20
    assert summit.ticket_holders.count() == 20_000
    with CaptureQueriesContext(connection) as queries:
        again = run_import(summit, data)
    assert (again.created, again.updated) == (0, 20_000) and len(queries) <= 20
    changed = data.replace(b",General,", b",VIP,")
    with CaptureQueriesContext(connection) as queries:
        third = run_import(summit, changed)
    assert (third.updated, third.changed) == (20_000, 20_000) and len(queries) <= 20


def test_preview_of_a_large_file_reads_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    summit = SummitFactory()
    run_import(summit, eventbrite_csv(500))
    ticket_import = services.ticket_import_prepare(summit=summit, data=eventbrite_csv(3000), filename="big.csv")
    ticket_import = summit.ticket_imports.defer("data").get(pk=ticket_import.pk)
    with django_assert_max_num_queries(3):  # the file, the stored ticket holders (and the summit at most)
        plan = services.ticket_import_review(ticket_import=ticket_import)["plan"]
    assert plan["counts"]["create"] == 2500 and plan["counts"]["same"] == 500
    assert len(plan["created"]) == services.PREVIEW_ROWS and plan["more_created"] == 2500 - services.PREVIEW_ROWS


def test_twenty_thousand_rows_are_written_in_batches_on_every_engine():
    summit = SummitFactory()
    with CaptureQueriesContext(connection) as queries:
        outcome = run_import(summit, eventbrite_csv(20_000))
    assert outcome.created == 20_000 and summit.ticket_holders.count() == 20_000
    assert len(queries) <= 20_000 // 50  # batches, never a statement per row


def test_prepared_import_runs_once_and_drops_the_file(coordinator):
    summit = SummitFactory()
    prepared = services.ticket_import_prepare(
        summit=summit, data=EVENTBRITE_SAMPLE.read_bytes(), filename="a.csv", created_by=coordinator
    )
    assert prepared.platform == "eventbrite" and prepared.total_rows == 40
    assert services.ticket_import_start(ticket_import=prepared) is False
    prepared.refresh_from_db()
    assert (prepared.status, prepared.created_count, bytes(prepared.data)) == (TicketImportStatus.DONE, 40, b"")
    services.ticket_import_run(ticket_import_pk=prepared.pk)  # a redelivered task changes nothing
    prepared.refresh_from_db()
    assert prepared.created_count == 40 and TicketHolder.objects.count() == 40
    with pytest.raises(ApplicationError, match="already been imported"):
        services.ticket_import_start(ticket_import=prepared)


def test_large_import_is_queued_as_a_task(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 10)
    summit = SummitFactory()
    prepared = services.ticket_import_prepare(summit=summit, data=eventbrite_csv(25), filename="a.csv")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.ticket_import_start(ticket_import=prepared) is True
    assert len(callbacks) == 1
    prepared.refresh_from_db()
    assert prepared.status == TicketImportStatus.DONE and prepared.created_count == 25


def test_mapping_is_checked_and_saved_for_reuse(coordinator):
    summit = SummitFactory()
    prepared = services.ticket_import_prepare(summit=summit, data=OTHER_SAMPLE.read_bytes(), filename="s.csv")
    assert prepared.columns == {} and services.ticket_import_review(ticket_import=prepared)["plan"] is None
    with pytest.raises(ApplicationError, match="a name column"):
        services.ticket_import_set_mapping(ticket_import=prepared, columns={"email": "Buyer Email"})
    services.ticket_import_set_mapping(
        ticket_import=prepared, columns=OTHER_COLUMNS, save_as="Shoobs", user=coordinator
    )
    assert TicketColumnMapping.objects.get(name="Shoobs").columns == OTHER_COLUMNS
    plan = services.ticket_import_review(ticket_import=prepared)["plan"]
    assert plan["counts"]["accepted"] == 5 and plan["rejected"] == []
    again = services.ticket_import_prepare(summit=summit, data=OTHER_SAMPLE.read_bytes(), filename="s2.csv")
    assert again.columns == OTHER_COLUMNS and again.platform == "Shoobs"
    assert TicketImport.objects.count() == 2


def test_anonymise_blanks_personal_data_after_the_retention_period(settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.TICKET_HOLDER_RETENTION_DAYS = 30
    now = timezone.now()
    old = SummitFactory(starts_at=now - timedelta(days=32), ends_at=now - timedelta(days=31, hours=20))
    recent = SummitFactory(starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=9, hours=20))
    run_import(old, EVENTBRITE_SAMPLE.read_bytes())
    run_import(recent, EVENTBRITE_SAMPLE.read_bytes())
    old.ticket_holders.update(language="cy")
    assert services.ticket_holders_anonymise(now=now) == 40
    assert not old.ticket_holders.exclude(name="", email="", order_ref="", attendee_ref="", language="").exists()
    assert old.ticket_holders.filter(checked_in=True).count() == 14  # counts for the evaluation survive
    assert recent.ticket_holders.exclude(email="").count() == 40
    assert services.ticket_holders_anonymise(now=now) == 0


def _import_left(status, minutes_ago):
    prepared = services.ticket_import_prepare(summit=SummitFactory(), data=eventbrite_csv(5), filename="a.csv")
    started = timezone.now() - timedelta(minutes=minutes_ago)
    TicketImport.objects.filter(pk=prepared.pk).update(status=status, started_at=started)
    return prepared


def test_recovery_marks_failed_an_import_whose_worker_died():
    stopped = _import_left(TicketImportStatus.RUNNING, minutes_ago=31)
    recent = _import_left(TicketImportStatus.RUNNING, minutes_ago=5)
    assert services.ticket_imports_recover() == {"failed": 1, "requeued": 0}
    stopped.refresh_from_db()
    recent.refresh_from_db()
    assert stopped.status == TicketImportStatus.FAILED and stopped.is_finished
    assert "the worker running it was interrupted. Upload the file again" in stopped.error
    assert bytes(stopped.data) == b"" and stopped.finished_at is not None
    assert recent.status == TicketImportStatus.RUNNING
    assert services.ticket_imports_recover() == {"failed": 0, "requeued": 0}
    services.ticket_import_run(ticket_import_pk=stopped.pk)  # a late redelivery does not revive it
    stopped.refresh_from_db()
    assert stopped.status == TicketImportStatus.FAILED and not TicketHolder.objects.exists()


def test_recovery_queues_again_an_import_whose_message_was_lost(django_capture_on_commit_callbacks):
    lost = _import_left(TicketImportStatus.QUEUED, minutes_ago=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.ticket_imports_recover() == {"failed": 0, "requeued": 1}
    lost.refresh_from_db()
    assert (lost.status, lost.created_count) == (TicketImportStatus.DONE, 5)


def test_recovery_runs_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "events.tickets.tasks.task_recover_ticket_imports" in tasks
    stopped = _import_left(TicketImportStatus.RUNNING, minutes_ago=31)
    assert task_recover_ticket_imports.apply().get() == {"failed": 1, "requeued": 0}
    stopped.refresh_from_db()
    assert stopped.status == TicketImportStatus.FAILED


def test_recovery_leaves_alone_an_import_a_live_worker_holds(transactional_db, postgres):
    running = _import_left(TicketImportStatus.RUNNING, minutes_ago=31)
    locked, release = threading.Event(), threading.Event()

    def worker():
        try:
            with transaction.atomic():
                TicketImport.objects.select_for_update().get(pk=running.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    assert locked.wait(timeout=10)
    try:
        assert services.ticket_imports_recover() == {"failed": 0, "requeued": 0}
    finally:
        release.set()
        thread.join(timeout=10)
    assert services.ticket_imports_recover() == {"failed": 1, "requeued": 0}
