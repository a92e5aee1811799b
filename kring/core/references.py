"""Human reference numbers such as EK-2026-00042: for display and phone calls, never in URLs."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kring.core.models import ReferenceCounter


def next_reference(prefix: str = "EK") -> str:
    """Hand out the next number of this year, safely under concurrency."""
    year = timezone.localdate().year
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
        ReferenceCounter.objects.filter(prefix=prefix, year=year).update(last=F("last") + 1)
        counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix, year=year)
    return f"{prefix}-{year}-{counter.last:05d}"


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
