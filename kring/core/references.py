"""Human reference numbers such as EK-2026-00042: for display and phone calls, never in URLs."""

from django.db import connection, transaction
from django.utils import timezone

from kring.core.models import ReferenceCounter


def next_reference(prefix: str = "EK") -> str:
    """Hand out the next number of this year, safely under concurrency: one upsert that makes
    the year's counter or raises it, and returns the number (PostgreSQL and SQLite 3.35+)."""
    year = timezone.localdate().year
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prefix, year, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (prefix, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [prefix, year],
        )
        (last,) = cursor.fetchone()
    return f"{prefix}-{year}-{last:05d}"


def reserve_taken(references: list[str], prefix: str = "EK") -> None:
    """Move this year's counter past numbers already in use (e.g. by demo data loaded by key)."""
    year = timezone.localdate().year
    start = f"{prefix}-{year}-"
    numbers = [
        int(r[len(start) :])
        for r in references
        if r.startswith(start) and r[len(start) :].isdigit()
    ]
    if not numbers:
        return
    with transaction.atomic():
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
            prefix=prefix, year=year
        )
        if counter.last < max(numbers):
            counter.last = max(numbers)
            counter.save(update_fields=["last"])
