"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# gunicorn loads this module once in its master (preload_app): the workers fork warm, and the
# garbage collector leaves what they share alone (decisions 201 and 202).
from config.warmup import freeze_for_fork, warm_up  # noqa: E402

warm_up()
freeze_for_fork()
