"""Counts in fixed windows, kept in the database: the rate limits of the public form, of short
codes and of password resets (decision 0195).

They lived in Django's cache. In production that is the database cache, and there a count was
neither kept nor cheap: `incr()` stores the new value with the cache's default timeout (five
minutes), so a window of an hour shrank to five minutes after each hit; the cache culls a
third of its entries whenever it holds more than 300, counts included; and one hit cost eleven
statements and two commits. Here one hit is one upsert: atomic under concurrency, the window
starting at the key's first hit and lasting `window` seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.db import connection

from kring.core.models import WindowCounter


def _hashed(key: str) -> str:
    # A keyed hash: the table holds no address or account, and keys cannot be guessed from it.
    return hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()


def hit(key: str, window: int, *, now: float | None = None) -> int:
    """Count one event for `key` and return how many there were in its current window,
    this one included. A window starts at the first event after the previous one ended."""
    at = int(now if now is not None else time.time())
    quote = connection.ops.quote_name
    table = quote(WindowCounter._meta.db_table)
    key_, count_, until_ = quote("key"), quote("count"), quote("until")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_}, {count_}, {until_}) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT ({key_}) DO UPDATE SET {count_} = CASE "
            f"WHEN {table}.{until_} <= %s THEN 1 ELSE {table}.{count_} + 1 END, "
            f"{until_} = CASE WHEN {table}.{until_} <= %s THEN excluded.{until_} "
            f"ELSE {table}.{until_} END RETURNING {count_}",
            [_hashed(key), at + window, at, at],
        )
        (count,) = cursor.fetchone()
    return int(count)


def current(key: str, *, now: float | None = None) -> int:
    """How many events `key` had in its current window (0 when its window ended)."""
    at = int(now if now is not None else time.time())
    found = (
        WindowCounter.objects.filter(key=_hashed(key), until__gt=at)
        .values_list("count", flat=True)
        .first()
    )
    return int(found or 0)


def purge(*, now: float | None = None) -> int:
    """Delete the counts whose window ended (daily, `kring.core.tasks.purge_counters`)."""
    at = int(now if now is not None else time.time())
    deleted, _kinds = WindowCounter.objects.filter(until__lte=at).delete()
    return deleted
