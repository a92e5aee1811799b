"""`manage.py worker`: the task worker with Kring's schedule beside it (no cron needed).

Runs django-tasks-db's `db_worker` loop and, in a thread, `kring.core.schedule.run_forever`.
Start as many as you like: each task is claimed by one worker, each scheduled slot by one.
"""

import threading
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from kring.core import schedule


class Command(DbWorkerCommand):
    help = "Voer achtergrondtaken uit en start de geplande taken (digest, opruimen, e-mail)."

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        ticker = threading.Thread(
            target=schedule.run_forever, args=(stop,), name="kring-schedule", daemon=True
        )
        ticker.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
