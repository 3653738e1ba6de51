import secrets

from django.conf import settings
from django.db import models


def _new_token():
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a coordinator's calendar-feed address: calendar apps cannot sign in, so the address is the
    key. Resetting it cuts off every copy of the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "calendar feed address"

    def __str__(self):
        return f"Calendar feed of {self.user}"
