"""Reading the feeling of a livestream comment with VADER (vaderSentiment), a rule-based analyser tuned for social
media text. Its lexicon ships inside the package, so it works on a closed network."""

from functools import lru_cache

from .enums import Sentiment

# VADER's own recommended thresholds on the compound score.
POSITIVE_FROM = 0.05
NEGATIVE_TO = -0.05


@lru_cache(maxsize=1)
def _analyser():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def classify(text: str) -> tuple[Sentiment, float]:
    score = _analyser().polarity_scores(text)["compound"]
    if score >= POSITIVE_FROM:
        return Sentiment.POSITIVE, score
    if score <= NEGATIVE_TO:
        return Sentiment.NEGATIVE, score
    return Sentiment.NEUTRAL, score
