"""The secret in a calendar-feed address: calendar apps cannot sign in, so the address is the key.

Only its SHA-256 is stored (a database copy gives no working address), the address is shown once, when it is made,
it can be revoked, and it stops working after ``CALENDAR_FEED_IDLE_DAYS`` without a calendar app asking for it:
an address forgotten in an old phone or a shared calendar does not keep working for ever.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# A calendar app asks every few minutes to every few hours; recording each request would be a write per poll.
TOUCH_EVERY = timedelta(hours=1)


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FeedToken(models.Model):
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The plain token, on the instance that made it and nowhere else.
    token = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.token_hash:
            self.token = secrets.token_urlsafe(32)
            self.token_hash = hash_feed_token(self.token)
        super().save(*args, **kwargs)

    @property
    def expires_at(self):
        return (self.last_used_at or self.created_at) + timedelta(days=settings.CALENDAR_FEED_IDLE_DAYS)

    @classmethod
    def active(cls, token: str, *, now=None, related=()):
        """The row whose address this is, if it has not lapsed; records the use. A lapsed row is deleted."""
        now = now or timezone.now()
        feed = cls.objects.select_related(*related).filter(token_hash=hash_feed_token(token or "")).first()
        if feed is None:
            return None
        if feed.expires_at <= now:
            feed.delete()
            return None
        if feed.last_used_at is None or now - feed.last_used_at >= TOUCH_EVERY:
            cls.objects.filter(pk=feed.pk).update(last_used_at=now)
            feed.last_used_at = now
        return feed
