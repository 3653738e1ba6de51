from django.db import models

from btb.transitions import Transitions


class QuestionTopic(models.TextChoices):
    CAREER = "career", "Career and role so far"
    WHY_JOINED = "why_joined", "Why I joined, and how family and friends took it"
    PAY = "pay", "Pay, benefits and pension"
    REPRESENTATION = "representation", "Representation and role models"
    HOW_TO_JOIN = "how_to_join", "How to join"
    COMMUNITY = "community", "Community-specific"


class OutletKind(models.TextChoices):
    COMMUNITY_RADIO = "community_radio", "Community radio"
    YOUTUBE_SHOW = "youtube_show", "YouTube show"
    TIKTOK_LIVE = "tiktok_live", "TikTok live"
    INSTAGRAM_LIVE = "instagram_live", "Instagram live"
    FACEBOOK_LIVE = "facebook_live", "Facebook live"
    PODCAST = "podcast", "Podcast"
    LOCAL_NEWSPAPER = "local_newspaper", "Local newspaper"
    ONLINE_NEWS = "online_news", "Online news"
    TV = "tv", "TV"


class AppearanceStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    RECORDED = "recorded", "Recorded"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


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
    INTERVIEWEE = "interviewee", "Interviewee"
    PANELLIST = "panellist", "Panellist"
    SUPPORT = "support", "Support (not on air)"


class Sentiment(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"
