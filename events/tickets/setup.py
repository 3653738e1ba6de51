"""What ticket holders plug into when the events app is ready: the tickets section of the summit page.

Imported by ``EventsConfig.ready``, which calls ``connect``; the import task is found by the Celery app's task
discovery.
"""

from ..sections import register_summit_section
from . import views


def connect() -> None:
    register_summit_section("tickets")(views.tickets_section)
