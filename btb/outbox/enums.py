from django.db import models
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    CLAIMED = "claimed", _("Being sent")
    HANDED_OVER = "handed_over", _("Handed to the mail server")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not needed any more")


# Still owed: the delivery task or the recovery will move these on.
OPEN_STATUSES = (MailStatus.QUEUED, MailStatus.CLAIMED, MailStatus.HANDED_OVER)
