"""The case timeline and the figures' refresh read indexes, not whole tables (issue 15,
decision 146), checked with EXPLAIN on PostgreSQL for the very queries they run: the case
page's timeline (the audit events of a busy case without its read events) and every query of
`changed_since`, which the worker runs every few minutes. As in test_lists_use_indexes.py a few
thousand rows with the planner's sequential scan switched off show whether an index *can*
answer the query. SQLite has no such planner switch: these tests are skipped there."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kring.audit.models import Action, AuditEvent
from kring.audit.partitions import ensure_partitions
from kring.cases.models import Case
from kring.demo.scale import seed_scale
from kring.followup.models import (
    AgreementsOutcome,
    FollowUp,
    ProfessionalHelp,
    QuestionAnswered,
    SafetyHolds,
    SurveyInvitation,
)
from kring.network.models import Person, Ring, SafetyRequirement
from kring.plans.models import Outcome, Plan, SafetyAssessment
from kring.reporting.refresh import changed_since

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="EXPLAIN and enable_seqscan are PostgreSQL's"
)

BUSY_READS = 2000


def _explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    return plan


def _timeline_indexes() -> set[str]:
    """The partial timeline index and its copy on each month of the audit table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'audit_case_timeline'::regclass"
        )
        return {row[0] for row in cursor.fetchall()} | {"audit_case_timeline"}


def _after_the_conference(user) -> None:  # type: ignore[no-untyped-def]
    """What seed_scale leaves out: surveys (few answered), minimum requirements (few changed
    or withdrawn), their assessments and follow-ups, nearly all long ago, one of each now.
    Without rows the planner may read a whole index with a filter, which is no better than
    reading the table."""
    now = timezone.now()
    old = now - datetime.timedelta(days=400)
    people = list(Person.objects.order_by("id").values_list("id", flat=True)[:3000])
    SurveyInvitation.objects.bulk_create(
        SurveyInvitation(
            person_id=pk,
            sent_at=old,
            answered_at=now if i == 0 else old if i % 10 == 0 else None,
        )
        for i, pk in enumerate(people)
    )
    professionals = list(
        Person.objects.filter(ring=Ring.PROFESSIONALS, case__plan__isnull=False)
        .order_by("case_id")
        .distinct("case_id")
        .values_list("id", "case_id", "case__plan__id")[:300]
    )
    requirements = SafetyRequirement.objects.bulk_create(
        SafetyRequirement(
            case_id=case_id,
            set_by_id=pk,
            text="De kinderen zijn nooit alleen met vader.",
            organisation="Jeugdbescherming",
            created_at=now if i == 0 else old,
            changed_at=now if i == 1 else old if i % 10 == 0 else None,
            withdrawn_at=now if i == 2 else old if i % 20 == 0 else None,
        )
        for i, (pk, case_id, _plan) in enumerate(professionals)
    )
    SafetyAssessment.objects.bulk_create(
        SafetyAssessment(
            plan_id=plan_id,
            requirement=requirement,
            plan_revision=1,
            outcome=Outcome.MET,
            assessed_by=user,
            assessed_at=now if i == 0 else old,
        )
        for i, (requirement, (_pk, _case, plan_id)) in enumerate(
            zip(requirements, professionals, strict=True)
        )
    )
    plans = Plan.objects.order_by("id").values_list("case_id", flat=True)
    FollowUp.objects.bulk_create(
        FollowUp(
            case_id=case_id,
            held_on=old.date(),
            agreements=AgreementsOutcome.DONE,
            question_answered=QuestionAnswered.YES,
            professional_help=ProfessionalHelp.SAME,
            safety_holds=SafetyHolds.NONE,
            closes_case=True,
            recorded_at=now if i == 0 else old,
        )
        for i, case_id in enumerate(plans)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@pytest.fixture
def history(municipality, other_municipality, manager):  # type: ignore[no-untyped-def]
    # People, invitations, conference records and audit events too (mostly read events).
    seed_scale(1000)
    _after_the_conference(manager)


def _without_branch(plan: str, marker: str) -> str:
    """The EXPLAIN text without the plan node whose line holds `marker`, and its children."""
    kept: list[str] = []
    inside: int | None = None
    for line in plan.splitlines():
        indent = len(line) - len(line.lstrip())
        if inside is not None and indent > inside:
            continue
        inside = None
        if marker in line:
            inside = indent
            continue
        kept.append(line)
    return "\n".join(kept)


def test_the_timeline_of_a_busy_case_reads_no_read_events(history, client_for, manager):  # type: ignore[no-untyped-def]
    case = Case.objects.filter(region__in=manager.regions.all()).order_by("id").last()
    assert case is not None
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            occurred_at=now - datetime.timedelta(minutes=i),
            action=Action.VIEW,
            key="case.viewed",
            object_type="cases.case",
            object_id=str(case.uuid),
            case_id=case.uuid,
        )
        for i in range(BUSY_READS)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditevent")
    with CaptureQueriesContext(connection) as captured:
        assert client_for(manager).get(f"/trajecten/{case.uuid}/").status_code == 200
    timeline = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "audit_auditevent"' in q["sql"]
    ]
    assert len(timeline) == 1, timeline
    plan = _explain(timeline[0])
    assert "Seq Scan on auditevent" not in plan, plan
    # Every month is read through the partial index; no read event is fetched and then
    # thrown away by a filter. An empty default partition (every month has its own) costs
    # nothing whichever index the planner probes it with (a tie it may break either way), so
    # its branch of the plan is left out.
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM audit_partitions.auditevent_default)")
        if not cursor.fetchone()[0]:
            plan = _without_branch(plan, "on auditevent_default ")
    used = {
        name
        for name in re.findall(r"Index Scan(?: Backward)? (?:using|on) (\S+)", plan)
        if name.startswith("audit")
    }
    assert used and used <= _timeline_indexes(), plan
    assert "'view'" not in "".join(line for line in plan.splitlines() if "Filter" in line), plan


def test_the_timeline_index_is_on_every_month_also_a_new_one(db):  # type: ignore[no-untyped-def]
    far = timezone.now() + datetime.timedelta(days=800)
    assert ensure_partitions(far, ahead=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_auditevent'::regclass"
        )
        months = cursor.fetchone()[0]
        cursor.execute(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'audit_case_timeline'::regclass"
        )
        assert cursor.fetchone()[0] is True
    assert len(_timeline_indexes()) == months + 1


# Per table of `changed_since`: the index (or indexes, for an OR) that answers its filter.
REFRESH_INDEXES = {
    "intake_request": {"request_updated"},
    "cases_case": {"case_updated"},
    "plans_conferencerecord": {"record_updated"},
    "network_person": {"person_created", "person_answered"},
    "conferences_invitation": {"invitation_sent"},
    "network_safetyrequirement": {
        "requirement_created",
        "requirement_changed",
        "requirement_withdrawn",
    },
    "followup_followup": {"followup_recorded"},
    "followup_surveyinvitation": {"survey_answered"},
    "plans_safetyassessment": {"assessment_time"},
}


def test_every_query_of_the_refresh_reads_an_index(history):  # type: ignore[no-untyped-def]
    since = timezone.now() - datetime.timedelta(minutes=10)
    with CaptureQueriesContext(connection) as captured:
        changed_since(since)
    plans = {q["sql"]: _explain(q["sql"]) for q in captured.captured_queries}
    for sql, plan in plans.items():
        assert "Seq Scan" not in plan, f"{sql}\n{plan}"
    for table, indexes in REFRESH_INDEXES.items():
        [plan] = [p for sql, p in plans.items() if f' FROM "{table}"' in sql and ">=" in sql]
        for index in indexes:
            assert f"Index Scan on {index}" in plan or f"Index Scan using {index}" in plan, plan
        if len(indexes) > 1:
            # The OR of the filters is a BitmapOr of their indexes, not a scan of the table.
            assert "BitmapOr" in plan, plan
