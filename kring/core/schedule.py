"""The worker's own schedule: periodic jobs without cron, safe with several workers.

`settings.KRING_SCHEDULE` maps a task's dotted path to when it runs: "every N minutes" or
"daily HH:MM" (local time). Each worker calls `tick()` about every half minute; a job runs in a
slot (a minute window, or a day) only when its `ScheduledRun` row for that slot could be
inserted, which only one worker can do. A worker that was down at a daily job's time runs it
when it starts again that day.
"""

from __future__ import annotations

import datetime
import logging
import re
import threading

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from kring.core.models import ScheduledRun

logger = logging.getLogger(__name__)

EVERY = re.compile(r"^every (\d+) minutes?$")
DAILY = re.compile(r"^daily (\d{1,2}):(\d{2})$")
TICK_SECONDS = 30


def slot_for(when: str, now: datetime.datetime) -> str | None:
    """The slot `now` falls in for a schedule, or None when the job is not due yet today."""
    local = timezone.localtime(now)
    if m := EVERY.match(when):
        minutes = int(m.group(1))
        start = local.replace(second=0, microsecond=0)
        start -= datetime.timedelta(minutes=(start.hour * 60 + start.minute) % minutes)
        return start.strftime("%Y-%m-%dT%H:%M")
    if m := DAILY.match(when):
        at = local.replace(hour=int(m.group(1)), minute=int(m.group(2)), second=0, microsecond=0)
        return local.date().isoformat() if local >= at else None
    raise ValueError(f"Unknown schedule {when!r}: use 'every N minutes' or 'daily HH:MM'.")


def tick(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every job whose current slot nobody claimed yet; returns the jobs enqueued."""
    now = now or timezone.now()
    started = []
    for path, when in settings.KRING_SCHEDULE.items():
        slot = slot_for(when, now)
        if slot is None:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=path, slot=slot)
        except IntegrityError:
            continue  # another worker has this slot
        import_string(path).enqueue()
        started.append(path)
    return started


def run_forever(stop: threading.Event, seconds: float = TICK_SECONDS) -> None:
    """Tick until `stop` is set (the worker runs this in a thread beside its task loop)."""
    try:
        while not stop.is_set():
            close_old_connections()
            try:
                for path in tick():
                    logger.info("Scheduled job started: %s", path)
            except Exception:
                logger.exception("Scheduler tick failed; trying again next tick")
            stop.wait(seconds)
    finally:
        connection.close()
