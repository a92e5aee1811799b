"""Mail about cases, sent by Django tasks after the transaction commits.

Mails carry no personal details: the reference, the municipality and a link. The reader logs
in to see more (and a coordinator first declares independence).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kring.accounts.models import Role, User
from kring.cases.models import Case
from kring.cases.worklists import overdue_cases
from kring.core.links import absolute_url


def _send(to: list[str], template: str, context: dict[str, object]) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"cases/mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"cases/mail/{template}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    return message.send()


@task
def notify_coordinator_assigned(case_uuid: str) -> int:
    """Tell the coordinator a case waits for them (and for their independence declaration)."""
    case = Case.objects.select_related("coordinator", "municipality").filter(uuid=case_uuid).first()
    if case is None or case.coordinator is None:
        return 0
    return _send(
        [case.coordinator.email],
        "assigned",
        {"case": case, "url": absolute_url(reverse("cases:detail", args=[case.uuid]))},
    )


@task
def notify_coordinator_withdrawn(case_uuid: str, email: str) -> int:
    """Tell a coordinator that the manager took the case back (no details, just the number)."""
    case = Case.objects.select_related("municipality").filter(uuid=case_uuid).first()
    if case is None:
        return 0
    return _send([email], "withdrawn", {"case": case})


@task
def notify_manager_conflict(case_uuid: str) -> int:
    """Tell the region's managers a coordinator declared a conflict: match again."""
    case = Case.objects.select_related("municipality", "region").filter(uuid=case_uuid).first()
    if case is None:
        return 0
    recipients = _managers_of(case)
    if not recipients:
        return 0
    return _send(
        recipients,
        "conflict",
        {"case": case, "url": absolute_url(reverse("coordinators:match", args=[case.uuid]))},
    )


def _managers_of(case: Case) -> list[str]:
    # Only follow the relation when it is set (no query for a case without a manager).
    manager = case.regional_manager if case.regional_manager_id else None
    if manager is not None and manager.is_active:
        return [manager.email]
    return list(
        User.objects.filter(
            role=Role.REGIONAL_MANAGER, is_active=True, regions=case.region_id
        ).values_list("email", flat=True)
    )


@task
def send_contact_digest() -> int:
    """Mail every regional manager the cases in their regions whose first contact is late."""
    today = timezone.localdate()
    sent = 0
    managers = User.objects.filter(role=Role.REGIONAL_MANAGER, is_active=True).prefetch_related(
        "regions"
    )
    for manager in managers:
        regions = list(manager.regions.all())
        if not regions:
            continue
        cases = list(
            overdue_cases(today)
            .filter(region__in=regions)
            .select_related("municipality", "coordinator")
            .order_by("contact_due", "id")[:200]
        )
        if not cases:
            continue
        sent += _send(
            [manager.email],
            "digest",
            {
                "manager": manager,
                "cases": cases,
                "today": today,
                "url": absolute_url(reverse("portal:start")),
                "base": absolute_url(""),
            },
        )
    return sent
