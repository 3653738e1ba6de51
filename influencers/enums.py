from django.db import models


class DueDiligenceStatus(models.TextChoices):
    NOT_CHECKED = "not_checked", "Not checked"
    IN_PROGRESS = "in_progress", "In progress"
    CLEARED = "cleared", "Cleared"
    NOT_SUITABLE = "not_suitable", "Not suitable"


class Platform(models.TextChoices):
    YOUTUBE = "youtube", "YouTube"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    SNAPCHAT = "snapchat", "Snapchat"
    COMMUNITY_RADIO = "community_radio", "Community radio"
    PODCAST = "podcast", "Podcast"
    OTHER = "other", "Other"


class ContactChannel(models.TextChoices):
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text or WhatsApp"
    SOCIAL = "social", "Direct message on social media"
    OTHER = "other", "Other"


class ImportStatus(models.TextChoices):
    """A large spreadsheet's way from upload to import; each working step is a Celery task."""

    QUEUED = "queued", "Waiting to be checked"
    CHECKING = "checking", "Checking the file"
    CHECKED = "checked", "Checked"
    WAITING = "waiting", "Waiting to be imported"
    IMPORTING = "importing", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Not imported"
