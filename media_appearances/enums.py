from django.db import models


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


class ParticipantRole(models.TextChoices):
    INTERVIEWEE = "interviewee", "Interviewee"
    PANELLIST = "panellist", "Panellist"
    SUPPORT = "support", "Support (not on air)"


class Sentiment(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"
