import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from btb.feed_tokens import FeedToken


# Named by the first migration (the token's former default).
def _new_token():
    return secrets.token_urlsafe(32)


class CalendarFeedToken(FeedToken):
    """The secret in a coordinator's calendar-feed address (hashed, shown once, lapsing: see btb.feed_tokens).
    Resetting it cuts off every copy of the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")

    def __str__(self):
        return f"Calendar feed of {self.user}"
