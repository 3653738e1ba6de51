"""python manage.py export_report --from DATE --to DATE --format xlsx|csv -o FILE

The board report for the dates given (both included), as the page and the workbook show it: aggregates only.
With ``--format csv`` FILE is a zip holding one CSV file per sheet (summary.csv, summits.csv, appearances.csv,
feedback.csv, interest.csv, spend.csv), so one command gives one file, as with xlsx.
"""

from datetime import date
from pathlib import Path

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
        try:
            report_filter = custom_filter(first, last)
        except ValueError as error:
            raise CommandError(str(error)) from None
        write = exports.workbook_write if fmt == "xlsx" else exports.csv_zip_write
        try:
            handle = open(output, "wb")  # noqa: SIM115 (closed below, and removed if writing fails)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        with handle:
            try:
                write(report_filter, handle)  # streamed: rows are read and written a chunk at a time
            except OSError as error:
                handle.close()
                Path(output).unlink(missing_ok=True)
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(f"Wrote the report for {report_filter.label} to {output} ({fmt}).")
