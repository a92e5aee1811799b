"""Monthly audit partitions on PostgreSQL: made ahead of time, dropped whole when expired.

Migration 0004 turns `audit_auditevent` into a table partitioned by month of `occurred_at` and
adds two database functions that run as the table's owner (SECURITY DEFINER), so that the
application's own role, which may only INSERT and SELECT on the table, can still keep it:
`audit_ensure_partition(day)` and `audit_drop_partitions_before(cutoff)` (which refuses
anything younger than a year). On SQLite there are no partitions: retention deletes rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from kring.audit.models import AuditEvent


def partitioned() -> bool:
    """Is the audit table partitioned here (PostgreSQL)?"""
    return connection.vendor == "postgresql"


def month_start(day: datetime.date) -> datetime.date:
    """The first day of the month that holds `day`."""
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def ensure_partitions(
    now: datetime.datetime | None = None, ahead: int = 3, since: datetime.date | None = None
) -> list[str]:
    """Make the partitions for this month and `ahead` months after it (and, with `since`, for
    every month from that day's on: history loaded in bulk); returns the new ones."""
    if not partitioned():
        return []
    today = (now or timezone.now()).astimezone(datetime.UTC).date()
    month = month_start(min(since or today, today))
    last = add_months(today, ahead)
    made = []
    with connection.cursor() as cursor:
        while month <= last:
            cursor.execute("SELECT audit_ensure_partition(%s)", [month])
            name = cursor.fetchone()[0]
            if name:
                made.append(name)
            month = add_months(month, 1)
    return made


def existing_partitions() -> list[str]:
    """The monthly partitions that exist now, oldest first (PostgreSQL)."""
    if not partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'audit_auditevent'::regclass "
            "AND c.relname ~ '^auditevent_[0-9]{4}_[0-9]{2}$' ORDER BY c.relname"
        )
        return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class Dropped:
    """What retention removed from the audit log: whole months, or rows (SQLite)."""

    months: int
    rows: int


def drop_before(cutoff: datetime.datetime) -> Dropped:
    """Remove audit events older than `cutoff`, which must be the start of a month.

    PostgreSQL drops every month that ended by then (and older stray rows of the default
    partition); SQLite deletes the rows.
    """
    if partitioned():
        with connection.cursor() as cursor:
            cursor.execute("SELECT audit_drop_partitions_before(%s)", [cutoff])
            return Dropped(months=int(cursor.fetchone()[0]), rows=0)
    rows, _ = AuditEvent.objects.filter(occurred_at__lt=cutoff).delete()
    return Dropped(months=0, rows=rows)
