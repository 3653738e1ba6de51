from django.db import migrations

COMMUNITIES = [
    "Black", "Asian", "Other minority ethnic", "Mixed heritage", "Women and girls", "LGBT+", "Young people",
    "Faith groups",
]


def forwards(apps, schema_editor):
    Community = apps.get_model("accounts", "Community")
    for name in COMMUNITIES:
        Community.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_community")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
