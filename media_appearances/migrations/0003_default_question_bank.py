"""A default question bank, a few questions per topic, and a "Standard interview" set built from it."""

from django.db import migrations

# (topic, question, preparation notes)
QUESTIONS = [
    (
        "career",
        "Tell us about your career so far: where did you start, and what do you do now?",
        "Have your postings in order with rough dates, and one moment you are proud of.",
    ),
    (
        "career",
        "What does a normal working day look like for you?",
        "Pick one real (anonymised) day. Avoid details of live investigations.",
    ),
    (
        "career",
        "What is the hardest part of the job, and what keeps you going?",
        "Be honest; listeners respond to candour. Say where you get support (team, networks, welfare).",
    ),
    (
        "why_joined",
        "Why did you join the police?",
        "Your own story in two or three sentences; the moment you decided.",
    ),
    (
        "why_joined",
        "How did your family and friends take it when you told them?",
        "It is fine to say people were worried or against it; say what changed their mind, if anything did.",
    ),
    (
        "why_joined",
        "Have you ever felt torn between your community and the job?",
        "Acknowledge the history of mistrust. Speak from your experience; do not defend individual cases.",
    ),
    (
        "pay",
        "What is the pay like, and how does it grow?",
        "Have the current starting salary for a constable (including London weighting) and the pay scale "
        "steps to hand; check the force's recruitment page on the day.",
    ),
    (
        "pay",
        "What benefits and pension come with the job?",
        "Pension scheme basics, annual leave, free travel where it applies, paid training and degree routes.",
    ),
    (
        "representation",
        "Why does the service want more Black, Asian and other under-represented officers and staff?",
        "Have the latest workforce figures for the force compared with the population it serves.",
    ),
    (
        "representation",
        "Who were your role models, and who looks up to you now?",
        "Name people only with their permission; staff networks and associations are a safe example.",
    ),
    (
        "representation",
        "What would you say to someone who thinks the police is not for people like them?",
        "Speak to the listener directly; mention the support networks and mentoring available.",
    ),
    (
        "how_to_join",
        "How can someone join, and what are the routes in?",
        "Entry routes (degree holder, apprenticeship, detective direct entry, police staff, special "
        "constable), eligibility basics, and the recruitment web address.",
    ),
    (
        "how_to_join",
        "What help is there for applicants who are unsure about the process?",
        "Outreach team contact, positive action sessions, practice assessments, mentoring schemes.",
    ),
    (
        "how_to_join",
        "Can people volunteer first, or get involved without joining?",
        "Special constables, volunteer police cadets, ward panels and independent advisory groups.",
    ),
    (
        "community",
        "What is the police doing about the issues this community raises most?",
        "Check with the local team what can be said about current operations and recent incidents; agree "
        "lines beforehand and do not comment on cases before the courts.",
    ),
    (
        "community",
        "How can people in this community raise a concern or make a complaint?",
        "Complaint routes (force complaints, IOPC), independent advisory groups and local ward panels.",
    ),
]

STANDARD_SET = "Standard interview"


def forwards(apps, schema_editor):
    Question = apps.get_model("media_appearances", "Question")
    QuestionSet = apps.get_model("media_appearances", "QuestionSet")
    QuestionSetItem = apps.get_model("media_appearances", "QuestionSetItem")
    questions = []
    for topic, text, notes in QUESTIONS:
        question, _ = Question.objects.get_or_create(
            text=text, defaults={"topic": topic, "preparation_notes": notes, "active": True}
        )
        questions.append(question)
    question_set, created = QuestionSet.objects.get_or_create(
        name=STANDARD_SET,
        is_template=True,
        defaults={"description": "The programme's usual questions, one or two per topic, in interview order."},
    )
    if created:
        chosen = [questions[i] for i in (0, 3, 4, 6, 7, 8, 9, 11, 12)]
        for position, question in enumerate(chosen, start=1):
            QuestionSetItem.objects.create(
                question_set=question_set,
                question=question,
                text=question.text,
                preparation_notes=question.preparation_notes,
                position=position,
            )


class Migration(migrations.Migration):
    dependencies = [("media_appearances", "0002_outlets_appearances_metrics_comments")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
