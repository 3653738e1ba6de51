import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "btb.settings")

app = Celery("btb")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The Celery app and btb/urls.py are the only places that name every app (events keeps its tasks in two of its
# sub-packages).
app.autodiscover_tasks(
    [
        "btb.outbox",
        "btb.accounts",
        "influencers",
        "media_appearances",
        "events",
        "events.volunteering",
        "events.tickets",
        "feedback",
        "reports",
    ]
)
