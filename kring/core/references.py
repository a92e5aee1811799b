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
