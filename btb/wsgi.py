"""The WSGI application, for gunicorn (production) and runserver (the embedded default).

Once Django and the URLconf are loaded, the objects they made are moved out of the garbage collector's reach
(``gc.freeze``): they live as long as the process, and a full collection otherwise walks all of them (some
150,000, 40–75 ms on a two-core machine) every few requests of a page that allocates much (bench/NOTES.md)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "btb.settings")

application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 (imports every app's views now, before the freeze)
gc.freeze()
