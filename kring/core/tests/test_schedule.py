"""The worker's schedule: each job once per slot, also with two workers; no cron."""

import datetime
import threading
import zoneinfo

import pytest
from django.db import connection
from django.test import override_settings

from kring.core import schedule
from kring.core.models import ScheduledRun

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
JOBS = {
    "kring.core.tests.jobs.count_run": "daily 07:30",
    "kring.core.tests.jobs.ping": "every 5 minutes",
}


def test_slots():
    morning = datetime.datetime(2026, 11, 30, 7, 29, tzinfo=AMS)
    assert schedule.slot_for("daily 07:30", morning) is None
    assert schedule.slot_for("daily 07:30", morning + datetime.timedelta(minutes=1)) == "2026-11-30"
    assert schedule.slot_for("every 5 minutes", morning) == "2026-11-30T07:25"
    with pytest.raises(ValueError):
        schedule.slot_for("at dawn", morning)


@pytest.mark.django_db
def test_each_job_runs_once_per_slot():
    from kring.core.tests import jobs

    jobs.RUNS.clear()
    at = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=AMS)
    with override_settings(KRING_SCHEDULE=JOBS):
        assert sorted(schedule.tick(at)) == sorted(JOBS)
        assert schedule.tick(at + datetime.timedelta(minutes=1)) == []
        # Five minutes on: only the frequent job has a new slot.
        assert schedule.tick(at + datetime.timedelta(minutes=5)) == ["kring.core.tests.jobs.ping"]
    assert jobs.RUNS == ["count_run"]
    assert ScheduledRun.objects.count() == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_workers_ticking_at_once_run_a_job_once():
    from django.db import connections

    from kring.core.tests import jobs

    jobs.RUNS.clear()
    at = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=AMS)
    barrier = threading.Barrier(2)

    def worker() -> None:
        try:
            barrier.wait()
            with override_settings(KRING_SCHEDULE=JOBS):
                schedule.tick(at)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert jobs.RUNS == ["count_run"]
    assert ScheduledRun.objects.filter(job="kring.core.tests.jobs.count_run").count() == 1
