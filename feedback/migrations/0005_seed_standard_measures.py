"""The question bank's first items: the Public Attitudes Survey measures boards already track by borough.

The wording is as the programme's evaluation brief quotes it; check it against the published questionnaires
before a survey is sent (feedback.models.WORDING_CHECK_NOTE)."""

from django.db import migrations

PAS = "MOPAC Public Attitudes Survey"
CSEW = "Crime Survey for England and Wales"
JOB = ["Excellent", "Good", "Fair", "Poor", "Very poor"]
AGREE = ["Strongly agree", "Tend to agree", "Neither agree nor disagree", "Tend to disagree", "Strongly disagree"]
IN_YOUR_AREA = (
    "How far do you agree or disagree with this statement about the police in your area? By your area we mean "
    "within 15 minutes' walk of your home."
)

MEASURES = [
    # code, question code, also in, theme, wording, lead-in, options, name in the borough data, in the default survey
    (
        "pas-q60",
        "Q60",
        CSEW,
        "overall",
        "Taking everything into account, how good a job do you think the police in your area are doing?",
        "",
        JOB,
        "Good Job",
        True,
    ),
    (
        "pas-q62a",
        "Q62A",
        CSEW,
        "reliability",
        "They can be relied on to be there when you need them",
        IN_YOUR_AREA,
        AGREE,
        "Relied on to be there",
        False,
    ),
    (
        "pas-q62b",
        "Q62B",
        CSEW,
        "respect",
        "They would treat you with respect if you had contact with them for any reason",
        IN_YOUR_AREA,
        AGREE,
        "Treat with respect",
        False,
    ),
    (
        "pas-q62c",
        "Q62C",
        CSEW,
        "fairness",
        "The police in your area treat everyone fairly regardless of who they are",
        IN_YOUR_AREA,
        AGREE,
        "Treat everyone fairly",
        True,
    ),
    (
        "pas-q62e",
        "Q62E",
        CSEW,
        "engagement",
        "They understand the issues that affect this community",
        IN_YOUR_AREA,
        AGREE,
        "Understand issues",
        False,
    ),
    (
        "pas-q62f",
        "Q62F",
        CSEW,
        "engagement",
        "They are dealing with the things that matter to people in this community",
        IN_YOUR_AREA,
        AGREE,
        "Dealing with issues",
        False,
    ),
    (
        "pas-q62tg",
        "Q62TG",
        "",
        "engagement",
        "They listen to the concerns of local people",
        IN_YOUR_AREA,
        AGREE,
        "Listen to concerns",
        False,
    ),
    (
        "pas-nq135bd",
        "NQ135BD",
        "",
        "trust",
        "The Metropolitan Police Service is an organisation that I can trust",
        "How far do you agree or disagree with this statement?",
        AGREE,
        "Trust MPS",
        True,
    ),
]


def forwards(apps, schema_editor):
    StandardMeasure = apps.get_model("feedback", "StandardMeasure")
    for position, (code, question, also_in, theme, text, preamble, choices, benchmark, core) in enumerate(
        MEASURES, start=1
    ):
        StandardMeasure.objects.update_or_create(
            code=code,
            defaults={
                "source": PAS,
                "source_code": question,
                "also_in": also_in,
                "theme": theme,
                "text": text,
                "preamble": preamble,
                "choices": choices,
                "positive_choices": choices[:2],
                "benchmark_name": benchmark,
                "in_core": core,
                "position": position,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("feedback", "StandardMeasure").objects.filter(
        code__in=[row[0] for row in MEASURES], questions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_standard_measures")]

    operations = [migrations.RunPython(forwards, unseed)]
