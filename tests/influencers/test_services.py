from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from btb.errors import ApplicationError
from btb.images import prepare_photo
from influencers import services
from influencers.enums import DueDiligenceStatus, Platform
from influencers.models import FollowerSnapshot, Influencer, InfluencerSkill, PlatformAccount
from tests.accounts.test_images import make_image, upload
from tests.factories import BoroughFactory
from tests.influencers.factories import InfluencerFactory, PlatformAccountFactory

pytestmark = pytest.mark.django_db


def _account(platform="instagram", handle="@one", audience=None, **extra):
    return {"platform": platform, "handle": handle, "profile_url": "", "audience_size": audience, **extra}


def test_influencer_create_saves_relations_accounts_and_reach():
    borough = BoroughFactory(name="Hackney")
    dj = InfluencerSkill.objects.get(name="DJ")
    influencer = services.influencer_create(
        data={"name": "Danielle Brooks", "known_as": "DJ Dani B", "skills": [dj], "boroughs": [borough]},
        accounts=[_account("instagram", "@djdanib", 22_400), _account("tiktok", "@djdanib", 5_000)],
    )
    influencer.refresh_from_db()
    assert list(influencer.skills.all()) == [dj]
    assert list(influencer.boroughs.all()) == [borough]
    assert influencer.total_reach == 27_400
    assert influencer.due_diligence_status == DueDiligenceStatus.NOT_CHECKED
    assert FollowerSnapshot.objects.filter(account__influencer=influencer).count() == 2


def test_influencer_create_refuses_an_invalid_email_and_writes_nothing():
    with pytest.raises(ValidationError) as caught:
        services.influencer_create(data={"name": "A", "email": "not-an-address"}, accounts=[_account()])
    assert "email" in caught.value.message_dict
    assert not Influencer.objects.exists() and not PlatformAccount.objects.exists()


def test_account_with_a_link_to_another_platform_is_refused_and_nothing_written():
    with pytest.raises(ValidationError) as caught:
        services.influencer_create(
            data={"name": "Kofi"}, accounts=[{**_account("youtube", "Kofi"), "profile_url": "https://tiktok.com/@k"}]
        )
    assert "profile_url" in caught.value.message_dict
    assert not Influencer.objects.exists()


def test_influencer_update_changes_deletes_and_adds_accounts():
    influencer = services.influencer_create(
        data={"name": "Tunde"}, accounts=[_account("youtube", "Tunde Talks", 100), _account("x", "@t", 50)]
    )
    youtube, x = influencer.accounts.get(platform="youtube"), influencer.accounts.get(platform="x")
    services.influencer_update(
        influencer=influencer,
        data={"name": "Tunde Adeyemi", "known_as": "Tunde Talks"},
        accounts=[
            {"id": youtube.pk, **_account("youtube", "Tunde Talks", 150)},
            {"id": x.pk, "delete": True},
            _account("podcast", "Tunde Pod", 10),
        ],
    )
    influencer.refresh_from_db()
    assert influencer.name == "Tunde Adeyemi"
    assert sorted(influencer.accounts.values_list("platform", "audience_size")) == [("podcast", 10), ("youtube", 150)]
    assert influencer.total_reach == 160


def test_account_of_another_influencer_cannot_be_changed_through_update():
    mine = InfluencerFactory()
    theirs = PlatformAccountFactory()
    with pytest.raises(ApplicationError) as caught:
        services.influencer_update(influencer=mine, data={}, accounts=[{"id": theirs.pk, **_account()}])
    assert caught.value.field == "accounts"


def test_unchanged_audience_records_no_new_snapshot():
    influencer = services.influencer_create(data={"name": "A"}, accounts=[_account(audience=10)])
    account = influencer.accounts.get()
    services.platform_accounts_save(
        influencer=influencer, accounts=[{"id": account.pk, **_account(audience=10)}], today=date(2026, 1, 1)
    )
    assert account.snapshots.count() == 1


def test_reach_is_the_sum_of_the_latest_snapshots_not_the_largest():
    influencer = InfluencerFactory()
    instagram = PlatformAccountFactory(influencer=influencer, platform=Platform.INSTAGRAM)
    radio = PlatformAccountFactory(influencer=influencer, platform=Platform.COMMUNITY_RADIO, profile_url="")
    today = timezone.localdate()
    services.follower_snapshot_record(account=instagram, audience_size=5_000, recorded_on=today - timedelta(days=60))
    services.follower_snapshot_record(account=instagram, audience_size=4_000, recorded_on=today - timedelta(days=1))
    services.follower_snapshot_record(account=radio, audience_size=900, recorded_on=today)
    # An older count recorded late does not replace the latest.
    services.follower_snapshot_record(account=instagram, audience_size=9_999, recorded_on=today - timedelta(days=90))
    instagram.refresh_from_db()
    influencer.refresh_from_db()
    assert instagram.audience_size == 4_000
    assert influencer.total_reach == 4_900


def test_snapshot_on_the_same_day_replaces_the_earlier_one():
    account = PlatformAccountFactory()
    services.follower_snapshot_record(account=account, audience_size=100)
    services.follower_snapshot_record(account=account, audience_size=120)
    assert list(account.snapshots.values_list("audience_size", flat=True)) == [120]
    account.influencer.refresh_from_db()
    assert account.influencer.total_reach == 120


def test_snapshot_in_the_future_is_refused():
    account = PlatformAccountFactory()
    with pytest.raises(ApplicationError) as caught:
        services.follower_snapshot_record(
            account=account, audience_size=1, recorded_on=timezone.localdate() + timedelta(days=1)
        )
    assert caught.value.field == "recorded_on"


def test_deleting_an_account_lowers_the_reach():
    influencer = services.influencer_create(
        data={"name": "A"}, accounts=[_account("instagram", "@a", 100), _account("tiktok", "@a", 40)]
    )
    tiktok = influencer.accounts.get(platform="tiktok")
    services.platform_accounts_save(influencer=influencer, accounts=[{"id": tiktok.pk, "delete": True}])
    influencer.refresh_from_db()
    assert influencer.total_reach == 100


def test_coordinator_clears_with_who_when_and_note(coordinator):
    influencer = InfluencerFactory()
    services.influencer_clear(influencer=influencer, note="Checks done.", decided_by=coordinator)
    influencer.refresh_from_db()
    assert influencer.due_diligence_status == DueDiligenceStatus.CLEARED
    assert influencer.due_diligence_decided_by == coordinator
    assert influencer.due_diligence_note == "Checks done."
    assert abs((timezone.now() - influencer.due_diligence_decided_at).total_seconds()) < 60


@pytest.mark.parametrize("status", [DueDiligenceStatus.CLEARED, DueDiligenceStatus.NOT_SUITABLE])
def test_clearing_or_turning_down_needs_a_note(coordinator, status):
    influencer = InfluencerFactory()
    with pytest.raises(ApplicationError) as caught:
        services.influencer_decide_due_diligence(influencer=influencer, status=status, note=" ", decided_by=coordinator)
    assert caught.value.field == "note"
    influencer.refresh_from_db()
    assert influencer.due_diligence_status == DueDiligenceStatus.NOT_CHECKED


def test_in_progress_needs_no_note(coordinator):
    influencer = InfluencerFactory()
    services.influencer_decide_due_diligence(
        influencer=influencer, status=DueDiligenceStatus.IN_PROGRESS, note="", decided_by=coordinator
    )
    influencer.refresh_from_db()
    assert influencer.due_diligence_status == DueDiligenceStatus.IN_PROGRESS


@pytest.mark.parametrize("user_fixture", ["oversight", "volunteer"])
def test_only_coordinators_decide_due_diligence(request, user_fixture):
    influencer = InfluencerFactory()
    with pytest.raises(ApplicationError):
        services.influencer_clear(influencer=influencer, note="x", decided_by=request.getfixturevalue(user_fixture))
    influencer.refresh_from_db()
    assert influencer.due_diligence_status == DueDiligenceStatus.NOT_CHECKED


def test_bookable_only_when_cleared_and_active(coordinator):
    influencer = InfluencerFactory()
    with pytest.raises(ApplicationError) as caught:
        services.influencer_assert_bookable(influencer=influencer)
    assert caught.value.field == "influencer" and "Not checked" in caught.value.message
    influencer = services.influencer_clear(influencer=influencer, note="ok", decided_by=coordinator)
    services.influencer_assert_bookable(influencer=influencer)
    assert services.influencer_is_bookable(influencer)
    influencer = services.influencer_archive(influencer=influencer)
    assert not services.influencer_is_bookable(influencer)
    with pytest.raises(ApplicationError) as caught:
        services.influencer_assert_bookable(influencer=influencer)
    assert "archived" in caught.value.message


def test_archive_and_restore():
    influencer = services.influencer_archive(influencer=InfluencerFactory())
    assert influencer.active is False and influencer.archived_at is not None
    with pytest.raises(ApplicationError):
        services.influencer_archive(influencer=influencer)
    influencer = services.influencer_restore(influencer=influencer)
    assert influencer.active is True and influencer.archived_at is None


def test_delete_without_history_removes_influencer_and_accounts():
    account = PlatformAccountFactory()
    services.follower_snapshot_record(account=account, audience_size=5)
    assert services.influencer_has_history(account.influencer) is False
    services.influencer_delete(influencer=account.influencer)
    assert not Influencer.objects.exists() and not FollowerSnapshot.objects.exists()


def test_own_accounts_are_not_history_but_other_apps_relations_are(monkeypatch):
    """History is read from reverse relations generically; stand in the accounts relation for another app's."""
    influencer = InfluencerFactory()
    assert services._history_relations() == [
        rel for rel in Influencer._meta.related_objects if rel.related_model._meta.app_label != "influencers"
    ]
    monkeypatch.setattr(services, "_history_relations", lambda: [Influencer._meta.get_field("accounts")])
    assert services.influencer_has_history(influencer) is False
    PlatformAccountFactory(influencer=influencer)
    assert services.influencer_has_history(influencer) is True
    with pytest.raises(ApplicationError) as caught:
        services.influencer_delete(influencer=influencer)
    assert "Archive them instead" in caught.value.message
    assert Influencer.objects.filter(pk=influencer.pk).exists()


def test_photo_is_stored_and_replaced_files_are_removed(django_capture_on_commit_callbacks):
    influencer = services.influencer_create(
        data={"name": "A"}, photo=prepare_photo(upload(make_image(size=(2000, 1000))))
    )
    old = influencer.photo.name
    storage = influencer.photo.storage
    assert storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        services.influencer_update(
            influencer=influencer, data={}, photo=prepare_photo(upload(make_image(size=(300, 300))))
        )
    assert not storage.exists(old) and storage.exists(influencer.photo.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.influencer_update(influencer=influencer, data={}, remove_photo=True)
    influencer.refresh_from_db()
    assert not influencer.photo and not influencer.photo_thumbnail
