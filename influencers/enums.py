from django.db import models
from django.utils.translation import gettext_lazy as _


class DueDiligenceStatus(models.TextChoices):
    NOT_CHECKED = "not_checked", _("Not checked")
    IN_PROGRESS = "in_progress", _("In progress")
    CLEARED = "cleared", _("Cleared")
    NOT_SUITABLE = "not_suitable", _("Not suitable")


class Platform(models.TextChoices):
    YOUTUBE = "youtube", _("YouTube")
    INSTAGRAM = "instagram", _("Instagram")
    TIKTOK = "tiktok", _("TikTok")
    FACEBOOK = "facebook", _("Facebook")
    X = "x", _("X (Twitter)")
    SNAPCHAT = "snapchat", _("Snapchat")
    COMMUNITY_RADIO = "community_radio", _("Community radio")
    PODCAST = "podcast", _("Podcast")
    OTHER = "other", _("Other")


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text or WhatsApp")
    SOCIAL = "social", _("Direct message on social media")
    OTHER = "other", _("Other")


class ImportStatus(models.TextChoices):
    """A large spreadsheet's way from upload to import; each working step is a Celery task."""

    QUEUED = "queued", _("Waiting to be checked")
    CHECKING = "checking", _("Checking the file")
    CHECKED = "checked", _("Checked")
    WAITING = "waiting", _("Waiting to be imported")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")
