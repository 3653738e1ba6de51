from django.db import migrations, models

# The reference checklist's steps that mirror what the summit records (by their title in 0002_reference_data).
MIRRORS = {
    "Submit the risk assessment": "risk_submitted",
    "Agree the venue with the influencers": "venue_set",
    "Ticketing live": "ticketing_live",
    "Question set tailored to the community": "question_set",
}


def forwards(apps, schema_editor):
    ChecklistStep = apps.get_model("events", "ChecklistStep")
    for title, mirror in MIRRORS.items():
        ChecklistStep.objects.filter(title=title, mirrors="").update(mirrors=mirror)


class Migration(migrations.Migration):
    dependencies = [("events", "0009_merge_feed_tokens_and_outbox")]

    operations = [
        migrations.AddField(
            model_name="checkliststep",
            name="mirrors",
            field=models.CharField(
                blank=True,
                choices=[
                    ("risk_submitted", "The risk assessment is submitted or approved"),
                    ("venue_set", "A venue is chosen"),
                    ("ticketing_live", "A ticketing link is given"),
                    ("question_set", "A panel question set is chosen"),
                ],
                help_text="Leave empty for a task a person ticks off.",
                max_length=20,
                verbose_name="ticks itself when",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
