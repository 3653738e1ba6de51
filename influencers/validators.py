"""Profile links must point at the platform the account is on, so a coordinator's click lands where they expect."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from btb.bounds import INTEGER_MAX

from .enums import Platform

# No account has two billion followers: a count past a PostgreSQL integer is a typo, and keeping every count under
# it keeps an influencer's summed reach well inside its column too.
AUDIENCE_MAX = INTEGER_MAX

# The sites each platform's profiles live on (subdomains such as m. or www. are accepted too). Platforms not named
# here (community radio, podcasts, other) live anywhere, so any https address is accepted for them.
PLATFORM_HOSTS = {
    Platform.YOUTUBE: ("youtube.com", "youtu.be"),
    Platform.INSTAGRAM: ("instagram.com",),
    Platform.TIKTOK: ("tiktok.com",),
    Platform.FACEBOOK: ("facebook.com", "fb.com"),
    Platform.X: ("x.com", "twitter.com"),
    Platform.SNAPCHAT: ("snapchat.com",),
}


def _host_matches(host: str, allowed: str) -> bool:
    return host == allowed or host.endswith("." + allowed)


def validate_profile_url(*, platform: str, url: str) -> None:
    """Raise ValidationError unless ``url`` is an https address on the platform's own site."""
    if not url:
        return
    URLValidator(schemes=["https"], message=_("Enter a full web address starting with https://."))(url)
    hosts = PLATFORM_HOSTS.get(platform)
    if not hosts:
        return
    host = (urlsplit(url).hostname or "").lower()
    if not any(_host_matches(host, allowed) for allowed in hosts):
        label = Platform(platform).label
        raise ValidationError(
            _("A %(platform)s profile link must be on %(hosts)s."),
            code="wrong_platform",
            params={"platform": label, "hosts": " or ".join(hosts)},
        )
