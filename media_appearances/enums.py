from django.db import models
from django.utils.translation import gettext_lazy as _

from btb.transitions import Transitions


class QuestionTopic(models.TextChoices):
    CAREER = "career", _("Career and role so far")
    WHY_JOINED = "why_joined", _("Why I joined, and how family and friends took it")
    PAY = "pay", _("Pay, benefits and pension")
    REPRESENTATION = "representation", _("Representation and role models")
    HOW_TO_JOIN = "how_to_join", _("How to join")
    COMMUNITY = "community", _("Community-specific")


class OutletKind(models.TextChoices):
    COMMUNITY_RADIO = "community_radio", _("Community radio")
    YOUTUBE_SHOW = "youtube_show", _("YouTube show")
    TIKTOK_LIVE = "tiktok_live", _("TikTok live")
    INSTAGRAM_LIVE = "instagram_live", _("Instagram live")
    FACEBOOK_LIVE = "facebook_live", _("Facebook live")
    PODCAST = "podcast", _("Podcast")
    LOCAL_NEWSPAPER = "local_newspaper", _("Local newspaper")
    ONLINE_NEWS = "online_news", _("Online news")
    TV = "tv", _("TV")


class AppearanceStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    RECORDED = "recorded", _("Recorded")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


APPEARANCE_TRANSITIONS = Transitions(
    {
        AppearanceStatus.PROPOSED: (AppearanceStatus.CONFIRMED, AppearanceStatus.CANCELLED),
        AppearanceStatus.CONFIRMED: (AppearanceStatus.RECORDED, AppearanceStatus.CANCELLED),
        AppearanceStatus.RECORDED: (AppearanceStatus.PUBLISHED, AppearanceStatus.CANCELLED),
        AppearanceStatus.PUBLISHED: (),
        AppearanceStatus.CANCELLED: (),
    }
)

# Still to take place: interview slots can be added and volunteers can sign up for them.
UPCOMING_STATUSES = (AppearanceStatus.PROPOSED, AppearanceStatus.CONFIRMED)


class ParticipantRole(models.TextChoices):
    INTERVIEWEE = "interviewee", _("Interviewee")
    PANELLIST = "panellist", _("Panellist")
    SUPPORT = "support", _("Support (not on air)")


class Sentiment(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")
