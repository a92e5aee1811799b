"""WSGI entry point."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# gunicorn loads this module once in its master (preload_app): the workers fork warm, and the
# garbage collector leaves what they share alone (decisions 201 and 202). Not under DEBUG: the
# development server loads this module again on every code change and reloads templates as
# they are edited, so there it would only make each restart a second slower.
if not settings.DEBUG:
    from config.warmup import freeze_for_fork, warm_up

    warm_up()
    freeze_for_fork()
