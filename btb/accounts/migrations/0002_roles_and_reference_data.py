from django.db import migrations

ROLES = ["Coordinators", "Volunteers", "Oversight"]

# London's 32 boroughs and the City, where the programme began; administrators add other forces' areas.
BOROUGHS = [
    "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "City of London", "Croydon",
    "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow", "Havering",
    "Hillingdon", "Hounslow", "Islington", "Kensington and Chelsea", "Kingston upon Thames", "Lambeth",
    "Lewisham", "Merton", "Newham", "Redbridge", "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets",
    "Waltham Forest", "Wandsworth", "Westminster",
]

STAFF_NETWORKS = [
    "Black Police Association", "Association of Muslim Police", "Sikh Police Association",
    "Hindu Police Association", "Jewish Police Association", "Christian Police Association",
    "Chinese and South East Asian Staff Association", "Turkish and Turkic Staff Association",
    "Women's Network", "LGBT+ Network", "Disability and Neurodiversity Network", "Police staff network",
]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Borough = apps.get_model("accounts", "Borough")
    StaffNetwork = apps.get_model("accounts", "StaffNetwork")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for name in BOROUGHS:
        Borough.objects.get_or_create(name=name)
    for name in STAFF_NETWORKS:
        StaffNetwork.objects.get_or_create(name=name)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
