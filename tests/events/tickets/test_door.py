"""The door that keeps working without signal: the list as JSON, the sync that stores each tap once, walk-ins,
conflicts, and undoing a check-in asked first on the plain list."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import DoorCheckIn, TicketHolder
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit():
    return SummitFactory()


def _url(name, summit):
    return reverse(f"events:{name}", kwargs={"slug": summit.slug})


def _sync(client, summit, **payload):
    return client.post(_url("door_sync", summit), json.dumps(payload), content_type="application/json")


def _tap(holder, checked_in=True, **extra):
    return {"id": str(uuid.uuid4()), "holder": holder.pk, "in": checked_in, "at": timezone.now().isoformat(), **extra}


@pytest.mark.parametrize("rows", [1, 20])
def test_door_list_json_query_count_flat(client, coordinator, summit, rows, django_assert_max_num_queries):
    TicketHolderFactory.create_batch(rows, summit=summit)
    TicketHolderFactory(summit=summit, checked_in=True)
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(_url("door_data", summit))
    data = response.json()
    assert (data["in"], data["total"], len(data["holders"])) == (1, rows + 1, rows + 1)
    assert response["Cache-Control"] == "private, no-store"


def test_a_tap_sent_twice_is_stored_once(client, coordinator, summit):
    holder = TicketHolderFactory(summit=summit)
    client.force_login(coordinator)
    tap = _tap(holder)
    first = _sync(client, summit, taps=[tap]).json()
    again = _sync(client, summit, taps=[tap]).json()
    assert [r["status"] for r in first["results"]] == ["stored"] and first["in"] == 1
    assert [r["status"] for r in again["results"]] == ["duplicate"] and again["in"] == 1
    assert DoorCheckIn.objects.filter(client_id=tap["id"]).count() == 1
    holder.refresh_from_db()
    assert holder.checked_in and holder.checked_in_at.isoformat()[:19] == tap["at"][:19]


def test_a_second_device_checking_the_same_person_in_is_told_who_was_first(client, summit):
    holder = TicketHolderFactory(summit=summit, name="Amara Mensah")
    first_at_door = CoordinatorFactory(first_name="Grace", last_name="Adeyemi")
    second = CoordinatorFactory()
    client.force_login(first_at_door)
    early = timezone.localtime().replace(hour=18, minute=5, second=0, microsecond=0)
    _sync(client, summit, taps=[_tap(holder, at=early.isoformat())])
    client.force_login(second)
    result = _sync(client, summit, taps=[_tap(holder)]).json()["results"][0]
    assert result["status"] == "conflict"
    assert result["message"] == "Amara Mensah was already checked in by Grace Adeyemi at 18:05."
    assert DoorCheckIn.objects.filter(holder=holder, conflict=True).count() == 1


def test_walk_in_is_added_once_and_checked_in(client, coordinator, summit):
    client.force_login(coordinator)
    walk_in = {"id": str(uuid.uuid4()), "name": "Kemi Walker", "at": timezone.now().isoformat()}
    tap = {"id": str(uuid.uuid4()), "walk_in": walk_in["id"], "in": True, "at": timezone.now().isoformat()}
    for _ in range(2):
        answer = _sync(client, summit, taps=[tap], walk_ins=[walk_in]).json()
    holder = TicketHolder.objects.get(summit=summit, name="Kemi Walker")
    assert holder.ticket_type == "Walk-in" and holder.checked_in
    assert answer["total"] == 1 and DoorCheckIn.objects.count() == 1


def test_checking_out_undoes_the_check_in(client, coordinator, summit):
    holder = TicketHolderFactory(summit=summit, checked_in=True, checked_in_at=timezone.now())
    client.force_login(coordinator)
    assert _sync(client, summit, taps=[_tap(holder, checked_in=False)]).json()["in"] == 0


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"taps": [{"id": "nope", "holder": 1, "in": true, "at": "2030-01-01T10:00:00Z"}]}',
        b'{"taps": [{"id": "7d0c7f4e-8f9e-4f0a-9a51-1c1b8a2b9c11", "holder": 1, "in": "yes", "at": "x"}]}',
    ],
)
def test_a_bad_sync_is_a_400_that_stores_nothing(client, coordinator, summit, body):
    client.force_login(coordinator)
    response = client.post(_url("door_sync", summit), body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"].startswith("Nothing was stored")
    assert not DoorCheckIn.objects.exists()


def test_a_tap_for_another_summits_ticket_stores_nothing(client, coordinator, summit):
    stranger = TicketHolderFactory()
    client.force_login(coordinator)
    result = _sync(client, summit, taps=[_tap(stranger)]).json()["results"][0]
    assert result["status"] == "unknown" and not DoorCheckIn.objects.exists()
    stranger.refresh_from_db()
    assert not stranger.checked_in


def test_sync_needs_the_csrf_token(summit, coordinator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert _sync(client, summit, taps=[]).status_code == 403


def test_door_page_is_installable_and_holds_no_names(client, coordinator, summit):
    TicketHolderFactory(summit=summit, name="Amara Mensah")
    client.force_login(coordinator)
    page = client.get(_url("door", summit)).content.decode()
    assert 'rel="manifest"' in page and "Amara Mensah" not in page and "js/door.js" in page
    manifest = client.get(_url("door_manifest", summit)).json()
    assert manifest["start_url"] == manifest["scope"] == _url("door", summit) and manifest["display"] == "standalone"
    worker = client.get(_url("door_worker", summit))
    assert worker["Content-Type"].startswith("text/javascript") and _url("door", summit) in worker.content.decode()


def test_plain_door_list_asks_before_undoing_a_check_in(client, coordinator, summit):
    holder = TicketHolderFactory(summit=summit, checked_in=True, checked_in_at=timezone.now() - timedelta(minutes=5))
    client.force_login(coordinator)
    url = reverse("events:ticket_check_in", kwargs={"slug": summit.slug, "pk": holder.pk})
    response = client.post(url, {"checked_in": "0"})
    assert response.status_code == 200 and "Undo the check-in of" in response.content.decode()
    holder.refresh_from_db()
    assert holder.checked_in
    client.post(url, {"checked_in": "0", "confirmed": "1"})
    holder.refresh_from_db()
    assert not holder.checked_in
