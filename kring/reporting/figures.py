"""Reading the summary tables: totals, series and tallies for a filter (decision 0150).

Every function here is one query over `Cell` (and `Tally`), whose size follows the number of
weeks and municipalities in the filter, never the number of cases.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Sum

from kring.reporting.models import Cell, CoordinatorLoad, Tally, TallyKind

MEASURES = [
    f.name for f in Cell._meta.get_fields() if f.get_internal_type() == "PositiveIntegerField"
]


@dataclass(frozen=True)
class Filters:
    """What a figure counts: requests that came in from `start` up to and including the month
    of `end` (cohorts by request date), in these regions (None: all), optionally one region,
    municipality, variant, source and topic."""

    start: datetime.date
    end: datetime.date
    regions: frozenset[int] | None = None
    region: int | None = None
    municipality: int | None = None
    variant: str = ""
    source: str = ""
    topic: str = ""

    def last_month(self) -> datetime.date:
        return self.end.replace(day=1)


def cells(filters: Filters) -> QuerySet[Cell]:
    """The cells a filter covers."""
    q = Q(topic=filters.topic, month__gte=filters.start.replace(day=1))
    q &= Q(month__lte=filters.last_month())
    if filters.regions is not None:
        q &= Q(region_id__in=sorted(filters.regions))
    if filters.region is not None:
        q &= Q(region_id=filters.region)
    if filters.municipality is not None:
        q &= Q(municipality_id=filters.municipality)
    if filters.variant:
        q &= Q(variant=filters.variant)
    if filters.source:
        q &= Q(source=filters.source)
    return Cell.objects.filter(q)


def totals(filters: Filters) -> dict[str, int]:
    """Every measure summed over the filter (one query)."""
    row = cells(filters).aggregate(**{m: Sum(m) for m in MEASURES})
    return {m: int(row[m] or 0) for m in MEASURES}


def series(
    filters: Filters, by: str, measures: list[str]
) -> list[tuple[datetime.date, dict[str, int]]]:
    """Measures per `by` ("week" or "month"), in order, without gaps (one query)."""
    rows = cells(filters).values(by).annotate(**{f"sum_{m}": Sum(m) for m in measures}).order_by(by)
    found = {r[by]: {m: int(r[f"sum_{m}"] or 0) for m in measures} for r in rows}
    out = []
    for period in periods(filters, by):
        out.append((period, found.get(period, dict.fromkeys(measures, 0))))
    return out


def periods(filters: Filters, by: str) -> list[datetime.date]:
    """Every week (Monday) or month (first day) in the filter's period."""
    start = filters.start.replace(day=1)
    end = filters.last_month()
    if by == "month":
        out = []
        day = start
        while day <= end:
            out.append(day)
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        return out
    last = (end + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    day = start - datetime.timedelta(days=start.weekday())
    out = []
    while day <= last:
        out.append(day)
        day += datetime.timedelta(days=7)
    return out


def tallies(filters: Filters) -> dict[str, dict[str, int]]:
    """Per tally kind: value -> count over the filter (one query)."""
    rows = (
        Tally.objects.filter(cell__in=cells(filters))
        .values("kind", "value")
        .annotate(n=Sum("count"))
        .order_by("kind", "value")
    )
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for r in rows:
        out[r["kind"]][r["value"]] = int(r["n"] or 0)
    return {kind: dict(out.get(kind, {})) for kind in TallyKind.values}


def histogram(tally: dict[str, int]) -> dict[int, int]:
    """A lead-time tally as days -> count."""
    return {int(days): n for days, n in tally.items()}


def median(hist: dict[int, int]) -> float | None:
    """The middle value (with an even number of values: the mean of the two middle ones)."""
    n = sum(hist.values())
    if n == 0:
        return None
    if n % 2:
        return float(_at_rank(hist, n // 2 + 1))
    return (_at_rank(hist, n // 2) + _at_rank(hist, n // 2 + 1)) / 2


def percentile(hist: dict[int, int], p: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least p% of values at or
    below it (p90 of 1..10 is 9)."""
    n = sum(hist.values())
    if n == 0:
        return None
    return float(_at_rank(hist, max(1, math.ceil(p / 100 * n))))


def _at_rank(hist: dict[int, int], rank: int) -> int:
    seen = 0
    for value in sorted(hist):
        seen += hist[value]
        if seen >= rank:
            return value
    raise ValueError(rank)


def share(part: int, whole: int) -> float | None:
    """part / whole as a percentage, or None without a whole."""
    return None if whole == 0 else round(100 * part / whole, 1)


def loads(regions: frozenset[int] | None, region: int | None) -> QuerySet[CoordinatorLoad]:
    """Coordinators' loads in these regions (one query with the coordinator)."""
    qs = CoordinatorLoad.objects.select_related("coordinator").order_by(
        F("open_cases").desc(), "coordinator__full_name", "id"
    )
    if regions is not None:
        qs = qs.filter(coordinator__regions__in=sorted(regions))
    if region is not None:
        qs = qs.filter(coordinator__regions=region)
    return qs.distinct()
