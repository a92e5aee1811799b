"""The admin's audit list never reads the whole trail: no date drill-down, filters on fixed
choices only, a count that is capped (filtered) or the planner's estimate (unfiltered, big)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kring.audit.models import Action, AuditEvent
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
    assert paginator.count == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_class.reltuples")
def test_an_unfiltered_big_list_counts_with_the_estimate(db):
    _events(50)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditevent")
    estimate = estimated_rows(AuditEvent)
    assert estimate is not None and 40 <= estimate <= 60
