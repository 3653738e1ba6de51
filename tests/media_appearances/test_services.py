from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from btb.errors import ApplicationError
from influencers.enums import DueDiligenceStatus
from media_appearances import services
from media_appearances.enums import AppearanceStatus, QuestionTopic
from media_appearances.models import Appearance, LivestreamComment, MetricSnapshot, Question, QuestionSet
from tests.factories import VolunteerProfileFactory
from tests.media_appearances.factories import (
    AppearanceFactory,
    CommentFactory,
    InfluencerFactory,
    OutletFactory,
    ParticipantFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "outlet": OutletFactory(),
        "title": "Drive-time interview",
        "starts_at": timezone.now() + timedelta(days=3),
        "duration_minutes": 30,
        "external_presenter": "",
    }
    data.update(overrides)
    return data


# --- Question bank ------------------------------------------------------------------------------------------------


def test_default_question_bank_covers_every_topic():
    topics = set(Question.objects.filter(active=True).values_list("topic", flat=True))
    assert topics == set(QuestionTopic.values)
    standard = QuestionSet.objects.get(name="Standard interview", is_template=True)
    assert list(standard.items.values_list("position", flat=True)) == list(range(1, 10))


def test_question_set_create_keeps_the_chosen_order():
    first, second, third = QuestionFactory(text="A?"), QuestionFactory(text="B?"), QuestionFactory(text="C?")
    question_set = services.question_set_create(name="Mine", questions=[third, first, second])
    assert [i.text for i in question_set.items.order_by("position")] == ["C?", "A?", "B?"]


def test_question_set_create_needs_a_question():
    with pytest.raises(ApplicationError, match="at least one question"):
        services.question_set_create(name="Empty", questions=[])


def test_question_set_reorder_puts_items_in_the_given_order():
    questions = [QuestionFactory(text=t) for t in ("A?", "B?", "C?")]
    question_set = services.question_set_create(name="Mine", questions=questions)
    a, b, c = question_set.items.order_by("position")
    services.question_set_reorder(question_set=question_set, item_ids=[c.pk, a.pk, b.pk])
    assert list(question_set.items.order_by("position").values_list("text", "position")) == [
        ("C?", 1),
        ("A?", 2),
        ("B?", 3),
    ]


@pytest.mark.parametrize("ids", ["missing", "repeated", "foreign"])
def test_question_set_reorder_refuses_a_list_that_is_not_the_set(ids):
    question_set = services.question_set_create(name="Mine", questions=[QuestionFactory(), QuestionFactory()])
    other = services.question_set_create(name="Other", questions=[QuestionFactory()])
    a, b = question_set.items.order_by("position")
    item_ids = {
        "missing": [a.pk],
        "repeated": [a.pk, a.pk],
        "foreign": [a.pk, other.items.get().pk],
    }[ids]
    with pytest.raises(ApplicationError, match="exactly once"):
        services.question_set_reorder(question_set=question_set, item_ids=item_ids)
    assert list(question_set.items.order_by("position").values_list("pk", flat=True)) == [a.pk, b.pk]


def test_question_set_item_move_up_and_at_the_ends():
    question_set = services.question_set_create(name="Mine", questions=[QuestionFactory(text=t) for t in "ABC"])
    a, b, c = question_set.items.order_by("position")
    services.question_set_item_move(item=c, offset=-1)
    assert list(question_set.items.order_by("position").values_list("text", flat=True)) == ["A", "C", "B"]
    services.question_set_item_move(item=a, offset=-1)
    assert list(question_set.items.order_by("position").values_list("text", flat=True)) == ["A", "C", "B"]


def test_question_set_copy_is_independent_of_the_original():
    source = services.question_set_create(name="Standard", questions=[QuestionFactory(text=t) for t in "AB"])
    copy = services.question_set_copy(source=source, name="For Radio X", tailoring_note="After the incident")
    assert (copy.copied_from, copy.is_template, copy.tailoring_note) == (source, False, "After the incident")
    assert list(copy.items.values_list("text", "position")) == [("A", 1), ("B", 2)]
    item = copy.items.get(position=1)
    services.question_set_item_update(item=item, text="A, tailored", preparation_notes="New notes")
    services.question_set_item_remove(item=copy.items.get(position=2))
    assert list(source.items.order_by("position").values_list("text", flat=True)) == ["A", "B"]
    assert list(copy.items.values_list("text", "position")) == [("A, tailored", 1)]
    assert Question.objects.filter(text="A").exists()


def test_question_set_item_remove_renumbers():
    question_set = services.question_set_create(name="Mine", questions=[QuestionFactory(text=t) for t in "ABC"])
    services.question_set_item_remove(item=question_set.items.get(position=2))
    assert list(question_set.items.order_by("position").values_list("text", "position")) == [("A", 1), ("C", 2)]


# --- Appearances and presenters -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [DueDiligenceStatus.NOT_CHECKED, DueDiligenceStatus.NOT_SUITABLE])
def test_booking_an_uncleared_influencer_is_refused_with_a_clear_message(status):
    influencer = InfluencerFactory(name="DJ Kofi", due_diligence_status=status)
    with pytest.raises(ApplicationError) as refused:
        services.appearance_create(data=_data(influencer=influencer))
    assert refused.value.field == "influencer"
    assert "DJ Kofi cannot be booked yet" in refused.value.message
    assert not Appearance.objects.exists()


def test_booking_an_archived_influencer_is_refused():
    influencer = InfluencerFactory(name="DJ Kofi", active=False)
    with pytest.raises(ApplicationError, match="archived"):
        services.appearance_create(data=_data(influencer=influencer))


def test_appearance_with_a_cleared_influencer_and_a_copied_question_set():
    template = services.question_set_create(name="Standard", questions=[QuestionFactory(text="A?")])
    appearance = services.appearance_create(
        data=_data(influencer=InfluencerFactory()), template=template, tailoring_note="Careful about the stabbing"
    )
    assert appearance.status == AppearanceStatus.PROPOSED
    assert appearance.question_set.copied_from == template
    assert appearance.question_set.tailoring_note == "Careful about the stabbing"
    assert appearance.question_set.pk != template.pk


def test_appearance_cannot_have_both_presenters():
    with pytest.raises(ApplicationError, match="not both"):
        services.appearance_create(data=_data(influencer=InfluencerFactory(), external_presenter="Someone"))


def _confirmable():
    appearance = AppearanceFactory(starts_at=timezone.now() - timedelta(hours=2))
    ParticipantFactory(appearance=appearance)
    return appearance


def test_status_transitions_in_order():
    appearance = _confirmable()
    assert services.appearance_confirm(appearance=appearance).status == AppearanceStatus.CONFIRMED
    assert services.appearance_mark_recorded(appearance=appearance).status == AppearanceStatus.RECORDED
    published = services.appearance_publish(appearance=appearance, published_url="https://youtu.be/abc")
    assert (published.status, published.published_url) == (AppearanceStatus.PUBLISHED, "https://youtu.be/abc")
    with pytest.raises(ApplicationError, match="A published appearance cannot be cancelled"):
        services.appearance_cancel(appearance=appearance)


def test_confirm_needs_a_presenter_and_an_interviewee():
    appearance = AppearanceFactory(external_presenter="")
    with pytest.raises(ApplicationError, match="Add a presenter"):
        services.appearance_confirm(appearance=appearance)
    appearance.external_presenter = "Sam"
    appearance.save()
    with pytest.raises(ApplicationError, match="at least one officer"):
        services.appearance_confirm(appearance=appearance)


def test_confirm_refuses_an_influencer_whose_clearance_was_withdrawn():
    influencer = InfluencerFactory(name="DJ Kofi")
    appearance = AppearanceFactory(influencer=influencer, external_presenter="")
    ParticipantFactory(appearance=appearance)
    influencer.due_diligence_status = DueDiligenceStatus.NOT_SUITABLE
    influencer.save()
    with pytest.raises(ApplicationError, match="DJ Kofi cannot be booked yet"):
        services.appearance_confirm(appearance=appearance)
    appearance.refresh_from_db()
    assert appearance.status == AppearanceStatus.PROPOSED


def test_transitions_out_of_order_are_refused():
    appearance = _confirmable()
    with pytest.raises(ApplicationError, match="A proposed appearance cannot be marked as recorded"):
        services.appearance_mark_recorded(appearance=appearance)
    with pytest.raises(ApplicationError, match="A proposed appearance cannot be published"):
        services.appearance_publish(appearance=appearance, published_url="https://example.org/")


def test_recorded_only_after_it_started():
    appearance = AppearanceFactory(starts_at=timezone.now() + timedelta(days=1))
    ParticipantFactory(appearance=appearance)
    services.appearance_confirm(appearance=appearance)
    with pytest.raises(ApplicationError, match="has not started yet"):
        services.appearance_mark_recorded(appearance=appearance)


def test_publish_needs_a_link():
    appearance = _confirmable()
    services.appearance_confirm(appearance=appearance)
    services.appearance_mark_recorded(appearance=appearance)
    with pytest.raises(ApplicationError) as refused:
        services.appearance_publish(appearance=appearance, published_url="")
    assert refused.value.field == "published_url"


@pytest.mark.parametrize("steps", [0, 1, 2])
def test_cancel_from_any_state_before_published(steps):
    appearance = _confirmable()
    for step in [services.appearance_confirm, services.appearance_mark_recorded][:steps]:
        step(appearance=appearance)
    cancelled = services.appearance_cancel(appearance=appearance, reason="Presenter ill")
    assert (cancelled.status, cancelled.cancelled_reason) == (AppearanceStatus.CANCELLED, "Presenter ill")
    with pytest.raises(ApplicationError, match="A cancelled appearance cannot be cancelled"):
        services.appearance_cancel(appearance=appearance)


def test_participant_added_once_with_role_and_uniform():
    appearance = AppearanceFactory()
    volunteer = VolunteerProfileFactory(display_name="PC Amara")
    participant = services.participant_add(
        appearance=appearance, volunteer=volunteer, role="panellist", out_of_uniform=False
    )
    assert (participant.role, participant.out_of_uniform) == ("panellist", False)
    with pytest.raises(ApplicationError, match="PC Amara already takes part"):
        services.participant_add(appearance=appearance, volunteer=volunteer)


# --- Metrics ------------------------------------------------------------------------------------------------------


def test_snapshot_for_the_same_day_replaces_the_first():
    appearance = AppearanceFactory()
    day = date(2026, 1, 5)
    services.metric_snapshot_record(appearance=appearance, recorded_on=day, views=10)
    services.metric_snapshot_record(appearance=appearance, recorded_on=day, views=12, likes=3)
    assert list(appearance.snapshots.values_list("views", "likes")) == [(12, 3)]


def test_csv_import_writes_every_row():
    appearance = AppearanceFactory()
    data = (
        b"Date,Views,Likes,Comments,Shares,Live_audience\n"
        b"2026-01-01,45000,900,,,300\n"
        b'08/01/2026,"122,000",2500,410,880,\n'
    )
    assert services.metric_snapshots_import(appearance=appearance, data=data) == 2
    assert list(appearance.snapshots.values_list("recorded_on", "views", "likes", "comments", "live_audience")) == [
        (date(2026, 1, 1), 45000, 900, None, 300),
        (date(2026, 1, 8), 122000, 2500, 410, None),
    ]


def test_csv_import_with_bad_rows_reports_each_and_writes_nothing():
    appearance = AppearanceFactory()
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    data = (
        "date,views,likes\n"
        "2026-01-01,100,5\n"
        "not a date,100,5\n"
        "2026-01-02,-3,5\n"
        f"{future},1,1\n"
        "2026-01-03,,\n"
        "2026-01-01,7,7\n"
    ).encode()
    with pytest.raises(services.RowErrors) as refused:
        services.metric_snapshots_import(appearance=appearance, data=data)
    numbers = [number for number, _ in refused.value.rows]
    assert numbers == [3, 4, 5, 6, 7]
    messages = dict(refused.value.rows)
    assert "Date: Enter a valid date." in messages[3]
    assert "Views" in messages[4]
    assert "future" in messages[5]
    assert "at least one number" in messages[6]
    assert "already on row 2" in messages[7]
    assert not MetricSnapshot.objects.exists()


@pytest.mark.parametrize(
    "data,message",
    [
        (b"views,likes\n1,2\n", "first row must name the columns"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"date\n", "no rows"),
    ],
)
def test_csv_import_refuses_unusable_files(data, message):
    with pytest.raises(ApplicationError, match=message):
        services.metric_snapshots_import(appearance=AppearanceFactory(), data=data)


# --- Livestream comments ------------------------------------------------------------------------------------------


def test_comments_are_read_and_tallied():
    appearance = AppearanceFactory()
    added = services.livestream_comments_add(
        appearance=appearance,
        texts=[
            "This is brilliant, really inspiring, thank you!",
            "I hate this, terrible and dishonest.",
            "What time does it start",
            "   ",
            "@kofi_99 love this so much",
        ],
    )
    assert added == {"positive": 2, "neutral": 1, "negative": 1}
    appearance.refresh_from_db()
    assert appearance.comment_tally == {"positive": 2, "neutral": 1, "negative": 1, "total": 4}
    assert LivestreamComment.objects.filter(text="@… love this so much").exists()
    assert not LivestreamComment.objects.filter(text__contains="kofi").exists()


def test_correcting_a_reading_moves_the_tally():
    appearance = AppearanceFactory()
    services.livestream_comments_add(appearance=appearance, texts=["Wicked show, loved it"])
    comment = appearance.livestream_comments.get()
    assert comment.sentiment == "positive"  # "wicked" as praise is what a coordinator might correct either way
    services.livestream_comment_correct(comment=comment, sentiment="negative")
    appearance.refresh_from_db()
    comment.refresh_from_db()
    assert (comment.sentiment, comment.corrected) == ("negative", True)
    assert appearance.comment_tally == {"positive": 0, "neutral": 0, "negative": 1, "total": 1}


def test_comment_purge_after_the_retention_period_keeps_the_tally(settings):
    settings.LIVESTREAM_COMMENT_RETENTION_DAYS = 10
    appearance = AppearanceFactory()
    services.livestream_comments_add(appearance=appearance, texts=["Great", "Awful"])
    old = CommentFactory(appearance=appearance)
    LivestreamComment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=11))
    assert services.livestream_comments_purge() == 1
    assert appearance.livestream_comments.count() == 2
    assert services.livestream_comments_purge(now=timezone.now() + timedelta(days=11)) == 2
    appearance.refresh_from_db()
    assert not appearance.livestream_comments.exists()
    assert appearance.comment_tally == {"positive": 1, "neutral": 0, "negative": 1, "total": 2}


def test_purge_task_runs_the_purge(settings):
    from media_appearances.tasks import task_purge_livestream_comments

    settings.LIVESTREAM_COMMENT_RETENTION_DAYS = 1
    comment = CommentFactory()
    LivestreamComment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert task_purge_livestream_comments.delay().get() == 1
    assert task_purge_livestream_comments.delay().get() == 0


def test_comment_upload_reads_only_the_comment_column():
    data = b"username,comment\n@kofi,Love this\n@amy,Not convinced\n"
    assert services.comment_texts_from_upload(data=data, filename="chat.csv") == ["Love this", "Not convinced"]
    with pytest.raises(ApplicationError, match="column headed"):
        services.comment_texts_from_upload(data=b"user,msg\na,b\n", filename="chat.csv")


METRIC_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "media_appearances"


@pytest.fixture
def stored_numbers():
    appearance = AppearanceFactory()
    MetricSnapshot.objects.create(
        appearance=appearance, recorded_on=date(2026, 1, 1), views=45_000, likes=900, comments=120, live_audience=300
    )
    MetricSnapshot.objects.create(appearance=appearance, recorded_on=date(2026, 1, 8), views=100_000, likes=2_000)
    return appearance


def _numbers(appearance):
    return list(
        appearance.snapshots.order_by("recorded_on").values_list(
            "recorded_on", "views", "likes", "comments", "shares", "live_audience"
        )
    )


def test_csv_reimport_with_blank_cells_keeps_the_stored_numbers(stored_numbers):
    data = (METRIC_FIXTURES / "metrics_reimport_with_blanks.csv").read_bytes()
    assert services.metric_snapshots_import(appearance=stored_numbers, data=data) == 3
    assert _numbers(stored_numbers) == [
        (date(2026, 1, 1), 45_000, 900, 120, None, 300),
        (date(2026, 1, 8), 122_000, 2_500, None, None, None),
        (date(2026, 1, 15), 150_000, 3_000, 500, 900, None),
    ]
    only_views = (METRIC_FIXTURES / "metrics_views_only.csv").read_bytes()  # columns the file lacks count as blank
    services.metric_snapshots_import(appearance=stored_numbers, data=only_views)
    assert _numbers(stored_numbers)[1] == (date(2026, 1, 8), 130_000, 2_500, None, None, None)


def test_csv_plan_lists_additions_changes_old_to_new_and_writes_nothing(stored_numbers):
    before = _numbers(stored_numbers)
    data = (METRIC_FIXTURES / "metrics_reimport_with_blanks.csv").read_bytes()
    plan = services.metric_snapshots_plan(appearance=stored_numbers, data=data)
    assert plan["counts"] == {"create": 1, "change": 1, "same": 1, "rejected": 0}
    same, change, create = plan["rows"]
    assert (same["row"], same["action"], same["kept"]) == (2, "same", ["Likes", "Comments", "Live audience"])
    assert [(c.field, c.old, c.new) for c in change["changes"]] == [
        ("Views", "100,000", "122,000"),
        ("Likes", "2,000", "2,500"),
    ]
    assert (create["row"], create["action"], create["shown"]) == (
        4,
        "create",
        [("Views", "150,000"), ("Likes", "3,000"), ("Comments", "500"), ("Shares", "900")],
    )
    assert _numbers(stored_numbers) == before


def test_csv_plan_rejects_a_bad_row_with_its_number_and_the_import_writes_nothing(stored_numbers):
    data = (METRIC_FIXTURES / "metrics_with_a_bad_row.csv").read_bytes()
    plan = services.metric_snapshots_plan(appearance=stored_numbers, data=data)
    assert plan["rejected"] == [(5, "Views: Enter a whole number.")]
    assert [row["row"] for row in plan["rows"]] == [2, 3, 4]
    before = _numbers(stored_numbers)
    with pytest.raises(services.RowErrors):
        services.metric_snapshots_import(appearance=stored_numbers, data=data)
    assert _numbers(stored_numbers) == before


def test_csv_import_writes_in_a_fixed_number_of_queries(stored_numbers, django_assert_max_num_queries):
    lines = ["date,views,likes"] + [f"{date(2025, 1, 1) + timedelta(days=n):%Y-%m-%d},{n},{n}" for n in range(300)]
    with django_assert_max_num_queries(6):  # the stored days, one upsert, savepoints and the cache generation
        assert services.metric_snapshots_import(appearance=stored_numbers, data="\n".join(lines).encode()) == 300
    assert stored_numbers.snapshots.count() == 302
