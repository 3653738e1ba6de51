from django.db import models


class MailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    CLAIMED = "claimed", "Being sent"
    HANDED_OVER = "handed_over", "Handed to the mail server"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not needed any more"


# Still owed: the delivery task or the recovery will move these on.
OPEN_STATUSES = (MailStatus.QUEUED, MailStatus.CLAIMED, MailStatus.HANDED_OVER)
