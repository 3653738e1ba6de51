"""python manage.py export_report --from DATE --to DATE --format xlsx|csv -o FILE

The board report for the dates given (both included), as the page and the workbook show it: aggregates only.
With ``--format csv`` FILE is a zip holding one CSV file per sheet (summary.csv, summits.csv, appearances.csv,
feedback.csv, interest.csv, spend.csv), so one command gives one file, as with xlsx.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reports import exports
from reports.periods import custom_filter


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"“{value}” is not a date: use YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Write the oversight board report for a period as an XLSX workbook or a zip of CSV files."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="date_to", required=True, help="Last day (included), YYYY-MM-DD.")
        parser.add_argument("--format", dest="fmt", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("-o", "--output", required=True, help="The file to write (a .zip of CSVs for csv).")

    def handle(self, *args, date_from, date_to, fmt, output, **options):
        first, last = _date(date_from), _date(date_to)
        if last < first:
            raise CommandError("--to must not be before --from.")
        report_filter = custom_filter(first, last)
        data = exports.workbook_bytes(report_filter) if fmt == "xlsx" else exports.csv_zip_bytes(report_filter)
        try:
            with open(output, "wb") as handle:
                handle.write(data)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(f"Wrote the report for {report_filter.label} to {output} ({fmt}).")
