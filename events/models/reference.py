from django.db import models
from django.utils.translation import gettext_lazy as _


class StallUnit(models.Model):
    """A police unit or team that runs stalls (mounted branch, dog support unit…); admin-managed."""

    name = models.CharField(max_length=80, unique=True)
    notice_days = models.PositiveIntegerField(
        default=0, help_text=_("How many days' notice the unit needs to be booked (horses and dogs need more).")
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
