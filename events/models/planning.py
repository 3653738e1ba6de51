from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import BudgetCategory, TaskMirror
from .summits import MONEY, Summit


class ChecklistStep(models.Model):
    """A step of the planning checklist template; every new summit gets a task for each active step."""

    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    days_before = models.IntegerField(
        _("days before the summit"),
        help_text=_("When the step is due, counted back from the summit's start; negative means after it."),
    )
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    mirrors = models.CharField(
        _("ticks itself when"),
        max_length=20,
        choices=TaskMirror.choices,
        blank=True,
        help_text=_("Leave empty for a task a person ticks off."),
    )

    class Meta:
        ordering = ["-days_before", "position", "pk"]

    def __str__(self):
        return self.title


class PlanningTask(models.Model):
    """One task of one summit's checklist. Its due date follows the summit while it is not done."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="tasks")
    step = models.ForeignKey(ChecklistStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    title = models.CharField(max_length=200)
    days_before = models.IntegerField(
        _("days before the summit"), help_text=_("Negative means after it. The due date is worked out from this.")
    )
    due_on = models.DateField(null=True, blank=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="planning_tasks"
    )
    done_at = models.DateTimeField(null=True, blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    notes = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["due_on", "-days_before", "pk"]
        indexes = [models.Index(fields=["done_at", "due_on"], name="task_done_due_idx")]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        """Late while the summit is still being worked on; a held or cancelled summit's tasks are never overdue."""
        return (
            not self.is_done and self.due_on is not None and self.due_on < timezone.localdate() and self.summit.is_open
        )

    @property
    def ticked_itself(self) -> bool:
        return self.is_done and self.done_by_id is None and bool(self.step_id) and bool(self.step.mirrors)


class BudgetLine(models.Model):
    """A planned (and later actual) cost. Influencer fees agreed on an engagement keep a line of their own."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(max_length=200)
    planned = models.DecimalField(_("planned (£)"), **MONEY, default=0, validators=[MinValueValidator(0)])
    actual = models.DecimalField(
        _("actual (£)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)], help_text=_("Once known.")
    )
    influencer = models.ForeignKey(
        "influencers.Influencer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="summit_budget_lines",
        verbose_name=_("influencer paid"),
    )
    engagement = models.OneToOneField(
        "events.InfluencerEngagement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="budget_line",
        editable=False,
    )

    class Meta:
        ordering = ["category", "pk"]

    def __str__(self):
        return f"{self.get_category_display()}: {self.description}"
