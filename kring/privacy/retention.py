"""The retention job: anonymise or delete what has outlived its term.

Terms are days in `settings.KRING_RETENTION_DAYS` (docs/privacy.md has the table and the
legal basis of each). `apply_retention(now)` runs every rule and writes one audit event per
rule that removed something (the kind and a count, nothing else); each anonymised case and
account also gets its own event. Run daily by the worker (`KRING_SCHEDULE`) or by hand with
`manage.py apply_retention`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kring.accounts.models import User
from kring.audit import partitions
from kring.audit.services import Action, record
from kring.cases.models import Case
from kring.cases.states import Status
from kring.core.models import ScheduledRun
from kring.intake.models import Request
from kring.intake.states import RequestStatus
from kring.network.models import PersonalLink
from kring.outbox.models import Message, MessageStatus
from kring.outbox.services import forget
from kring.plans.models import PlanVersion
from kring.plans.pdf import forget_pdf
from kring.privacy.erasure import anonymise_case, anonymise_user
from kring.privacy.models import Erasure, ErasureReason

BATCH = 200


def term(kind: str) -> datetime.timedelta:
    """The retention term of a kind of data."""
    return datetime.timedelta(days=settings.KRING_RETENTION_DAYS[kind])


def _not_erased[M: (Case, User)](qs: QuerySet[M], object_type: str) -> QuerySet[M]:
    done = Erasure.objects.filter(object_type=object_type).values("object_uuid")
    return qs.exclude(uuid__in=done)


def expired_cases(now: datetime.datetime) -> QuerySet[Case]:
    """Finished cases past their term that still hold personal data.

    With children involved the Jeugdwet term counts (`case_youth`); otherwise a closed case
    (`case_closed`) or a stopped one (`case_stopped`) counts from its end.
    """
    youth = now - term("case_youth")
    closed = now - term("case_closed")
    stopped = now - term("case_stopped")
    due = (
        Q(minors_involved=True, status=Status.CLOSED, closed_at__lt=youth)
        | Q(minors_involved=True, status=Status.STOPPED, stopped_at__lt=youth)
        | Q(minors_involved=False, status=Status.CLOSED, closed_at__lt=closed)
        | Q(minors_involved=False, status=Status.STOPPED, stopped_at__lt=stopped)
    )
    return _not_erased(Case.objects.filter(due), "cases.case").order_by("id")


def _cases(now: datetime.datetime) -> int:
    count = 0
    seen: set[int] = set()
    while batch := [c for c in expired_cases(now)[:BATCH] if c.pk not in seen]:
        for case in batch:
            anonymise_case(case, reason=ErasureReason.RETENTION)
            seen.add(case.pk)
            count += 1
    return count


def _requests(now: datetime.datetime) -> int:
    """Requests closed without becoming a case (the case keeps its own request)."""
    cutoff = now - term("request_closed")
    count = 0
    while True:
        with transaction.atomic():
            rows = list(
                Request.objects.filter(
                    status=RequestStatus.CLOSED, closed_at__lt=cutoff, case__isnull=True
                ).values_list("pk", "uuid")[:BATCH]
            )
            if not rows:
                return count
            forget("intake.request", [u for _pk, u in rows])
            Request.objects.filter(pk__in=[pk for pk, _u in rows]).delete()
            count += len(rows)


def _links(now: datetime.datetime) -> int:
    cutoff = now - term("personal_link")
    expired = PersonalLink.objects.filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
    return expired.delete()[1].get("network.PersonalLink", 0)


def _sessions(now: datetime.datetime) -> int:
    return Session.objects.filter(expire_date__lt=now - term("session")).delete()[0]


def _login_attempts(now: datetime.datetime) -> int:
    """Throttling's records of failed sign-ins (the address typed and the client's address)."""
    cutoff = now - term("login_attempt")
    attempts = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()[0]
    failures = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    logs = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return attempts + failures + logs


def _task_results(now: datetime.datetime) -> int:
    cutoff = now - term("task_result")
    return (
        DBTaskResult.objects.filter(finished_at__lt=cutoff)
        .delete()[1]
        .get("django_tasks_db.DBTaskResult", 0)
    )


def _messages(now: datetime.datetime) -> int:
    cutoff = now - term("outbox_message")
    done = Message.objects.filter(
        status__in=[MessageStatus.SENT, MessageStatus.FAILED], created_at__lt=cutoff
    )
    return done.delete()[1].get("outbox.Message", 0)


def _scheduled_runs(now: datetime.datetime) -> int:
    cutoff = now - term("scheduled_run")
    return ScheduledRun.objects.filter(started_at__lt=cutoff).delete()[0]


def _pdf_cache(now: datetime.datetime) -> int:
    """Cached plan PDFs are dropped after a while; a later download renders them again."""
    cutoff = now - term("plan_pdf_cache")
    cached = PlanVersion.objects.filter(delivered_at__lt=cutoff).exclude(pdf_file="")
    count = 0
    for version in cached.order_by("id")[:BATCH]:
        forget_pdf(version)
        count += 1
    return count


def _accounts(now: datetime.datetime) -> int:
    """Deactivated accounts not used within the term are anonymised."""
    cutoff = now - term("account_inactive")
    idle = User.objects.filter(is_active=False).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    count = 0
    for user in _not_erased(idle, "accounts.user").order_by("id")[:BATCH]:
        anonymise_user(user, reason=ErasureReason.RETENTION)
        count += 1
    return count


def _audit(now: datetime.datetime) -> int:
    """Whole months of the audit log; never younger than a year (the database refuses)."""
    oldest_kept = min(now - term("audit_log"), now - datetime.timedelta(days=366))
    cutoff_day = partitions.month_start(oldest_kept.astimezone(datetime.UTC).date())
    cutoff = datetime.datetime.combine(cutoff_day, datetime.time(), tzinfo=datetime.UTC)
    dropped = partitions.drop_before(cutoff)
    return dropped.months or dropped.rows


RULES: dict[str, Callable[[datetime.datetime], int]] = {
    "cases": _cases,
    "request_closed": _requests,
    "personal_link": _links,
    "session": _sessions,
    "login_attempt": _login_attempts,
    "task_result": _task_results,
    "outbox_message": _messages,
    "scheduled_run": _scheduled_runs,
    "plan_pdf_cache": _pdf_cache,
    "account_inactive": _accounts,
    "audit_log": _audit,
}


def apply_retention(now: datetime.datetime | None = None) -> dict[str, int]:
    """Run every rule; returns how many rows (audit: months, or rows on SQLite) each removed."""
    now = now or timezone.now()
    done = {}
    for kind, rule in RULES.items():
        count = rule(now)
        done[kind] = count
        if count:
            record(
                Action.DELETE,
                object_type="privacy.retention",
                object_id=kind,
                actor_label="system",
                key="privacy.retention_applied",
                changes={"kind": kind, "count": count},
            )
    return done
