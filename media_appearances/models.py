from django.db import models

from .enums import QuestionTopic


class Question(models.Model):
    """A question in the bank that presenters are given, with what the interviewee should have ready."""

    text = models.TextField(max_length=1000)
    topic = models.CharField(max_length=20, choices=QuestionTopic.choices)
    preparation_notes = models.TextField(
        max_length=4000, blank=True, help_text="Facts and figures the interviewee should have ready."
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "pk"]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class QuestionSet(models.Model):
    """An ordered selection of questions. Sets are built from the bank, then copied and tailored for a
    particular appearance or summit panel; a copy records what it was copied from."""

    name = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True)
    tailoring_note = models.TextField(
        max_length=4000,
        blank=True,
        help_text="How this copy was tailored, e.g. after a local incident: what can and cannot be said.",
    )
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies")
    is_template = models.BooleanField(
        "reusable template", default=True, help_text="Templates are offered when building a new set."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class QuestionSetItem(models.Model):
    """One question in a set, at a position. The text is copied from the bank so tailoring a set never changes
    the bank or any other set."""

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField(max_length=1000)
    preparation_notes = models.TextField(max_length=4000, blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["question_set", "position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.text[:60]}"
