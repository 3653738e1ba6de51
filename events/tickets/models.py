"""Ticket holders imported from the ticketing platform's attendee export, and how such exports are read."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from btb.languages import PersonLanguage
from btb.transitions import Transitions

from ..models.summits import Summit


class TicketHolder(models.Model):
    """One ticket for a summit. Only what the door list and the survey need; anonymised after the retention period.

    ``identity`` is how the ticket is recognised when the export is imported again: the platform's references,
    else the e-mail address (see ``events.tickets.files.TicketRow.identity``).
    """

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="ticket_holders")
    identity = models.CharField(max_length=300, editable=False)
    order_ref = models.CharField(_("order reference"), max_length=100, blank=True)
    attendee_ref = models.CharField(_("ticket reference"), max_length=100, blank=True)
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    ticket_type = models.CharField(max_length=100, blank=True)
    checked_in = models.BooleanField(_("checked in"), default=False)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    consent = models.BooleanField(
        _("consented to be contacted"), null=True, blank=True, help_text=_("Empty when the export did not ask.")
    )
    language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=PersonLanguage.choices,
        blank=True,
        help_text=_("The survey invitations are written in it; empty: in the summit's survey language."),
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["summit", "identity"], name="ticket_holder_unique_identity"),
        ]
        # The door list pages by name then pk: with the pk in the index a big summit's page is read, not sorted.
        # Tickets and check-ins per summit (reports) are counted from (summit, checked_in) alone, an index-only scan.
        indexes = [
            models.Index(fields=["summit", "name", "id"], name="ticket_holder_name_pk_idx"),
            models.Index(fields=["summit", "checked_in"], name="ticket_holder_checked_in_idx"),
        ]

    def __str__(self):
        return self.name or self.attendee_ref or self.order_ref or "Anonymised ticket holder"


class DoorCheckIn(models.Model):
    """One tap at the door, as the device recorded it: the device's own id for it (so a tap synced twice is stored
    once), whether it checked the holder in or out, and when the device says it happened. Kept as the door's record:
    when two devices check the same person in, the second sees who was first and when."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="door_check_ins")
    holder = models.ForeignKey(TicketHolder, on_delete=models.CASCADE, related_name="door_check_ins")
    client_id = models.UUIDField(_("device's id for the tap"), unique=True, editable=False)
    checked_in = models.BooleanField(default=True)
    tapped_at = models.DateTimeField(_("when the device says it happened"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    conflict = models.BooleanField(
        default=False, help_text=_("The holder was already checked in by someone else when this tap arrived.")
    )

    class Meta:
        ordering = ["tapped_at", "pk"]
        verbose_name = _("door check-in")
        indexes = [models.Index(fields=["summit", "tapped_at"], name="door_check_in_summit_idx")]

    def __str__(self):
        return f"{self.holder} {'in' if self.checked_in else 'out'} at {self.tapped_at:%H:%M}"


class TicketColumnMapping(models.Model):
    """Which column of another platform's export holds each field; made once by a coordinator and reused."""

    name = models.CharField(max_length=100, unique=True, help_text=_("For example “Shoobs attendee list”."))
    columns = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def fits(self, headers: list[str]) -> bool:
        return bool(self.columns) and set(self.columns.values()) <= set(headers)


class TicketImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Waiting for confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


# A small file runs straight from the preview; a large one is queued for a worker first.
TICKET_IMPORT_TRANSITIONS = Transitions(
    {
        TicketImportStatus.PREVIEW: (TicketImportStatus.QUEUED, TicketImportStatus.RUNNING),
        TicketImportStatus.QUEUED: (TicketImportStatus.RUNNING, TicketImportStatus.FAILED),
        TicketImportStatus.RUNNING: (TicketImportStatus.DONE, TicketImportStatus.FAILED),
        TicketImportStatus.DONE: (),
        TicketImportStatus.FAILED: (),
    }
)


class TicketImport(models.Model):
    """An uploaded export between preview and import. The file is kept in the database (so a worker on another
    machine can read it) and dropped once imported."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="ticket_imports")
    filename = models.CharField(max_length=200)
    data = models.BinaryField(editable=False)
    platform = models.CharField(max_length=20, blank=True)
    headers = models.JSONField(default=list)
    columns = models.JSONField(default=dict, help_text=_("The column mapping used."))
    status = models.CharField(max_length=10, choices=TicketImportStatus.choices, default=TicketImportStatus.PREVIEW)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    rejected = models.JSONField(default=list, help_text=_("[row number, reason] for each rejected row."))
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text=_("When it was last queued or began importing.")
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} for {self.summit}"

    @property
    def percent(self) -> int:
        if self.status == TicketImportStatus.DONE:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_finished(self) -> bool:
        return TICKET_IMPORT_TRANSITIONS.is_final(self.status)

    @property
    def awaits_confirmation(self) -> bool:
        """The preview: columns can still be mapped and nothing is imported yet."""
        return self.status == TicketImportStatus.PREVIEW

    @property
    def is_in_progress(self) -> bool:
        return self.status in (TicketImportStatus.QUEUED, TicketImportStatus.RUNNING)

    @property
    def has_failed(self) -> bool:
        return self.status == TicketImportStatus.FAILED
