from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import MailStatus


class OutgoingMail(models.Model):
    """One message owed to one person: what it is (``kind``, a key an app registered a renderer for), what it is
    about, and how far its delivery got. The content is rendered only when it is sent, so it says what is true then.

    ``dedupe_key`` tells apart several messages of one kind about one thing (a reminder per start time); the three
    together are unique, so enqueuing the same message twice queues it once."""

    kind = models.CharField(max_length=60)
    about_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    about_id = models.PositiveBigIntegerField()
    about = GenericForeignKey("about_type", "about_id")
    dedupe_key = models.CharField(max_length=100, blank=True, default="")
    # What a coordinator filters the sent-mail page by, e.g. "summit:12"; empty for account mail.
    scope = models.CharField(max_length=60, blank=True, default="", db_index=True)
    recipient = models.EmailField(max_length=254)
    status = models.CharField(max_length=20, choices=MailStatus.choices, default=MailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "about_type", "about_id", "dedupe_key"], name="outgoing_mail_once_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"], name="outgoing_mail_status_queued"),
            models.Index(fields=["status", "claimed_at"], name="outgoing_mail_status_claimed"),
            models.Index(fields=["about_type", "about_id"], name="outgoing_mail_about"),
            # The survey's reminders are due a few days after each invitation was sent.
            models.Index(fields=["kind", "sent_at"], name="outgoing_mail_kind_sent"),
        ]
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")

    def __str__(self):
        return f"{self.kind} to {self.recipient} ({self.get_status_display()})"

    @property
    def reason(self) -> str:
        """What went wrong, said so that a coordinator knows what to do about it."""
        error = self.last_error
        if self.status == MailStatus.SKIPPED:
            return "Not needed any more" + (f" ({error.split(': ', 1)[-1]})." if error else ".")
        if not error:
            return ""
        if error.startswith("outcome unknown"):
            return (
                "It may have been sent: the sending stopped while the mail server had it. Retry only if the person "
                "says it never came."
            )
        if "permanent refusal" in error:
            return (
                f"The mail server refused the address for good ({error.split()[0]}): check it with the person, "
                "correct it, then retry."
            )
        if error.startswith("temporary failures"):
            return "The mail server kept asking us to try later: retry, and check the address if it fails again."
        if error.startswith("could not be composed"):
            return "A fault on our side stopped it being written: tell the administrator."
        return f"Waiting to try again ({error})."
