"""Settings for bench/load.py: the project's own settings, with a URLconf that adds the floor's view.

Both measurements (the public survey and the floor) run under this module, so they share one gunicorn, one
middleware stack, one database and one set of settings; the app's own URLconf never carries the floor.
"""

from btb.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
