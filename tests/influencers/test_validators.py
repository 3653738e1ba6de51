import pytest
from django.core.exceptions import ValidationError

from influencers.enums import Platform
from influencers.validators import validate_profile_url
from tests.influencers.factories import PlatformAccountFactory

ACCEPTED = [
    (Platform.YOUTUBE, "https://www.youtube.com/@tundetalks"),
    (Platform.YOUTUBE, "https://youtu.be/abc123"),
    (Platform.INSTAGRAM, "https://instagram.com/kofilaughs"),
    (Platform.INSTAGRAM, "https://www.instagram.com/kofilaughs/"),
    (Platform.TIKTOK, "https://www.tiktok.com/@kofilaughs"),
    (Platform.FACEBOOK, "https://m.facebook.com/page"),
    (Platform.FACEBOOK, "https://fb.com/page"),
    (Platform.X, "https://x.com/name"),
    (Platform.X, "https://twitter.com/name"),
    (Platform.SNAPCHAT, "https://www.snapchat.com/add/name"),
    (Platform.COMMUNITY_RADIO, "https://eastsidefm.example.org/show"),
    (Platform.PODCAST, "https://podcasts.example.org/show"),
    (Platform.OTHER, "https://www.mixcloud.com/dj"),
]

REFUSED = [
    (Platform.YOUTUBE, "https://vimeo.com/name", "youtube.com or youtu.be"),
    (Platform.INSTAGRAM, "https://instagram.com.evil.example/name", "instagram.com"),
    (Platform.INSTAGRAM, "https://notinstagram.com/name", "instagram.com"),
    (Platform.TIKTOK, "https://instagram.com/name", "tiktok.com"),
    (Platform.FACEBOOK, "https://facebook.co/name", "facebook.com or fb.com"),
    (Platform.X, "https://threads.net/name", "x.com or twitter.com"),
    (Platform.SNAPCHAT, "https://snap.com/name", "snapchat.com"),
    (Platform.COMMUNITY_RADIO, "http://eastsidefm.example.org/show", "https://"),
    (Platform.PODCAST, "javascript:alert(1)", "https://"),
]


@pytest.mark.parametrize("platform,url", ACCEPTED)
def test_profile_url_accepted_on_the_platforms_site(platform, url):
    validate_profile_url(platform=platform, url=url)


@pytest.mark.parametrize("platform,url,named", REFUSED)
def test_profile_url_refused_off_the_platforms_site(platform, url, named):
    with pytest.raises(ValidationError) as caught:
        validate_profile_url(platform=platform, url=url)
    assert named in caught.value.messages[0]


@pytest.mark.django_db
def test_platform_account_clean_reports_the_profile_url_field():
    account = PlatformAccountFactory.build(
        influencer=PlatformAccountFactory().influencer, platform=Platform.YOUTUBE, profile_url="https://x.com/a"
    )
    with pytest.raises(ValidationError) as caught:
        account.full_clean()
    assert list(caught.value.message_dict) == ["profile_url"]
