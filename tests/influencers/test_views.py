import pytest
from django.urls import reverse

from btb.accounts.models import Community
from influencers import services
from influencers.enums import DueDiligenceStatus, Platform
from influencers.models import Influencer, InfluencerSkill
from tests.accounts.test_images import make_image
from tests.factories import BoroughFactory
from tests.influencers.factories import InfluencerFactory, PlatformAccountFactory

pytestmark = pytest.mark.django_db

LIST = reverse("influencers:influencer_list")


def names(response):
    return [influencer.name for influencer in response.context["influencers"]]


@pytest.fixture
def directory():
    hackney = BoroughFactory(name="Hackney")
    black = Community.objects.get(name="Black")
    dj = InfluencerSkill.objects.get(name="DJ")
    dani = InfluencerFactory(name="Danielle Brooks", known_as="DJ Dani B", total_reach=500)
    dani.skills.add(dj)
    dani.boroughs.add(hackney)
    PlatformAccountFactory(influencer=dani, platform=Platform.INSTAGRAM, handle="@djdanib")
    kofi = InfluencerFactory(name="Kofi Asante", total_reach=9000, due_diligence_status=DueDiligenceStatus.CLEARED)
    kofi.communities.add(black)
    PlatformAccountFactory(influencer=kofi, platform=Platform.TIKTOK, handle="@kofilaughs", profile_url="")
    PlatformAccountFactory(influencer=kofi, platform=Platform.INSTAGRAM, handle="@kofi")
    InfluencerFactory(name="Archived Person", active=False)
    return {"dani": dani, "kofi": kofi, "hackney": hackney, "black": black, "dj": dj}


@pytest.mark.parametrize(
    "query,expected",
    [
        ({}, ["Danielle Brooks", "Kofi Asante"]),
        ({"q": "dani b"}, ["Danielle Brooks"]),
        ({"q": "kofilaughs"}, ["Kofi Asante"]),
        ({"platform": "tiktok"}, ["Kofi Asante"]),
        ({"platform": "instagram"}, ["Danielle Brooks", "Kofi Asante"]),
        ({"status": "cleared"}, ["Kofi Asante"]),
        ({"sort": "-reach"}, ["Kofi Asante", "Danielle Brooks"]),
        ({"show": "archived"}, ["Archived Person"]),
        ({"platform": "myspace", "sort": "nonsense", "page": "1"}, ["Danielle Brooks", "Kofi Asante"]),
    ],
)
def test_directory_filters_and_sorts(client, coordinator, directory, query, expected):
    client.force_login(coordinator)
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert names(response) == expected


def test_directory_filters_by_related_lists(client, coordinator, directory):
    client.force_login(coordinator)
    assert names(client.get(LIST, {"borough": directory["hackney"].pk})) == ["Danielle Brooks"]
    assert names(client.get(LIST, {"community": directory["black"].pk})) == ["Kofi Asante"]
    assert names(client.get(LIST, {"skill": directory["dj"].pk})) == ["Danielle Brooks"]
    assert names(client.get(LIST, {"skill": directory["dj"].pk, "community": directory["black"].pk})) == []


def test_directory_empty_state_and_bad_page(client, coordinator):
    client.force_login(coordinator)
    response = client.get(LIST, {"q": "nobody"})
    assert "No influencers match these filters." in response.content.decode()
    assert client.get(LIST, {"page": "99"}).status_code == 404


def test_directory_page_and_export_links_keep_the_filters(client, coordinator):
    InfluencerFactory.create_batch(26, name="Kofi")
    client.force_login(coordinator)
    page = client.get(LIST, {"q": "Kofi", "page": "1"}).content.decode()
    assert 'href="?q=Kofi&amp;page=2">Next</a>' in page
    export = reverse("influencers:influencer_export")
    assert f'href="{export}?q=Kofi&amp;format=csv"' in page and f'href="{export}?q=Kofi&amp;format=xlsx"' in page


def test_oversight_reads_without_change_links(client, oversight, directory):
    client.force_login(oversight)
    page = client.get(LIST).content.decode()
    assert "Danielle Brooks" in page and reverse("influencers:influencer_create") not in page
    detail = client.get(directory["kofi"].get_absolute_url()).content.decode()
    assert reverse("influencers:influencer_edit", args=[directory["kofi"].pk]) not in detail


@pytest.mark.parametrize("rows", [1, 20])
def test_directory_query_count_is_flat(client, coordinator, django_assert_max_num_queries, rows):
    skill = InfluencerSkill.objects.get(name="Host")
    for influencer in InfluencerFactory.create_batch(rows):
        influencer.skills.add(skill)
        PlatformAccountFactory.create_batch(2, influencer=influencer)
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(LIST)
    assert len(response.context["influencers"]) == rows


@pytest.mark.parametrize("snapshots", [1, 20])
def test_detail_query_count_is_flat(client, coordinator, django_assert_max_num_queries, snapshots):
    from datetime import timedelta

    from django.utils import timezone

    influencer = InfluencerFactory()
    for account in PlatformAccountFactory.create_batch(2, influencer=influencer):
        for day in range(snapshots):
            services.follower_snapshot_record(
                account=account, audience_size=100 + day, recorded_on=timezone.localdate() - timedelta(days=day)
            )
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(influencer.get_absolute_url())
    assert len(response.context["reach_points"]) == snapshots


def test_detail_shows_chart_with_data_table(client, coordinator):
    from datetime import date

    influencer = InfluencerFactory(name="Grace Mensah")
    account = PlatformAccountFactory(influencer=influencer, platform=Platform.COMMUNITY_RADIO, profile_url="")
    services.follower_snapshot_record(account=account, audience_size=4000, recorded_on=date(2026, 1, 5))
    services.follower_snapshot_record(account=account, audience_size=4700, recorded_on=date(2026, 3, 5))
    client.force_login(coordinator)
    page = client.get(influencer.get_absolute_url()).content.decode()
    assert 'role="img"' in page and "<polyline" in page
    assert '<td>5 January 2026</td><td class="text-end">4,000</td>' in page
    assert '<td>5 March 2026</td><td class="text-end">4,700</td>' in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_detail_lists_registered_engagements(client, coordinator, monkeypatch):
    from datetime import date

    from influencers import engagements

    influencer = InfluencerFactory()
    monkeypatch.setattr(engagements, "_sources", [])
    engagements.register_engagement_source(
        label="Summits",
        build=lambda inf: [engagements.Engagement(date=date(2026, 5, 1), kind="Summit", title="Hackney Summit")],
    )
    client.force_login(coordinator)
    page = client.get(influencer.get_absolute_url()).content.decode()
    assert "Hackney Summit" in page


def _create_payload(**extra):
    data = {
        "name": "Kofi Asante",
        "known_as": "Kofi Laughs",
        "preferred_channel": "email",
        "accounts-TOTAL_FORMS": "2",
        "accounts-INITIAL_FORMS": "0",
        "accounts-MIN_NUM_FORMS": "0",
        "accounts-MAX_NUM_FORMS": "20",
        "accounts-0-platform": "instagram",
        "accounts-0-handle": "@kofilaughs",
        "accounts-0-profile_url": "instagram.com/kofilaughs",
        "accounts-0-audience_size": "48000",
        "accounts-1-platform": "tiktok",
        "accounts-1-handle": "@kofilaughs",
        "accounts-1-profile_url": "https://www.tiktok.com/@kofilaughs",
        "accounts-1-audience_size": "121000",
    }
    data.update(extra)
    return data


def test_coordinator_creates_influencer_with_two_accounts(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("influencers:influencer_create"), _create_payload(), follow=True)
    influencer = Influencer.objects.get()
    assert response.redirect_chain[-1][0] == influencer.get_absolute_url()
    assert "Kofi Asante (Kofi Laughs) has been added to the directory." in response.content.decode()
    assert influencer.total_reach == 169_000
    assert influencer.accounts.get(platform="instagram").profile_url == "https://instagram.com/kofilaughs"


def test_create_shows_url_error_next_to_the_account_field(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("influencers:influencer_create"),
        _create_payload(**{"accounts-1-profile_url": "https://youtube.com/kofi"}),
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[1].errors == {
        "profile_url": ["A TikTok profile link must be on tiktok.com."]
    }
    assert not Influencer.objects.exists()


def test_create_refuses_the_same_account_twice(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("influencers:influencer_create"),
        _create_payload(**{"accounts-1-platform": "instagram", "accounts-1-profile_url": ""}),
    )
    assert response.status_code == 200
    assert not Influencer.objects.exists()


def test_edit_with_photo_and_account_removal(client, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    influencer = services.influencer_create(
        data={"name": "Leon"},
        accounts=[{"platform": "instagram", "handle": "@leon", "profile_url": "", "audience_size": 10}],
    )
    account = influencer.accounts.get()
    client.force_login(coordinator)
    response = client.post(
        reverse("influencers:influencer_edit", args=[influencer.pk]),
        {
            "name": "Leon Francis",
            "preferred_channel": "text",
            "photo": SimpleUploadedFile("me.png", make_image("PNG"), content_type="image/png"),
            "accounts-TOTAL_FORMS": "2",
            "accounts-INITIAL_FORMS": "1",
            "accounts-MIN_NUM_FORMS": "0",
            "accounts-MAX_NUM_FORMS": "20",
            "accounts-0-id": str(account.pk),
            "accounts-0-influencer": str(influencer.pk),
            "accounts-0-platform": "instagram",
            "accounts-0-handle": "@leon",
            "accounts-0-audience_size": "10",
            "accounts-0-DELETE": "on",
        },
    )
    assert response.status_code == 302
    influencer.refresh_from_db()
    assert influencer.name == "Leon Francis" and influencer.total_reach == 0 and influencer.photo
    assert client.get(reverse("influencers:influencer_thumbnail", args=[influencer.pk]))["Content-Type"] == "image/jpeg"


def test_edit_rejects_a_bad_photo_next_to_the_field(client, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    influencer = InfluencerFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("influencers:influencer_edit", args=[influencer.pk]),
        {
            "name": "X",
            "preferred_channel": "email",
            "photo": SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg"),
            "accounts-TOTAL_FORMS": "0",
            "accounts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors


def test_due_diligence_page_records_decision(client, coordinator):
    influencer = InfluencerFactory()
    client.force_login(coordinator)
    url = reverse("influencers:influencer_due_diligence", args=[influencer.pk])
    response = client.post(url, {"status": "cleared", "note": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["note"][0].startswith("Write a short note")
    response = client.post(url, {"status": "cleared", "note": "References checked."})
    assert response.status_code == 302
    influencer.refresh_from_db()
    assert influencer.is_cleared and influencer.due_diligence_decided_by == coordinator


def test_oversight_cannot_post_changes(client, oversight):
    influencer = InfluencerFactory()
    client.force_login(oversight)
    for name in ("influencer_due_diligence", "influencer_archive", "influencer_delete", "influencer_edit"):
        assert (
            client.post(reverse(f"influencers:{name}", args=[influencer.pk]), {"status": "cleared"}).status_code == 403
        )
    assert client.post(reverse("influencers:influencer_create"), _create_payload()).status_code == 403
    influencer.refresh_from_db()
    assert influencer.active and influencer.due_diligence_status == DueDiligenceStatus.NOT_CHECKED
    assert Influencer.objects.count() == 1


def test_volunteer_gets_404_on_objects_and_403_on_lists(client, volunteer):
    influencer = InfluencerFactory()
    client.force_login(volunteer)
    assert client.get(LIST).status_code == 403
    assert client.get(influencer.get_absolute_url()).status_code == 404
    assert client.post(reverse("influencers:influencer_archive", args=[influencer.pk])).status_code == 404


def test_archive_restore_and_delete_by_post(client, coordinator):
    influencer = InfluencerFactory()
    client.force_login(coordinator)
    client.get(reverse("influencers:influencer_archive", args=[influencer.pk]))
    influencer.refresh_from_db()
    assert influencer.active  # GET only asks
    client.post(reverse("influencers:influencer_archive", args=[influencer.pk]))
    influencer.refresh_from_db()
    assert not influencer.active
    client.post(reverse("influencers:influencer_restore", args=[influencer.pk]))
    influencer.refresh_from_db()
    assert influencer.active
    response = client.post(reverse("influencers:influencer_delete", args=[influencer.pk]))
    assert response["Location"] == LIST and not Influencer.objects.exists()


def test_snapshot_page_records_a_count(client, coordinator):
    account = PlatformAccountFactory()
    client.force_login(coordinator)
    url = reverse("influencers:influencer_snapshot", args=[account.influencer.pk])
    response = client.post(url, {"account": account.pk, "recorded_on": "2026-01-02", "audience_size": "321"})
    assert response.status_code == 302
    account.influencer.refresh_from_db()
    assert account.influencer.total_reach == 321
    other = PlatformAccountFactory()
    response = client.post(url, {"account": other.pk, "recorded_on": "2026-01-02", "audience_size": "5"})
    assert response.status_code == 200 and "account" in response.context["form"].errors


def test_navigation_shows_influencers_to_coordinators_and_oversight(client, coordinator, oversight, volunteer):
    for user, shown in ((coordinator, True), (oversight, True), (volunteer, False)):
        client.force_login(user)
        labels = [item["label"] for item in client.get(reverse("home")).context["nav_items"]]
        assert ("Influencers" in labels) is shown
