import hashlib

from django.db import migrations, models


def hash_existing(apps, schema_editor):
    # Addresses already in calendar apps keep working: their tokens are hashed in place.
    for name in ("CalendarFeedToken", "VolunteerCalendarToken"):
        model = apps.get_model("events", name)
        for row in model.objects.all():
            row.token_hash = hashlib.sha256(row.token.encode()).hexdigest()
            row.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("events", "0007_ticket_import_started_at")]

    operations = [
        *[
            operation
            for model in ("calendarfeedtoken", "volunteercalendartoken")
            for operation in (
                migrations.AddField(
                    model_name=model,
                    name="token_hash",
                    field=models.CharField(max_length=64, null=True, editable=False),
                ),
                migrations.AddField(
                    model_name=model,
                    name="last_used_at",
                    field=models.DateTimeField(blank=True, editable=False, null=True),
                ),
            )
        ],
        migrations.RunPython(hash_existing, migrations.RunPython.noop),
        *[
            operation
            for model in ("calendarfeedtoken", "volunteercalendartoken")
            for operation in (
                migrations.RemoveField(model_name=model, name="token"),
                migrations.AlterField(
                    model_name=model,
                    name="token_hash",
                    field=models.CharField(max_length=64, unique=True, editable=False),
                ),
            )
        ],
    ]
