"""The dashboard's figures from cached parts: the same as computed afresh, and fresh after a change to one summit
while the other summits' cached counts are kept."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from btb.aggregates import aggregates_invalidate
from events.models import TicketHolder
from feedback.services import survey_answer_open
from reports import rollup, selectors
from reports.periods import custom_filter, quarter_filter, year_filter
from tests.events.factories import BudgetLineFactory
from tests.factories import OversightFactory
from tests.reports.fixtures import held_summit

Q1 = "?period=quarter&quarter=2025-Q1"


def _filters(programme):
    return [
        quarter_filter(2025, 1),
        quarter_filter(2025, 1, borough=programme["north"]),
        quarter_filter(2025, 1, community=programme["black"]),
        year_filter(2025),
        custom_filter(date(2025, 2, 1), date(2025, 2, 28)),
        quarter_filter(2024, 1),  # nothing held
    ]


def _without_outcomes(figures: dict) -> dict:
    """The rollup's figures without what only it gives: the outcomes and the summits in the period."""
    return {
        key: value
        for key, value in figures.items()
        if key not in ("outcomes", "outcome_total", "period_summits", "generations")
    }


def test_rollup_gives_the_figures_computed_afresh(programme):
    for f in _filters(programme):
        assert _without_outcomes(rollup.dashboard(f)) == selectors.dashboard(f), f.label
        assert _without_outcomes(rollup.dashboard(f)) == selectors.dashboard(f), f.label  # and again, from the cache


def test_rollup_with_more_survey_answers_than_the_threshold(programme):
    for _ in range(6):
        survey_answer_open(
            survey=programme["survey"],
            answers={"perception": "No change", "recommend": "Yes", "ethnicity": "White", "gender": "Woman"},
        )
    held_summit(date(2025, 3, 1), actual_attendance=7, estimated_reach=70)
    for f in _filters(programme):
        assert _without_outcomes(rollup.dashboard(f)) == selectors.dashboard(f), f.label


def _figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert match, name
    return match.group(1).strip()


@pytest.fixture
def counted(monkeypatch):
    """The summits whose counts were computed (not read from the cache), request by request."""
    computed: list[set] = []
    real = rollup.summit_parts

    def summit_parts(pks):
        computed.append(set(pks))
        return real(pks)

    monkeypatch.setattr(rollup, "summit_parts", summit_parts)
    return computed


def test_a_change_to_one_summit_shows_at_once_and_the_others_stay_cached(programme, client, counted):
    s1, s2 = programme["s1"], programme["s2"]
    f = quarter_filter(2025, 1)
    client.force_login(OversightFactory())
    url = reverse("reports:dashboard") + Q1
    assert client.get(url).status_code == 200
    assert counted == [{s1.pk, s2.pk}]
    client.get(url)
    assert counted == [{s1.pk, s2.pk}]  # all cached

    BudgetLineFactory(summit=s1, category="venue", planned=Decimal("100"), actual=Decimal("100"))
    html = client.get(url).content.decode()
    assert counted[-1] == {s1.pk}  # the other summit's outcome came from the cache
    assert _without_outcomes(rollup.dashboard(f)) == selectors.dashboard(f)  # and nothing is stale
    assert rollup.dashboard(f)["spend"]["summit_planned"] == Decimal("1800.00")

    holder = TicketHolder.objects.create(summit=s2, identity="late", name="Late arrival")
    holder.checked_in = True
    holder.save()
    client.get(url)
    assert counted[-1] == {s2.pk}
    assert rollup.dashboard(f)["summits"]["checked_in"] == 3

    s2.actual_attendance = 25  # a head count recorded on the summit itself
    s2.save()
    html = client.get(url).content.decode()
    assert counted[-1] == {s2.pk}
    assert _figure(html, "attendance").replace(",", "") == "105"
    assert _without_outcomes(rollup.dashboard(f)) == selectors.dashboard(f)

    for _ in range(3):  # enough responses for the shares to be shown
        survey_answer_open(survey=programme["survey"], answers={"perception": "Much more positive"})
    client.get(url)
    assert counted[-1] == {s1.pk}  # a survey answer moves on its own summit only
    assert _without_outcomes(rollup.dashboard(f)) == selectors.dashboard(f)
    assert rollup.dashboard(f)["survey"]["more_positive_share"] == Decimal("83.3")


def test_a_ticket_import_moves_on_its_summit_only(programme, counted):
    from events.tickets.services import ticket_mapping_for, ticket_table_read, tickets_import

    f = quarter_filter(2025, 1)
    rollup.dashboard(f)
    data = b"Order #,Order Date,First Name,Last Name,Email,Ticket Type,Attendee #,Attendee Status\n"
    data += b"1,2025-01-10 12:00,Ada,Lovelace,ada@example.org,General,77,Checked In\n"
    table = ticket_table_read(data=data, filename="attendees.csv")
    _, mapping = ticket_mapping_for(headers=table.headers)
    tickets_import(summit=programme["s2"], table=table, mapping=mapping)
    assert rollup.dashboard(f)["summits"]["tickets"] == 5
    assert counted[-1] == {programme["s2"].pk}


def test_listing_outcomes_are_the_period_outcomes_in_date_order(programme):
    f = quarter_filter(2025, 1)
    assert rollup.dashboard(f)["outcomes"] == list(selectors.period_outcomes(f).values())


def test_invalidating_everything_recomputes_every_summit(programme, counted):
    f = quarter_filter(2025, 1)
    rollup.dashboard(f)
    aggregates_invalidate()
    rollup.dashboard(f)
    assert counted == [{programme["s1"].pk, programme["s2"].pk}] * 2


def test_a_change_to_one_summit_recounts_its_evaluation_only(programme, client, monkeypatch):
    from reports import exports

    computed: list[set] = []
    real = exports._evaluation_parts
    monkeypatch.setattr(exports, "_evaluation_parts", lambda pks: computed.append(set(pks)) or real(pks))
    s1, s2 = programme["s1"], programme["s2"]
    client.force_login(OversightFactory())
    url = reverse("reports:board_report") + Q1
    client.get(url)
    client.get(url)
    assert computed == [{s1.pk}]  # the summit with a survey; s2 has none, so no evidence to read

    s1.title = "Renamed summit"  # the summit with a survey: the evidence table lists it
    s1.save()
    html = client.get(url).content.decode()
    assert computed == [{s1.pk}, {s1.pk}]
    assert "Renamed summit" in html.split("Strength of evidence by summit</caption>")[1]

    for _ in range(3):
        survey_answer_open(survey=programme["survey"], answers={"perception": "Much more positive"})
    client.get(url)
    assert len(computed) == 3  # the answers move their own summit's part on
    s2.actual_attendance = 30
    s2.save()
    client.get(url)
    assert len(computed) == 3  # another summit's change leaves s1's evaluation cached
