"""The calendar's month, week and list views: today marked, summits and appearances told apart by icon and label."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.events.factories import SummitFactory
from tests.media_appearances.factories import AppearanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coord_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _today_at(hour):
    return timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)


def test_month_marks_today_and_labels_each_kind(coord_client):
    SummitFactory(title="Peckham summit", starts_at=_today_at(18), ends_at=_today_at(21))
    AppearanceFactory(title="Radio hour", starts_at=_today_at(10))
    page = coord_client.get(reverse("events:calendar")).content.decode()
    today_cell = page.split('aria-current="date"')[1].split("</td>")[0]
    assert "Today" in today_cell
    assert "bi-people-fill" in today_cell and '<span class="btb-calendar-kind">Summit</span>' in today_cell
    assert "bi-mic-fill" in today_cell and '<span class="btb-calendar-kind">Media appearance</span>' in today_cell


def test_week_view_shows_seven_days_from_monday(coord_client):
    summit = SummitFactory(title="Peckham summit", starts_at=_today_at(18), ends_at=_today_at(21))
    response = coord_client.get(reverse("events:calendar"), {"view": "week"})
    days = response.context["days"]
    assert len(days) == 7 and days[0]["date"].weekday() == 0
    assert [d["is_today"] for d in days].count(True) == 1
    assert any(entry.uid == f"summit-{summit.pk}" for d in days for entry in d["entries"])
    next_week = coord_client.get(reverse("events:calendar"), {"view": "week", "week": response.context["next_week"]})
    assert not next_week.context["entries"] and "Nothing in this week" in next_week.content.decode()


def test_list_view_groups_the_month_by_day(coord_client):
    SummitFactory(title="Peckham summit", starts_at=_today_at(18), ends_at=_today_at(21))
    AppearanceFactory(title="Radio hour", starts_at=_today_at(10))
    response = coord_client.get(reverse("events:calendar"), {"view": "list"})
    (day, entries), *_ = response.context["list_days"]
    assert day == timezone.localdate() and [e.kind for e in entries] == ["Media appearance", "Summit"]
    assert 'aria-current="page" href="?view=list' in response.content.decode()


@pytest.mark.parametrize("view", ["week", "list"])
@pytest.mark.parametrize("rows", [1, 20])
def test_week_and_list_query_count_flat(coord_client, django_assert_max_num_queries, view, rows):
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    start = timezone.localtime().replace(year=monday.year, month=monday.month, day=monday.day, hour=9, minute=0)
    for n in range(rows):
        at = start + timedelta(hours=n % 6, days=(n % 7) if view == "week" else 0)
        SummitFactory(starts_at=at, ends_at=at + timedelta(hours=1))
    with django_assert_max_num_queries(9):
        response = coord_client.get(reverse("events:calendar"), {"view": view, "month": f"{monday:%Y-%m}"})
    assert len(response.context["entries"]) == rows


def test_an_unknown_view_is_the_month(coord_client):
    assert coord_client.get(reverse("events:calendar"), {"view": "year"}).context["view"] == "month"


@pytest.mark.parametrize("view", ["month", "week", "list"])
def test_entries_link_to_their_pages_and_escape_titles(coord_client, view):
    summit = SummitFactory(title='<b>Bold</b> & "quoted"', starts_at=_today_at(18), ends_at=_today_at(21))
    appearance = AppearanceFactory(title="<script>alert(1)</script>", starts_at=_today_at(10))
    page = coord_client.get(reverse("events:calendar"), {"view": view}).content.decode()
    assert "<script>alert(1)" not in page and "<b>Bold</b>" not in page
    assert (
        f'<a class="d-block small btb-calendar-entry" href="{appearance.get_absolute_url()}">'
        '<i class="bi bi-mic-fill" aria-hidden="true"></i> 10:00 &lt;script&gt;alert(1)&lt;/script&gt; '
        f"({appearance.outlet.name}) "
        '<span class="btb-calendar-kind">Media appearance</span></a>'
    ) in page
    assert f'href="{summit.get_absolute_url()}"' in page
    assert "18:00 &lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;" in page


def test_the_day_list_shows_every_entry_of_the_day(coord_client):
    for minute in range(6):
        AppearanceFactory(title=f"Slot {minute}", starts_at=_today_at(9) + timedelta(minutes=minute))
    today = timezone.localdate()
    month = coord_client.get(reverse("events:calendar")).content.decode()
    assert month.count("Slot ") == 4 and "2 more" in month
    day = coord_client.get(reverse("events:calendar"), {"day": today.isoformat()}).content.decode()
    listed = day.split('id="day-list"')[1]
    assert [f"Slot {n}" in listed for n in range(6)] == [True] * 6
    assert listed.count("<li><a ") == 6


def test_a_full_days_link_keeps_the_borough(coord_client):
    summit = SummitFactory(starts_at=_today_at(9), ends_at=_today_at(10))
    for minute in range(1, 5):
        start = _today_at(9) + timedelta(minutes=minute)
        SummitFactory(borough=summit.borough, starts_at=start, ends_at=start + timedelta(hours=1))
    today = timezone.localdate()
    page = coord_client.get(reverse("events:calendar"), {"borough": summit.borough.pk}).content.decode()
    link = f'href="?month={today:%Y-%m}&amp;day={today.isoformat()}&amp;borough={summit.borough.pk}#day-list">1 more'
    assert link in page
    assert f'<span class="visually-hidden"> on {today.day} {today:%B}</span></a>' in page
