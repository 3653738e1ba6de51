import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from influencers.enums import DueDiligenceStatus
from media_appearances import services
from media_appearances.models import Appearance, MetricSnapshot
from tests.factories import VolunteerProfileFactory
from tests.media_appearances.factories import (
    AppearanceFactory,
    InfluencerFactory,
    OutletFactory,
    ParticipantFactory,
    QuestionFactory,
    SnapshotFactory,
)

pytestmark = pytest.mark.django_db


def _appearances(count):
    for index in range(count):
        appearance = AppearanceFactory(influencer=InfluencerFactory(), external_presenter="")
        ParticipantFactory.create_batch(2, appearance=appearance)
        SnapshotFactory(appearance=appearance, views=index)


@pytest.mark.parametrize("rows", [1, 20])
def test_appearance_list_query_count_does_not_grow(client, coordinator, django_assert_max_num_queries, rows):
    _appearances(rows)
    client.force_login(coordinator)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("media_appearances:appearance_list"))
    assert len(response.context["appearances"]) == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_detail_query_count_does_not_grow(client, coordinator, django_assert_max_num_queries, rows):
    template = services.question_set_create(name="T", questions=QuestionFactory.create_batch(rows))
    appearance = services.appearance_create(
        data={"outlet": OutletFactory(), "title": "Show", "starts_at": timezone.now(), "external_presenter": "Sam"},
        template=template,
    )
    ParticipantFactory.create_batch(rows, appearance=appearance)
    for day in range(rows):
        SnapshotFactory(appearance=appearance, recorded_on=timezone.localdate() - timedelta(days=day), views=day)
    client.force_login(coordinator)
    for name in ("appearance_detail", "appearance_brief"):
        with django_assert_max_num_queries(13):
            response = client.get(reverse(f"media_appearances:{name}", kwargs={"pk": appearance.pk}))
        assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 20])
def test_my_appearances_query_count_does_not_grow(client, volunteer, django_assert_max_num_queries, rows):
    for _ in range(rows):
        ParticipantFactory(volunteer=volunteer.volunteer)
    client.force_login(volunteer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("media_appearances:my_appearances"))
    assert len(response.context["participations"]) == rows


@pytest.mark.parametrize("url_name", ["outlet_list", "question_list", "question_set_list"])
@pytest.mark.parametrize("rows", [1, 20])
def test_other_lists_query_count_does_not_grow(client, coordinator, django_assert_max_num_queries, rows, url_name):
    for _ in range(rows):
        AppearanceFactory()
        services.question_set_create(name="S", questions=[QuestionFactory()])
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        assert client.get(reverse(f"media_appearances:{url_name}")).status_code == 200


def test_list_filters_by_kind_status_dates_and_officer(client, coordinator):
    now = timezone.now()
    radio = AppearanceFactory(title="Radio", outlet=OutletFactory(kind="community_radio"), starts_at=now)
    youtube = AppearanceFactory(title="YouTube", outlet=OutletFactory(kind="youtube_show"), status="published")
    ParticipantFactory(appearance=youtube, volunteer=VolunteerProfileFactory(display_name="PC Grace Okafor"))
    old = AppearanceFactory(title="Old", starts_at=now - timedelta(days=400))
    client.force_login(coordinator)

    def titles(**query):
        response = client.get(reverse("media_appearances:appearance_list"), query)
        return sorted(a.title for a in response.context["appearances"])

    assert titles(kind="community_radio") == ["Old", "Radio"]
    assert titles(status="published") == ["YouTube"]
    assert titles(officer="okafor") == ["YouTube"]
    assert titles(date_from=(now - timedelta(days=30)).date().isoformat()) == ["Radio", "YouTube"]
    assert titles(date_to=(now - timedelta(days=300)).date().isoformat()) == [old.title]
    assert titles(status="nonsense", date_from="not-a-date") == ["Old", "Radio", "YouTube"]
    assert radio.pk


def test_volunteer_sees_only_their_appearances(client, volunteer):
    mine = ParticipantFactory(volunteer=volunteer.volunteer).appearance
    other = AppearanceFactory()
    client.force_login(volunteer)
    response = client.get(reverse("media_appearances:my_appearances"))
    assert [p.appearance for p in response.context["participations"]] == [mine]
    assert client.get(reverse("media_appearances:appearance_detail", kwargs={"pk": mine.pk})).status_code == 200
    assert client.get(reverse("media_appearances:appearance_detail", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("media_appearances:appearance_brief", kwargs={"pk": other.pk})).status_code == 404


def test_oversight_reads_but_cannot_write(client, oversight):
    appearance = AppearanceFactory()
    client.force_login(oversight)
    detail = client.get(reverse("media_appearances:appearance_detail", kwargs={"pk": appearance.pk}))
    assert detail.status_code == 200 and detail.context["transitions"] == []
    url = reverse("media_appearances:appearance_transition", kwargs={"pk": appearance.pk, "action": "cancel"})
    assert client.post(url).status_code == 403
    appearance.refresh_from_db()
    assert appearance.status == "proposed"


def test_brief_renders_the_questions_in_order_with_preparation_notes(client, coordinator):
    questions = [
        QuestionFactory(text="First question?", preparation_notes="Prep one"),
        QuestionFactory(text="Second question?", preparation_notes="Prep two"),
        QuestionFactory(text="Third question?", preparation_notes=""),
    ]
    template = services.question_set_create(name="T", questions=questions)
    appearance = services.appearance_create(
        data={
            "outlet": OutletFactory(name="Rinse Radio"),
            "title": "Breakfast show",
            "starts_at": timezone.now(),
            "location": "Studio 2, 10 Mare Street",
            "external_presenter": "DJ Sam",
        },
        template=template,
        tailoring_note="Do not discuss the Hackney incident.",
    )
    first, second, third = appearance.question_set.items.order_by("position")
    services.question_set_reorder(question_set=appearance.question_set, item_ids=[third.pk, first.pk, second.pk])
    client.force_login(coordinator)
    officer = client.get(reverse("media_appearances:appearance_brief", kwargs={"pk": appearance.pk})).content.decode()
    assert re.findall(r'question-text">([^<]+)<', officer) == ["Third question?", "First question?", "Second question?"]
    assert officer.index("Prep one") < officer.index("Prep two")
    for text in ("Studio 2, 10 Mare Street", "DJ Sam", "Do not discuss the Hackney incident.", "Rinse Radio"):
        assert text in officer
    presenter = client.get(
        reverse("media_appearances:appearance_brief_presenter", kwargs={"pk": appearance.pk})
    ).content.decode()
    assert re.findall(r'question-text">([^<]+)<', presenter) == [
        "Third question?",
        "First question?",
        "Second question?",
    ]
    assert "Prep one" not in presenter and "Hackney incident" not in presenter


def test_create_refuses_an_uncleared_influencer_next_to_the_field(client, coordinator):
    influencer = InfluencerFactory(name="DJ Kofi", due_diligence_status=DueDiligenceStatus.IN_PROGRESS)
    client.force_login(coordinator)
    response = client.post(
        reverse("media_appearances:appearance_create"),
        {
            "outlet": OutletFactory().pk,
            "title": "Show",
            "starts_at": "2026-05-01T19:00",
            "duration_minutes": 60,
            "influencer": influencer.pk,
            "officer_hours": "2",
            "cost": "0",
        },
    )
    assert response.status_code == 200
    assert "DJ Kofi cannot be booked yet" in response.context["form"].errors["influencer"][0]
    assert not Appearance.objects.exists()


def test_coordinator_adds_a_willing_volunteer_from_the_appearance(client, coordinator):
    appearance = AppearanceFactory()
    willing = VolunteerProfileFactory(display_name="PC Willing", willing_media=True)
    VolunteerProfileFactory(display_name="PC Not Media", willing_media=False)
    client.force_login(coordinator)
    response = client.get(reverse("media_appearances:participant_find", kwargs={"pk": appearance.pk}))
    assert [v.display_name for v in response.context["volunteers"]] == ["PC Willing"]
    response = client.post(
        reverse("media_appearances:participant_add", kwargs={"pk": appearance.pk}),
        {"volunteer": willing.pk, "role": "interviewee"},
    )
    assert response.status_code == 302
    participant = appearance.participants.get()
    assert (participant.volunteer, participant.out_of_uniform) == (willing, False)
    response = client.get(reverse("media_appearances:participant_find", kwargs={"pk": appearance.pk}))
    assert list(response.context["volunteers"]) == []


def test_csv_import_page_lists_bad_rows_and_imports_nothing(client, coordinator):
    appearance = AppearanceFactory()
    client.force_login(coordinator)
    upload = SimpleUploadedFile("m.csv", b"date,views\n2026-01-01,10\nyesterday,5\n", content_type="text/csv")
    response = client.post(reverse("media_appearances:metric_import", kwargs={"pk": appearance.pk}), {"file": upload})
    assert response.status_code == 200
    assert response.context["row_errors"] == [(3, "Date: Enter a valid date.")]
    assert "Row 3: Date: Enter a valid date." in response.content.decode()
    assert not MetricSnapshot.objects.exists()


def test_detail_shows_latest_and_growth(client, coordinator):
    appearance = AppearanceFactory()
    today = timezone.localdate()
    SnapshotFactory(appearance=appearance, recorded_on=today - timedelta(days=14), views=40_000, likes=800)
    SnapshotFactory(appearance=appearance, recorded_on=today - timedelta(days=7), views=100_000, likes=None)
    SnapshotFactory(appearance=appearance, recorded_on=today, views=122_000, likes=2_500)
    client.force_login(coordinator)
    response = client.get(reverse("media_appearances:appearance_detail", kwargs={"pk": appearance.pk}))
    rows = {row["name"]: row for row in response.context["metrics"]["rows"]}
    assert (rows["views"]["latest"], rows["views"]["since_previous"], rows["views"]["since_first"]) == (
        122_000,
        22_000,
        82_000,
    )
    assert (rows["likes"]["latest"], rows["likes"]["since_previous"]) == (2_500, 1_700)
    assert "122,000" in response.content.decode()


def test_comments_pasted_then_corrected_through_the_pages(client, coordinator):
    appearance = AppearanceFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("media_appearances:comment_add", kwargs={"pk": appearance.pk}),
        {"text": "Love this, so inspiring\nThis is awful\n"},
    )
    assert response.status_code == 302
    negative = appearance.livestream_comments.get(sentiment="negative")
    client.post(reverse("media_appearances:comment_correct", kwargs={"pk": negative.pk}), {"sentiment": "neutral"})
    appearance.refresh_from_db()
    assert appearance.comment_tally == {"positive": 1, "neutral": 1, "negative": 0, "total": 2}


def test_question_set_item_move_through_the_page(client, coordinator):
    question_set = services.question_set_create(name="S", questions=[QuestionFactory(text=t) for t in "AB"])
    second = question_set.items.get(position=2)
    client.force_login(coordinator)
    client.post(reverse("media_appearances:question_set_item_move", kwargs={"pk": second.pk}), {"direction": "up"})
    assert list(question_set.items.order_by("position").values_list("text", flat=True)) == ["B", "A"]


def test_participant_search_includes_the_unwilling_only_when_asked(client, coordinator):
    appearance = AppearanceFactory()
    VolunteerProfileFactory(display_name="PC Willing", willing_media=True)
    VolunteerProfileFactory(display_name="PC Not Media", willing_media=False)
    client.force_login(coordinator)
    url = reverse("media_appearances:participant_find", kwargs={"pk": appearance.pk})
    everyone = client.get(url, {"all_volunteers": "on"}).context["volunteers"]
    assert [v.display_name for v in everyone] == ["PC Willing", "PC Not Media"]
    assert [v.display_name for v in client.get(url, {"q": "not"}).context["volunteers"]] == []


def test_question_bank_hides_retired_questions_unless_asked(client, coordinator):
    QuestionFactory(text="Still asked?", active=True)
    QuestionFactory(text="Retired?", active=False)
    client.force_login(coordinator)
    url = reverse("media_appearances:question_list")

    def shown(**query):
        texts = {q.text for q in client.get(url, {**query, "topic": "career"}).context["questions"]}
        return {"Still asked?", "Retired?"} & texts

    assert shown() == {"Still asked?"}
    assert shown(active="all") == {"Still asked?", "Retired?"}
    assert shown(active="bogus") == {"Still asked?"}


@pytest.mark.parametrize(
    "status,buttons",
    [
        ("proposed", ["confirm", "cancel"]),
        ("confirmed", ["record", "cancel"]),
        ("recorded", ["publish", "cancel"]),
        ("published", []),
        ("cancelled", []),
    ],
)
def test_appearance_page_offers_the_status_changes_the_table_allows(client, coordinator, status, buttons):
    appearance = AppearanceFactory(status=status)
    client.force_login(coordinator)
    response = client.get(appearance.get_absolute_url())
    assert [step["action"] for step in response.context["transitions"]] == buttons


def test_admin_cannot_move_an_appearance_status_past_its_table(admin_client):
    appearance = AppearanceFactory(status="confirmed")
    page = admin_client.get(reverse("admin:media_appearances_appearance_change", args=[appearance.pk]))
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()


def test_csv_import_page_previews_changes_then_confirms(client, coordinator):
    from datetime import date
    from pathlib import Path

    appearance = AppearanceFactory()
    MetricSnapshot.objects.create(appearance=appearance, recorded_on=date(2026, 1, 8), views=100_000, likes=2_000)
    data = Path(__file__).resolve().parents[1] / "fixtures" / "media_appearances" / "metrics_reimport_with_blanks.csv"
    client.force_login(coordinator)
    url = reverse("media_appearances:metric_import", kwargs={"pk": appearance.pk})
    response = client.post(url, {"file": SimpleUploadedFile("m.csv", data.read_bytes(), content_type="text/csv")})
    page = response.content.decode()
    assert response.status_code == 200 and response.context["plan"]["counts"]["change"] == 1
    assert 'Views: <span class="text-body-secondary">100,000</span> → <strong>122,000</strong>' in page
    assert "<strong>2</strong> days added, <strong>1</strong> changed" in page
    assert MetricSnapshot.objects.get(recorded_on=date(2026, 1, 8)).views == 100_000  # nothing written yet
    confirm = reverse("media_appearances:metric_import_confirm", kwargs={"pk": appearance.pk})
    response = client.post(confirm, {"token": response.context["token"]}, follow=True)
    assert "2 days added and 1 changed." in response.content.decode()
    assert list(appearance.snapshots.order_by("recorded_on").values_list("views", "likes")) == [
        (45_000, None),
        (122_000, 2_500),
        (150_000, 3_000),
    ]
    response = client.post(confirm, {"token": "used-or-made-up"}, follow=True)
    assert "That preview has expired" in response.content.decode()


def test_csv_import_page_with_a_bad_row_lists_it_beside_the_other_rows_and_offers_no_confirm(client, coordinator):
    from pathlib import Path

    appearance = AppearanceFactory()
    data = Path(__file__).resolve().parents[1] / "fixtures" / "media_appearances" / "metrics_with_a_bad_row.csv"
    client.force_login(coordinator)
    url = reverse("media_appearances:metric_import", kwargs={"pk": appearance.pk})
    response = client.post(url, {"file": SimpleUploadedFile("m.csv", data.read_bytes(), content_type="text/csv")})
    page = response.content.decode()
    assert "Row 5: Views: Enter a whole number." in page and "The other rows, once the file is fixed" in page
    assert reverse("media_appearances:metric_import_confirm", kwargs={"pk": appearance.pk}) not in page
    assert not MetricSnapshot.objects.exists()
