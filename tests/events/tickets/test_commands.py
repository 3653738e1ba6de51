import pytest
from django.core.management import CommandError, call_command

from events.models import TicketColumnMapping, TicketHolder
from tests.events.factories import SummitFactory
from tests.events.tickets.helpers import EB_HEADER, EVENTBRITE_SAMPLE, OTHER_COLUMNS, OTHER_SAMPLE

pytestmark = pytest.mark.django_db


def test_import_tickets_prints_counts_then_updates_on_second_run(capsys):
    summit = SummitFactory()
    call_command("import_tickets", summit.slug, str(EVENTBRITE_SAMPLE))
    assert "40 created, 0 updated, 0 rejected" in capsys.readouterr().out
    call_command("import_tickets", summit.slug, str(EVENTBRITE_SAMPLE))
    assert "0 created, 40 updated, 0 rejected" in capsys.readouterr().out
    assert TicketHolder.objects.count() == 40


def test_import_tickets_lists_rejected_rows(tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_text(EB_HEADER + "\n1,Ada,Obi,ada@example.org,G,11,Attending\n2,Ben,Ode,nope,G,12,Attending\n")
    summit = SummitFactory()
    call_command("import_tickets", summit.slug, str(path))
    out = capsys.readouterr().out
    assert "1 created, 0 updated, 1 rejected" in out
    assert "row 3: “nope” is not a valid e-mail address" in out


def test_import_tickets_refuses_an_unusable_file_and_writes_nothing(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"")
    summit = SummitFactory()
    with pytest.raises(CommandError, match="The file is empty"):
        call_command("import_tickets", summit.slug, str(path))
    with pytest.raises(CommandError, match="no saved column mapping fits"):
        call_command("import_tickets", summit.slug, str(OTHER_SAMPLE))
    assert TicketHolder.objects.count() == 0


def test_import_tickets_other_platform_with_a_saved_mapping(capsys):
    TicketColumnMapping.objects.create(name="Shoobs", columns=OTHER_COLUMNS)
    summit = SummitFactory()
    call_command("import_tickets", summit.slug, str(OTHER_SAMPLE), "--mapping", "Shoobs")
    assert "5 created, 0 updated, 0 rejected" in capsys.readouterr().out


def test_import_tickets_exits_non_zero_on_an_unusable_file(tmp_path, capsys, monkeypatch):
    from django.core.management import execute_from_command_line
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)  # the command closes them; the test needs its own

    path = tmp_path / "a.csv"
    path.write_bytes(b"\x00\x01binary")
    summit = SummitFactory()
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "import_tickets", summit.slug, str(path)])
    assert exited.value.code == 1
    assert "binary data" in capsys.readouterr().err
    assert TicketHolder.objects.count() == 0
