from django.db import migrations

SKILLS = ["Host", "Comedian", "DJ", "Marketing and flyers", "Presenter", "Venue finder"]


def forwards(apps, schema_editor):
    InfluencerSkill = apps.get_model("influencers", "InfluencerSkill")
    for name in SKILLS:
        InfluencerSkill.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("influencers", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
