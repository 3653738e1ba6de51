"""The site's own name on the internet, from ``SITE_URL``: what e-mailed links, Message-IDs and calendar UIDs use."""

from urllib.parse import urlsplit

from django.conf import settings


def site_domain() -> str:
    """The host of ``SITE_URL`` ("btb.example.org"), without port: Message-IDs and calendar UIDs end with it, so
    they are unique to this site and not to the machine that happened to send them."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"
