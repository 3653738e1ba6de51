"""Messages about sign-ups move to the outbox: what was sent is recorded there (so no reminder goes twice), then
the old table goes."""

from django.db import migrations


def forwards(apps, schema_editor):
    SignUpNotification = apps.get_model("events", "SignUpNotification")
    OutgoingMail = apps.get_model("outbox", "OutgoingMail")
    ContentType = apps.get_model("contenttypes", "ContentType")
    signup_type, _ = ContentType.objects.get_or_create(app_label="events", model="signup")
    sent = SignUpNotification.objects.filter(sent_at__isnull=False).select_related(
        "signup__volunteer__user", "signup__role"
    )
    OutgoingMail.objects.bulk_create(
        [
            OutgoingMail(
                kind=f"volunteering.{record.kind}",
                about_type=signup_type,
                about_id=record.signup_id,
                dedupe_key=record.key,
                scope=(
                    f"summit:{record.signup.role.summit_id}"
                    if record.signup.role.summit_id
                    else f"appearance:{record.signup.role.appearance_id}"
                ),
                recipient=record.signup.volunteer.user.email or "unknown@invalid",
                status="sent",
                attempts=1,
                queued_at=record.created_at,
                sent_at=record.sent_at,
            )
            for record in sent.iterator()
        ],
        ignore_conflicts=True,
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_ticket_import_started_at"),
        ("outbox", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="SignUpNotification"),
    ]
