"""The growing lists read an index, not the whole table (issue 15), checked with EXPLAIN on
PostgreSQL for the very queries the pages run: the worklist's and the queue's deep pages and
the queue's searches. A few thousand rows with the planner's sequential scan switched off
show whether an index *can* answer the query; the 10k/100k timings are in
docs/performance.md. SQLite has no such planner switch: these tests are skipped there."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kring.cases.models import Case
from kring.core.paging import _encode
from kring.demo.scale import seed_scale
from kring.intake.models import Request
from kring.intake.search import by_name
from kring.intake.states import RequestStatus

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="EXPLAIN and enable_seqscan are PostgreSQL's"
)

BIG_TABLES = ("cases_case", "intake_request")


def _plans_of(client, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    """EXPLAIN of each query on a big table that GET `url` ran."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        for query in captured.captured_queries:
            sql = query["sql"]
            if sql.startswith("SELECT") and any(f'FROM "{t}"' in sql for t in BIG_TABLES):
                cursor.execute("EXPLAIN " + sql)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
        cursor.execute("RESET enable_seqscan")
    assert plans, f"no query on {BIG_TABLES} for {url}"
    return plans


def _assert_indexed(plans: list[str]) -> None:
    for plan in plans:
        for table in BIG_TABLES:
            assert f"Seq Scan on {table}" not in plan, plan


@pytest.fixture
def history(municipality, other_municipality, manager):  # type: ignore[no-untyped-def]
    seed_scale(2500, children=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")
        cursor.execute("ANALYZE intake_request")


def test_worklist_deep_pages_read_an_index(history, client_for, manager):  # type: ignore[no-untyped-def]
    mine = Case.objects.filter(region__in=manager.regions.all()).order_by("requested_at", "id")
    middle = mine[mine.count() // 2]
    cursor = _encode([middle.requested_at, middle.pk])
    c = client_for(manager)
    for status in ("alle", "closed", ""):
        plans = _plans_of(c, f"/trajecten/?status={status}&na={cursor}")
        _assert_indexed(plans)
        # The keyset is a row value inside the index condition, not an OR filter afterwards.
        assert any("Index Cond" in p and "ROW(" in p for p in plans), plans


def test_queue_deep_page_and_searches_read_an_index(history, client_for, manager):  # type: ignore[no-untyped-def]
    closed = Request.objects.filter(
        region__in=manager.regions.all(), status=RequestStatus.CLOSED
    ).order_by("created_at", "id")
    middle = closed[closed.count() // 2]
    c = client_for(manager)
    deep = f"/aanvragen/?status=closed&na={_encode([middle.created_at, middle.pk])}"
    deep_plans = _plans_of(c, deep)
    _assert_indexed(deep_plans)
    assert any("Index Cond" in p and "ROW(" in p for p in deep_plans), deep_plans
    name_plans = _plans_of(c, "/aanvragen/?status=closed&q=Visser")
    _assert_indexed(name_plans)
    # Over every region (an administrator's queue) the name itself narrows: the trigram
    # indexes answer it.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = by_name(Request.objects.all(), "Visser").explain()
        cursor.execute("RESET enable_seqscan")
    assert "request_names_trgm" in plan and "request_requester_trgm" in plan, plan
    ref = middle.reference[:9]
    ref_plans = _plans_of(c, f"/aanvragen/?status=converted&q={ref}")
    _assert_indexed(ref_plans)
    # Decision 203: the page reads the reference's range in the list's own order from
    # (region, status, reference): nothing is sorted and no older row is walked. (Its capped
    # count may sort this small table's few matches instead; at 1M it reads the index too.)
    (page_plan,) = [p for p in ref_plans if not p.startswith("Aggregate")]
    assert "request_reference_queue" in page_plan, page_plan
    assert "Sort" not in page_plan, page_plan


def test_manager_start_reads_the_partial_indexes(history, client_for, manager):  # type: ignore[no-untyped-def]
    """The start page's two sections: the cases waiting for a coordinator oldest first, and the
    overdue first contacts by deadline, each from a partial index of just those cases, not
    from the region's whole history (8 000 rows read for 10 at 100k cases before)."""
    plans = _plans_of(client_for(manager), "/start/")
    _assert_indexed(plans)
    joined = "\n".join(plans)
    assert "case_region_waiting" in joined, joined
    assert "case_region_contact_pending" in joined, joined
