"""A refused request is logged as one line: a 403 is routine, not a crash with a traceback."""

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_403_logs_one_line_without_a_traceback(client, volunteer, caplog):
    client.force_login(volunteer)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("accounts:volunteer_list"))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    formatted = logging.Formatter("%(levelname)s %(name)s %(message)s").format(records[0])
    assert formatted == "WARNING django.request Forbidden (Permission denied): /volunteers/"
    assert "Traceback" not in caplog.text


def test_a_500_still_logs_its_traceback():
    from btb.log_filters import OneLineForbidden

    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), sys.exc_info()
        )
    record.status_code = 500
    assert OneLineForbidden().filter(record) is True
    assert "Traceback" in logging.Formatter().format(record)
