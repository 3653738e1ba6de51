from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from btb.errors import ApplicationError
from events.models import Summit, TicketColumnMapping
from events.tickets.services import ticket_mapping_for, ticket_table_read, tickets_import


class Command(BaseCommand):
    help = (
        "Import ticket holders for a summit from an Eventbrite or other platform's attendee export (CSV or XLSX). "
        "Prints 'N created, M updated, K rejected' and each rejected row; exits non-zero, importing nothing, when "
        "the file itself is unusable."
    )

    def add_arguments(self, parser):
        parser.add_argument("summit_slug")
        parser.add_argument("file")
        parser.add_argument("--mapping", help="Name of a saved column mapping (for platforms other than Eventbrite).")
        parser.add_argument("--consent-column", help="The checkout question that asks for consent to contact.")

    def handle(self, *args, summit_slug, file, mapping=None, consent_column=None, **options):
        summit = Summit.objects.filter(slug=summit_slug).first()
        if summit is None:
            raise CommandError(f"No summit has the slug “{summit_slug}”.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        saved = None
        if mapping:
            saved = TicketColumnMapping.objects.filter(name=mapping).first()
            if saved is None:
                raise CommandError(f"No saved column mapping is called “{mapping}”.")
        try:
            table = ticket_table_read(data=path.read_bytes(), filename=path.name)
            platform, column_mapping = ticket_mapping_for(
                headers=table.headers, saved=saved, consent_header=consent_column
            )
            if column_mapping is None:
                raise CommandError(
                    "This is not an Eventbrite export and no saved column mapping fits its columns: map them once "
                    "on the upload page (or pass --mapping NAME)."
                )
            outcome = tickets_import(summit=summit, table=table, mapping=column_mapping)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Read as {platform}.")
        self.stdout.write(outcome.summary())
        for error in outcome.rejected:
            self.stdout.write(f"row {error.row_number}: {error.reason}")
