from django.db import models


class QuestionTopic(models.TextChoices):
    CAREER = "career", "Career and role so far"
    WHY_JOINED = "why_joined", "Why I joined, and how family and friends took it"
    PAY = "pay", "Pay, benefits and pension"
    REPRESENTATION = "representation", "Representation and role models"
    HOW_TO_JOIN = "how_to_join", "How to join"
    COMMUNITY = "community", "Community-specific"
