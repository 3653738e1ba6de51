from django.core.management.base import BaseCommand, CommandError

from events.models import Summit
from feedback.services import survey_send_now


class Command(BaseCommand):
    help = "Queue the survey invitations of a summit now (beat does this the morning after the summit is held)."

    def add_arguments(self, parser):
        parser.add_argument("summit_slug")

    def handle(self, *args, summit_slug, **options):
        summit = Summit.objects.filter(slug=summit_slug).first()
        if summit is None:
            raise CommandError(f"No summit has the slug “{summit_slug}”.")
        outcome = survey_send_now(summit=summit)
        self.stdout.write(
            f"{outcome['created']} invitations created, {outcome['queued']} queued, {outcome['reminders']} reminders."
        )
