from django.conf import settings
from django.db import models


class HiddenComment(models.Model):
    """A free-text survey answer a coordinator has taken out of the reports (it stays in the survey's results)."""

    answer = models.OneToOneField("feedback.SurveyAnswer", on_delete=models.CASCADE, related_name="hidden_from_report")
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-hidden_at"]

    def __str__(self):
        return f"Hidden comment {self.answer_id}"
