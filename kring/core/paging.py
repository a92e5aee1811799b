"""Keyset (cursor) pagination and capped counts, so lists stay fast at national scale.

A page is fetched as `WHERE (sort, id) > (last_sort, last_id) ORDER BY sort, id LIMIT n+1`,
which uses an index on (…, sort, id) and costs the same on page 1 and page 10 000. Counts are
capped ("500+") instead of an exact COUNT(*) over a big table.
"""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Model, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan
from django.utils.functional import cached_property

M = TypeVar("M", bound=Model)

COUNT_CAP = 500


@dataclass
class Page[M: Model]:
    items: list[M]
    next_cursor: str | None
    has_previous: bool

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def _encode(values: list[Any]) -> str:
    raw = json.dumps(
        [v.isoformat() if isinstance(v, (datetime.date, datetime.datetime)) else v for v in values]
    )
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> list[Any] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    return values if isinstance(values, list) and len(values) == 2 else None


# The largest id a database column holds (bigint); anything beyond is a tampered cursor.
MAX_ID = 2**63 - 1


def _kind(queryset: QuerySet[Any], order_field: str) -> str:
    """The type of what a list is sorted on: a field of the model, or an annotation."""
    annotation = queryset.query.annotations.get(order_field)
    if annotation is not None:
        return str(annotation.output_field.get_internal_type())
    return str(queryset.model._meta.get_field(order_field).get_internal_type())


def _after(queryset: QuerySet[Any], order_field: str, cursor: str) -> tuple[Any, int] | None:
    """The (sort value, id) a cursor points after, checked against the sort's type; None for
    anything tampered, so a bad `?na=` shows the first page instead of an error."""
    decoded = _decode(cursor)
    if decoded is None:
        return None
    value, last_id = decoded
    if not isinstance(last_id, int) or isinstance(last_id, bool) or not 0 < last_id <= MAX_ID:
        return None
    kind = _kind(queryset, order_field)
    try:
        if kind == "DateTimeField":
            value = datetime.datetime.fromisoformat(str(value))
        elif kind == "DateField":
            value = datetime.date.fromisoformat(str(value))
        elif kind in {"CharField", "TextField", "EmailField", "SlugField"}:
            if not isinstance(value, str) or len(value) > 1000:
                return None
        elif kind in {"IntegerField", "BigIntegerField", "PositiveIntegerField", "AutoField"}:
            if not isinstance(value, int) or abs(value) > MAX_ID:
                return None
        else:
            return None
    except (TypeError, ValueError):
        return None
    return value, last_id


def keyset_page[M: Model](
    queryset: QuerySet[M], *, order_field: str, cursor: str | None, size: int = 25
) -> Page[M]:
    """One page of `queryset` ordered by (order_field, id) ascending, after `cursor`.
    `order_field` is a field of the model or an annotation of `queryset`.

    An invalid cursor falls back to the first page rather than an error.
    """
    qs = queryset.order_by(order_field, "id")
    after = _after(queryset, order_field, cursor) if cursor else None
    if after is not None:
        value, last_id = after
        # A row value, not `a > v OR (a = v AND id > w)`: only the row value is an index
        # condition on (…, a, id), so a deep page costs the same as the first.
        qs = qs.filter(TupleGreaterThan(Tuple(F(order_field), F("id")), (value, last_id)))
    rows = list(qs[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = _encode([getattr(last, order_field), last.pk])
    return Page(items=rows, next_cursor=next_cursor, has_previous=after is not None)


def capped_count(
    queryset: QuerySet[Any], cap: int = COUNT_CAP, *, order: Sequence[str] = ()
) -> str:
    """'37' or '500+': counts at most cap+1 rows.

    With `order` (the list's own index order, e.g. `("created_at", "id")`) the rows are
    counted in that order: PostgreSQL then reads cap+1 entries of the list's index instead of
    scanning the table until it has found them when the matches are spread thinly (issue 15).
    """
    return _capped(queryset.order_by(*order)[: cap + 1].count(), cap)


def _capped(n: int, cap: int) -> str:
    return f"{cap}+" if n > cap else str(n)


def page_total(
    page: Page[Any], queryset: QuerySet[Any], cap: int = COUNT_CAP, *, order: Sequence[str] = ()
) -> str:
    """`capped_count` of the list `page` was read from; no query when `page` is the whole list.

    A first page with no next page holds every row of the list, so its length is the count.
    Most filtered lists (a region's open requests, one region's municipalities) are that short.
    """
    if not page.has_previous and not page.has_next:
        return _capped(len(page.items), cap)
    return capped_count(queryset, cap, order=order)


# Above this many rows an unfiltered admin list shows the planner's estimate, not COUNT(*).
ESTIMATE_ABOVE = 10_000


def estimated_rows(model: type[Model]) -> int | None:
    """The planner's row estimate for a table on PostgreSQL (`pg_class.reltuples`, kept by
    ANALYZE and autovacuum; summed over partitions), None elsewhere or before the first ANALYZE.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        # A partitioned table (the audit trail, by month) counts its partitions: autovacuum
        # analyses those, never the parent.
        cursor.execute(
            "SELECT (CASE WHEN c.relkind = 'p' THEN (SELECT sum(greatest(p.reltuples, 0)) "
            "FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid "
            "WHERE i.inhparent = c.oid) ELSE greatest(c.reltuples, 0) END)::bigint "
            "FROM pg_class c WHERE c.oid = %s::regclass",
            [model._meta.db_table],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] else None


def planned_rows(queryset: QuerySet[Any]) -> int | None:
    """The planner's estimate of how many rows `queryset` matches, on PostgreSQL (EXPLAIN, no
    execution); None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        (plan,) = cursor.fetchone()
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """A paginator for admin lists over very big tables (the audit trail: 100 million rows).

    Unfiltered, on PostgreSQL, it counts with the planner's estimate when that is above
    ESTIMATE_ABOVE; filtered, it counts at most `filtered_cap` rows, so that no page of the
    admin runs a `COUNT(*)` over the whole table. When a filtered list reaches the cap, the
    planner's estimate of its rows is shown if larger (a list of more than 10 000 rows does
    not say 10 000; elsewhere the cap is all there is).
    """

    filtered_cap = 10_000

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if not isinstance(qs, QuerySet):
            return len(qs)
        if not qs.query.where:
            estimate = estimated_rows(qs.model)
            if estimate is not None and estimate > ESTIMATE_ABOVE:
                return estimate
        counted = qs.order_by()[: self.filtered_cap].count()
        if counted < self.filtered_cap:
            return counted
        return max(counted, planned_rows(qs) or 0)
