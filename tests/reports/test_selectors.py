from datetime import date
from decimal import Decimal

from btb.suppression import suppress
from reports import selectors
from reports.periods import custom_filter, quarter_filter, year_filter


def _cells(breakdown, characteristic):
    row = next(row for row in breakdown if row["characteristic"] == characteristic)
    return {cell["label"]: cell["display"] for cell in row["cells"]}


def test_summit_figures_count_held_summits_in_the_period(programme, q1):
    assert selectors.summit_figures(q1) == {
        "held": 2,
        "expected": 200,
        "attendance": 100,
        "attendance_basis": "2 summits by head count",
        "reach": 1500,
        "tickets": 4,
        "checked_in": 2,
    }


def test_media_figures_use_each_appearances_latest_snapshot(programme, q1):
    media = selectors.media_figures(q1)
    assert media["appearances"] == 2
    assert media["by_kind"] == [
        {"kind": "Community radio", "appearances": 1, "views": 0, "likes": 0, "comments": 0},
        {"kind": "YouTube show", "appearances": 1, "views": 500, "likes": 40, "comments": 7},
    ]
    assert (media["views"], media["likes"], media["comments"]) == (500, 40, 7)
    assert media["cost"] == Decimal("50.00")


def test_people_figures_count_distinct_people_hours_and_influencers(programme, q1):
    people = selectors.people_figures(q1)
    # v1 (panel and appearance), v2 (attended), v4 and v5 (appearances); v3 did not turn up.
    assert people["people"] == 4
    assert people["volunteer_hours"] == Decimal("3.5")
    assert people["influencers"] == 1


def test_spend_and_cost_per_attendee(programme, q1):
    spend = selectors.spend_figures(q1)
    assert spend["summit_planned"] == Decimal("1700.00")
    assert spend["summit_actual"] == Decimal("1200.00")  # the actuals recorded: s1's music line has none yet
    assert not spend["actuals_complete"]
    assert spend["actuals_note"] == "actuals incomplete: 1 of 2 summits have every actual"
    assert spend["media_cost"] == Decimal("50.00")
    assert spend["total"] == Decimal("1250.00")
    # Only s2 has every actual: £300 over its 20 attendees. s1's £900 over 80 would mislead (music not yet paid).
    assert spend["cost_per_attendee"] == Decimal("15.00")
    assert spend["cost_basis"] == "from 1 of 2 summits with every actual and an attendance"
    assert spend["by_category"] == [
        {"category": "Food and drink", "planned": Decimal("1200.00"), "actual": Decimal("1200.00"), "complete": True},
        {"category": "Music", "planned": Decimal("500.00"), "actual": Decimal("0.00"), "complete": False},
    ]


def test_survey_figures_withhold_the_shares_below_five_responses(programme, q1):
    survey = selectors.survey_figures(q1)
    assert (survey["invited"], survey["responded"], survey["response_rate"]) == (4, 2, Decimal("50.0"))
    assert survey["responses"] == 3 and not survey["shown"]
    assert (survey["more_positive"], survey["more_positive_share"]) == (None, None)
    assert (survey["recommend_yes"], survey["recommend_share"]) == (None, None)


def test_survey_figures_show_the_shares_from_five_responses(programme, q1):
    from feedback.services import survey_answer_open

    for perception in ("Much more positive", "No change"):
        survey_answer_open(survey=programme["survey"], answers={"perception": perception, "recommend": "No"})
    survey = selectors.survey_figures(q1)
    assert survey["responses"] == 5 and survey["shown"]
    assert (survey["more_positive"], survey["more_positive_share"]) == (3, Decimal("60.0"))
    assert (survey["recommend_yes"], survey["recommend_share"]) == (2, Decimal("40.0"))


def test_interest_funnel(programme, q1):
    interest = selectors.interest_figures(q1)
    assert interest["total"] == 4
    assert (interest["contacted"], interest["applied"], interest["joined"]) == (3, 2, 1)
    assert [row["count"] for row in interest["funnel"]] == [4, 3, 2, 1]
    assert {row["source"]: row["count"] for row in interest["by_source"]}["Outreach stall"] == 2


def test_monthly_trends(programme, q1):
    trends = {series["title"]: [value for _, value in series["points"]] for series in selectors.monthly_trends(q1)}
    assert trends["Summits held"] == [0, 1, 1]
    assert trends["Summit attendance"] == [0, 80, 20]
    assert trends["Media appearances"] == [1, 0, 1]
    assert trends["Expressions of interest"] == [1, 2, 1]
    assert trends["Spend"] == [Decimal("50.00"), Decimal("900.00"), Decimal("300.00")]


def test_diversity_breakdowns_are_all_suppressed_below_five(programme, q1):
    officers = _cells(selectors.officer_diversity(q1), "Ethnicity")
    assert set(officers.values()) == {"<5"}
    respondents = _cells(selectors.survey_figures(q1)["diversity"], "Ethnicity")
    assert set(respondents.values()) == {"<5"}
    assert "Not answered" in respondents


def test_borough_filter_follows_officers_for_appearances(programme):
    north = quarter_filter(2025, 1, borough=programme["north"])
    assert selectors.summit_figures(north)["held"] == 1
    assert selectors.media_figures(north)["appearances"] == 1  # a1: v1 is from the north
    assert selectors.people_figures(north)["people"] == 3  # v1, v2, and v4 through a1
    assert selectors.interest_figures(north)["total"] == 2  # raised at s1
    assert selectors.spend_figures(north)["total"] == Decimal("950.00")
    south = quarter_filter(2025, 1, borough=programme["south"])
    assert selectors.summit_figures(south)["held"] == 1
    assert selectors.media_figures(south)["appearances"] == 2  # a1 through v4, a2 through v5
    assert selectors.interest_figures(south)["total"] == 1
    assert selectors.survey_figures(south)["responses"] == 0


def test_community_filter_uses_summit_targets_and_outlet_communities(programme):
    black = quarter_filter(2025, 1, community=programme["black"])
    assert selectors.summit_figures(black)["held"] == 1
    assert selectors.media_figures(black)["appearances"] == 1
    assert selectors.survey_figures(black)["responses"] == 3
    assert selectors.interest_figures(black)["total"] == 2


def test_period_filters(programme):
    assert selectors.summit_figures(quarter_filter(2025, 2))["held"] == 1
    assert selectors.summit_figures(year_filter(2025))["held"] == 3
    february = custom_filter(date(2025, 2, 1), date(2025, 2, 28))
    assert selectors.summit_figures(february)["held"] == 1
    assert selectors.media_figures(february)["appearances"] == 0
    assert selectors.interest_figures(february)["total"] == 2
    assert len(selectors.monthly_trends(year_filter(2025))[0]["points"]) == 12


def test_suppress_hides_counts_under_five():
    cells = suppress([("A", 12), ("B", 0), ("C", 4), ("D", 9)])
    assert [cell["display"] for cell in cells] == ["12", "<5", "<5", "9"]


def test_suppress_hides_a_second_cell_when_one_could_be_recovered_from_the_total():
    cells = suppress([("A", 12), ("B", 3), ("C", 7), ("D", 9)])
    assert [cell["display"] for cell in cells] == ["12", "<5", "<5", "9"]
    # Total 31 minus what is shown (21) gives only B + C = 10, not B.
    assert [cell["value"] for cell in cells] == [12, None, None, 9]


def test_officer_diversity_with_one_small_group_hides_another(db, q1):
    from btb.accounts.enums import AgeBand, Ethnicity
    from tests.factories import VolunteerProfileFactory
    from tests.media_appearances.factories import ParticipantFactory
    from tests.reports.fixtures import appearance

    shown = [value for value, _ in Ethnicity.choices if value != Ethnicity.WHITE]
    people = [(ethnicity, 5 + n) for n, ethnicity in enumerate(shown)] + [("", 6), (Ethnicity.WHITE, 2)]
    show = appearance(date(2025, 1, 15))
    for ethnicity, count in people:
        for _ in range(count):
            ParticipantFactory(
                appearance=show, volunteer=VolunteerProfileFactory(ethnicity=ethnicity, age_band=AgeBand.FROM_35)
            )
    cells = _cells(selectors.officer_diversity(q1), "Ethnicity")
    assert cells["White"] == "<5"
    assert cells["Asian or Asian British"] == "<5"  # the smallest other group (5), hidden with it
    assert cells["Black, Black British, Caribbean or African"] == "6"
    assert cells["Not stated"] == "6"


def test_media_that_followed_a_summit_and_the_first_rows_shown(db, monkeypatch):
    from datetime import timedelta

    from btb.accounts.models import Community
    from media_appearances.enums import AppearanceStatus
    from tests.events.factories import PanelSeatFactory
    from tests.media_appearances.factories import AppearanceFactory, OutletFactory, ParticipantFactory
    from tests.reports.fixtures import at, held_summit

    summit = held_summit(date(2025, 2, 1))
    community = Community.objects.get_or_create(name="Black communities")[0]
    summit.target_communities.add(community)
    serving = OutletFactory()
    serving.communities.add(community)
    panellist = PanelSeatFactory(summit=summit).volunteer
    start = at(date(2025, 2, 1))
    done = {"status": AppearanceStatus.PUBLISHED}
    on_outlet = [AppearanceFactory(outlet=serving, starts_at=start + timedelta(days=d), **done) for d in (3, 10, 40)]
    with_panellist = ParticipantFactory(
        volunteer=panellist, appearance__starts_at=start + timedelta(days=20), appearance__status="recorded"
    )
    AppearanceFactory(outlet=serving, starts_at=start - timedelta(days=1), **done)  # before
    AppearanceFactory(outlet=serving, starts_at=start + timedelta(days=95), **done)  # after the 90 days
    AppearanceFactory(outlet=serving, starts_at=start + timedelta(days=5), status=AppearanceStatus.CANCELLED)
    AppearanceFactory(
        outlet=serving, starts_at=start + timedelta(days=6), status=AppearanceStatus.CONFIRMED
    )  # not yet held
    AppearanceFactory(starts_at=start + timedelta(days=5), **done)  # an outlet for other communities, no panellist
    # Published in advance of its date, the day after "now": it has not followed anything yet.
    AppearanceFactory(outlet=serving, starts_at=start + timedelta(days=50), **done)
    now = start + timedelta(days=49)

    expected = [on_outlet[0], on_outlet[1], with_panellist.appearance, on_outlet[2]]
    assert list(selectors.media_followed(summit, now=now)) == expected
    monkeypatch.setattr(selectors, "MEDIA_SHOWN", 3)
    monkeypatch.setattr(selectors.timezone, "now", lambda: now)
    evaluation = selectors.summit_evaluation(summit, include_hidden=False)
    assert evaluation["media"] == expected[:3] and evaluation["media_total"] == 4
