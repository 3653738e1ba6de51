"""``migrate``, one process at a time: the compose file's one-shot migrate service runs it, and so may any number
of replicas started together. On PostgreSQL each waits for an advisory lock, so the first applies the migrations
and the others then find nothing left to do; Django's own migrate takes no lock, and two at once on a fresh
database fail on each other's tables."""

from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connections

# Any fixed 64-bit number; advisory locks are per database, so it only has to be unique within this app.
LOCK_KEY = 0x4254_425F_4D49_4752  # "BTB_MIGR"


class Command(MigrateCommand):
    help = "Apply migrations as migrate does, waiting for any other process that is migrating the same database."

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(*args, **options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            return super().handle(*args, **options)
        finally:
            # Closing the session would release it too; unlocking says so, and keeps a reused connection clean.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
