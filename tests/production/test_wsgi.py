"""The WSGI module (gunicorn's and runserver's application) freezes what start-up made out of the garbage
collector's walks (btb/wsgi.py), with every app's views already imported by the URLconf."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, json, sys
from django.core.handlers.wsgi import WSGIHandler
import btb.wsgi
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "views": sorted(name for name in sys.modules if name.endswith(".views")),
    "handler": isinstance(btb.wsgi.application, WSGIHandler),
}))
"""


def test_start_up_objects_are_frozen_after_the_urlconf_loads():
    env = {**os.environ, "BTB_EMBEDDED": "1", "DJANGO_SETTINGS_MODULE": "btb.settings", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["handler"] and probe["frozen"] > 50_000
    assert {"events.views", "feedback.views", "reports.views", "media_appearances.views"} <= set(probe["views"])
