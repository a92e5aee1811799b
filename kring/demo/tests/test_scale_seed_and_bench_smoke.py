"""`seed_demo --scale N` writes a realistic history in bulk, and the `make bench` harness runs
over it: every page it times answers (a smoke test on a few hundred cases, no timings)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from bench.pages import measure
from bench.statements import measure_statements
from kring.accounts.models import Role, User
from kring.audit.models import AuditEvent
from kring.audit.partitions import existing_partitions
from kring.cases.load import recount
from kring.cases.models import Case, RunningCaseCount
from kring.cases.states import OPEN_STATES, Status
from kring.conferences.models import ConferenceRecord, Invitation
from kring.demo.scale import seed_scale
from kring.intake.models import Request
from kring.network.models import Person
from kring.plans.models import Agreement, PlanVersion


@pytest.mark.django_db
def test_scale_writes_a_mixed_history_in_every_region(municipality, other_municipality):
    report = seed_scale(400)
    assert report.cases == 400 == Case.objects.count()
    statuses = dict(Case.objects.values_list("status").annotate(n=Count("id")))
    assert statuses.get(Status.CLOSED, 0) > 100
    assert statuses.get(Status.STOPPED, 0) > 20
    assert sum(n for s, n in statuses.items() if s in OPEN_STATES) > 20
    assert Case.objects.filter(status=Status.STOPPED, stop_reason="").count() == 0
    assert set(Case.objects.values_list("region", flat=True)) == {
        municipality.region_id,
        other_municipality.region_id,
    }
    # Every case came from a converted request; some requests closed without a case.
    assert Request.objects.filter(case__isnull=False).count() == 400
    assert Request.objects.filter(case__isnull=True, status="closed").exists()
    prepared = Case.objects.filter(in_preparation_at__isnull=False).count()
    assert Person.objects.count() == 12 * prepared + (400 - prepared)
    assert Invitation.objects.exists() and ConferenceRecord.objects.exists()
    assert Agreement.objects.count() == 4 * PlanVersion.objects.count() > 0
    # About 48 events a case over its life, none of them in the future: the newest cases
    # have fewer.
    events = AuditEvent.objects.filter(object_type="cases.case")
    assert 40 * 400 < events.count() < 48 * 400
    now = timezone.now()
    assert not events.filter(occurred_at__gt=now).exists()
    # Nor a request, its contact or its closing, nor a case's start.
    assert not Request.objects.filter(
        Q(created_at__gt=now) | Q(first_contact_at__gt=now) | Q(closed_at__gt=now)
    ).exists()
    assert not Case.objects.filter(requested_at__gt=now).exists()
    if connection.vendor == "postgresql":
        # History lands in its own months, as in production, not in the default partition.
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM audit_partitions.auditevent_default")
            assert cursor.fetchone()[0] == 0
        assert len(existing_partitions()) >= 12
    # Coordinators carry their history: more cases than the maximum they run at once.
    busiest = User.objects.filter(role=Role.COORDINATOR).annotate(n=Count("coordinated_cases"))
    assert max(u.n for u in busiest) > 20
    # Their kept counts of running cases were set from the cases written (decision 192).
    assert recount() == 0
    assert RunningCaseCount.objects.filter(running__gt=0).exists()


@pytest.mark.django_db
def test_a_national_size_needs_the_flag():
    with pytest.raises(CommandError, match="--national"):
        call_command("seed_demo", "--scale", "100001", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_bench_harness_runs_every_page_over_scale_data():
    call_command("seed_demo", "--scale", "300", stdout=io.StringIO(), stderr=io.StringIO())
    result = measure(rounds=1)
    assert result["cases"] >= 300
    assert len(result["pages"]) >= 20
    failing = {n: r["status"] for n, r in result["pages"].items() if r["status"] >= 400}
    assert not failing
    assert all(r["queries"] > 0 for r in result["pages"].values())


@pytest.mark.django_db
def test_the_statements_harness_splits_a_page_and_restores_the_compilers():
    """`bench/statements.py` times each statement of a page: the ORM's with a compile part,
    the ones written by hand (the duplicate check) without; afterwards the compilers are
    Django's own again."""
    from django.db.models.sql import compiler

    own = compiler.SQLCompiler.as_sql, compiler.SQLInsertCompiler.execute_sql
    call_command("seed_demo", "--scale", "300", stdout=io.StringIO(), stderr=io.StringIO())
    page_ms, statements = measure_statements("public form POST", times=2)
    assert page_ms > 0
    by_start = {s.sql.split(" ", 1)[0] for s in statements}
    assert {"SELECT", "INSERT"} <= by_start
    assert any(
        s.compile_ms > 0 and s.sql.startswith('INSERT INTO "intake_request"') for s in statements
    )
    (check,) = [s for s in statements if s.sql.startswith("SELECT r.id, r.uuid")]
    assert check.compile_ms == 0 and check.database_ms > 0
    assert (compiler.SQLCompiler.as_sql, compiler.SQLInsertCompiler.execute_sql) == own
