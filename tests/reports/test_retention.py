from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from btb.accounts.models import AuditEvent
from feedback.services import personal_data_purge
from reports.retention import retention_overview
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory

pytestmark = pytest.mark.django_db


def _past_summit(days_ago):
    starts = timezone.now() - timedelta(days=days_ago)
    return SummitFactory(starts_at=starts, ends_at=starts + timedelta(hours=3))


def test_retention_shows_what_is_held_when_it_goes_and_what_is_overdue(settings):
    settings.TICKET_HOLDER_RETENTION_DAYS = 90
    recent, old = _past_summit(10), _past_summit(120)
    TicketHolderFactory.create_batch(2, summit=recent)
    TicketHolderFactory.create_batch(3, summit=old)
    overview = retention_overview()
    by_summit = {row["summit"]: row["kinds"][0] for row in overview["summits"]}
    assert by_summit[recent].records == 2 and by_summit[recent].overdue == 0
    assert by_summit[recent].next_date == timezone.localdate(recent.ends_at) + timedelta(days=90)
    assert by_summit[old].overdue == 3 and overview["overdue"] == 3


def test_the_nightly_purge_empties_the_overdue_and_is_audited_with_counts(settings, oversight, client):
    settings.TICKET_HOLDER_RETENTION_DAYS = 90
    TicketHolderFactory.create_batch(3, summit=_past_summit(120))
    client.force_login(oversight)
    page = client.get(reverse("reports:retention")).content.decode()
    assert "Overdue: <strong>3</strong>" in page
    personal_data_purge()
    assert retention_overview()["overdue"] == 0
    event = AuditEvent.objects.get(action="retention.purged")
    assert event.detail["ticket_holders"] == 3 and event.actor is None
    assert "Overdue: <strong>0</strong>" in client.get(reverse("reports:retention")).content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_retention_page_query_count_does_not_grow(rows, oversight, client, django_assert_max_num_queries):
    for _ in range(rows):
        TicketHolderFactory(summit=_past_summit(5))
    client.force_login(oversight)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:retention")).status_code == 200
