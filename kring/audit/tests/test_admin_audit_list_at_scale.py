"""The admin's audit list never reads the whole trail: no date drill-down, filters on fixed
choices only, a count that is capped (filtered) or the planner's estimate (unfiltered, big),
and the last 7 days unless another period is chosen (so that PostgreSQL plans only the
newest monthly partitions)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kring.audit.models import Action, AuditEvent
from kring.audit.partitions import ensure_partitions, partitioned
from kring.core.paging import EstimatedCountPaginator, estimated_rows

URL = "/beheer/audit/auditevent/"


def _events(n: int) -> None:
    AuditEvent.objects.bulk_create(
        [AuditEvent(action=Action.VIEW, object_type="cases.case", role="coordinator")] * n
    )


def test_the_list_has_fixed_filters_and_no_date_drill_down(client_for, admin_user):
    _events(3)
    c = client_for(admin_user)
    with CaptureQueriesContext(connection) as captured:
        response = c.get(URL, {"role": "coordinator"})
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.date_hierarchy is None
    assert changelist.result_count == 3
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "DISTINCT" not in sql
    html = response.content.decode()
    assert "Coördinator" in html and "Regiomanager" in html  # the roles, from the choices


def test_a_filtered_count_stops_at_the_cap(db):
    _events(7)
    paginator = EstimatedCountPaginator(AuditEvent.objects.filter(action=Action.VIEW), 100)
    paginator.filtered_cap = 5
    if connection.vendor == "postgresql":
        # Past the cap, the planner's estimate of the filtered rows, when it is larger.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE audit_auditevent")
        assert 5 <= paginator.count <= 20
    else:
        assert paginator.count == 5


def test_a_filtered_count_under_the_cap_is_exact(db):
    _events(7)
    paginator = EstimatedCountPaginator(AuditEvent.objects.filter(action=Action.VIEW), 100)
    assert paginator.count == 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate")
def test_a_filtered_list_past_the_cap_does_not_say_the_cap(db):
    _events(60)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditevent")
    paginator = EstimatedCountPaginator(AuditEvent.objects.filter(action=Action.VIEW), 100)
    paginator.filtered_cap = 10
    assert 40 <= paginator.count <= 80


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_class.reltuples")
def test_an_unfiltered_big_list_counts_with_the_estimate(db):
    _events(50)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditevent")
    estimate = estimated_rows(AuditEvent)
    assert estimate is not None and 40 <= estimate <= 60


def _event_days_ago(days: int, key: str) -> None:
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action=Action.VIEW,
                object_type="cases.case",
                key=key,
                occurred_at=timezone.now() - datetime.timedelta(days=days),
            )
        ]
    )


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({}, {"nu"}),
        ({"periode": "7"}, {"nu"}),
        ({"periode": "31"}, {"nu", "tien-dagen"}),
        ({"periode": "366"}, {"nu", "tien-dagen", "honderd-dagen"}),
        ({"periode": "alles"}, {"nu", "tien-dagen", "honderd-dagen", "twee-jaar"}),
        # Typed into the address bar: the default, no error.
        ({"periode": "gisteren"}, {"nu"}),
    ],
)
def test_the_list_shows_the_last_7_days_unless_another_period_is_chosen(
    client_for, admin_user, query, shown
):
    if partitioned():
        ensure_partitions(since=(timezone.now() - datetime.timedelta(days=800)).date())
    for days, key in [(0, "nu"), (10, "tien-dagen"), (100, "honderd-dagen"), (730, "twee-jaar")]:
        _event_days_ago(days, key)
    response = client_for(admin_user).get(URL, query)
    assert response.status_code == 200
    keys = {event.key for event in response.context["cl"].result_list}
    assert keys - {"audit.admin_listed", "account.logged_in"} == shown
    html = response.content.decode()
    assert "Laatste 7 dagen" in html and "Alles" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's partitions")
def test_the_default_list_is_planned_over_the_newest_months_only(client_for, admin_user):
    """Twenty years of months exist; the list's query names none before last month (the
    months ahead, made in advance, and the default partition are empty and cheap)."""
    ensure_partitions(since=(timezone.now() - datetime.timedelta(days=365 * 20)).date())
    _event_days_ago(0, "nu")
    with CaptureQueriesContext(connection) as captured:
        assert client_for(admin_user).get(URL).status_code == 200
    (listing,) = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT")
        and "ORDER BY" in q["sql"]
        and "audit_auditevent" in q["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + listing)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    months = {w[:18] for w in plan.split() if w.startswith("auditevent_2") and len(w) >= 18}
    last_month = (timezone.now() - datetime.timedelta(days=38)).strftime("auditevent_%Y_%m")
    assert months and min(months) >= last_month, plan
