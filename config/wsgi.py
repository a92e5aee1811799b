"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# gunicorn loads this module once in its master (preload_app): the workers fork warm.
from config.warmup import warm_up  # noqa: E402

warm_up()
