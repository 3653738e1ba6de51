from django.db import migrations

# The programme's practice: (title, days before the summit; negative means after it).
CHECKLIST = [
    ("Sell the vision to the influencers", 84),
    ("Agree the venue with the influencers", 70),
    ("Submit the risk assessment", 56),
    ("Book units for stalls (horses and dogs need notice)", 56),
    ("Influencers make the flyers", 42),
    ("Ticketing live", 42),
    ("Music booked", 28),
    ("Volunteers confirmed", 21),
    ("Question set tailored to the community", 21),
    ("Catering from the audience's culture ordered", 14),
    ("Panel briefed with facts and figures", 7),
    ("Feedback survey ready", 3),
    ("Influencer debrief booked", -7),
]

# (unit, days' notice it needs)
STALL_UNITS = [
    ("Outreach and recruitment", 14),
    ("Mounted branch", 56),
    ("Dog support unit", 56),
    ("Firearms", 28),
    ("Traffic and vintage police cars", 28),
    ("Police staff careers", 14),
]

APPROVERS = "Risk assessment approvers"


def forwards(apps, schema_editor):
    ChecklistStep = apps.get_model("events", "ChecklistStep")
    StallUnit = apps.get_model("events", "StallUnit")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    for position, (title, days_before) in enumerate(CHECKLIST):
        ChecklistStep.objects.get_or_create(title=title, defaults={"days_before": days_before, "position": position})
    for name, notice in STALL_UNITS:
        StallUnit.objects.get_or_create(name=name, defaults={"notice_days": notice})

    # Permissions are normally created after migrations; create this one now so the group can hold it.
    content_type, _ = ContentType.objects.get_or_create(app_label="events", model="riskassessment")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="approve_riskassessment",
        defaults={"name": "Can approve or return summit risk assessments"},
    )
    group, _ = Group.objects.get_or_create(name=APPROVERS)
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
