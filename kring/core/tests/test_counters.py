"""Counts in fixed windows (decision 0195): one statement a hit, the window from the first hit,
nothing personal in the table, ended windows purged."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kring.core import counters
from kring.core.models import WindowCounter
from kring.core.tasks import purge_counters

pytestmark = pytest.mark.django_db

T0 = 1_800_000_000.0


def test_hits_count_up_within_the_window_and_start_again_after_it():
    assert [counters.hit("k", 3600, now=T0 + i) for i in range(3)] == [1, 2, 3]
    assert counters.current("k", now=T0 + 3599) == 3
    # The window is an hour from the first hit, not from the last: no sliding.
    assert counters.hit("k", 3600, now=T0 + 3599) == 4
    assert counters.current("k", now=T0 + 3600) == 0
    assert counters.hit("k", 3600, now=T0 + 3600) == 1
    assert counters.hit("k", 3600, now=T0 + 7199) == 2
    assert counters.hit("k", 3600, now=T0 + 7200) == 1


def test_keys_count_apart():
    counters.hit("a", 60, now=T0)
    counters.hit("a", 60, now=T0)
    assert counters.hit("b", 60, now=T0) == 1
    assert counters.current("a", now=T0) == 2
    assert counters.current("never", now=T0) == 0


def test_a_hit_is_one_statement():
    counters.hit("k", 60, now=T0)
    with CaptureQueriesContext(connection) as queries:
        counters.hit("k", 60, now=T0)
    assert len(queries.captured_queries) == 1


def test_the_table_holds_a_keyed_hash_not_the_address():
    counters.hit("ratelimit:request-form:203.0.113.7", 60, now=T0)
    (row,) = WindowCounter.objects.all()
    assert "203.0.113.7" not in row.key
    assert len(row.key) == 64


def test_ended_windows_are_purged_and_running_ones_kept():
    counters.hit("old", 60, now=T0 - 120)
    counters.hit("running", 3600, now=T0 - 120)
    assert counters.purge(now=T0) == 1
    assert counters.current("running", now=T0) == 1


def test_the_daily_task_purges():
    counters.hit("old", 60, now=1_700_000_000)  # a window that ended in 2023
    counters.hit("running", 3600)
    assert purge_counters.call() == 1
    assert counters.current("running") == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_all_counted():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race matters on PostgreSQL")
    counts: list[int] = []
    lock = threading.Lock()

    def poster() -> None:
        try:
            for _i in range(10):
                n = counters.hit("busy", 3600)
                with lock:
                    counts.append(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=poster) for _i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(counts) == list(range(1, 81))
