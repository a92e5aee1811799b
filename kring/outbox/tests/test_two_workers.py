"""Two workers at once on PostgreSQL, as `manage.py worker` runs them: each ticks Kring's
schedule and then works through the task queue in the database. Every scheduled job runs once
per slot and every message is sent exactly once (issue 9, deliverable 8)."""

import datetime
import threading
import zoneinfo

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from kring.core import schedule
from kring.core.models import ScheduledRun
from kring.core.tests import jobs
from kring.outbox import services
from kring.outbox.models import Message, MessageStatus

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
MESSAGES = 40


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent row locks")
def test_two_workers_run_each_scheduled_job_once_and_send_each_message_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.KRING_SCHEDULE = {
        "kring.outbox.services.send_due_messages": "every 1 minutes",
        "kring.core.tests.jobs.count_run": "daily 07:30",
    }
    jobs.RUNS.clear()
    # Each message queues its own task after the commit; the scheduled sweep finds them too.
    with transaction.atomic():
        for i in range(MESSAGES):
            services.queue("test.message", to=f"p{i}@voorbeeld.test", subject="Hallo", text="x")
    assert DBTaskResult.objects.count() == MESSAGES
    at = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=AMS)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            barrier.wait()
            schedule.tick(at)
            Worker(
                queue_names=["default"],
                interval=0.1,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=name,
                excluded_queue_names=[],
            ).run()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(f"worker-{n}",)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not errors, errors
    # Each scheduled job: one slot row, one run.
    assert sorted(ScheduledRun.objects.values_list("job", flat=True)) == sorted(
        settings.KRING_SCHEDULE
    )
    assert jobs.RUNS == ["count_run"]
    # Each message: sent once, by one attempt, whichever worker (task or sweep) got it.
    sent_to = sorted(address for m in mail.outbox for address in m.to)
    assert sent_to == sorted(f"p{i}@voorbeeld.test" for i in range(MESSAGES))
    assert set(Message.objects.values_list("status", "attempts")) == {(MessageStatus.SENT, 1)}
    # Every task (the messages' own and the scheduled ones) finished.
    assert DBTaskResult.objects.count() == MESSAGES + len(settings.KRING_SCHEDULE)
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
