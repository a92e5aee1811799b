"""Mail about cases to staff, through the one outbox, in each reader's own language.

Queued in the transaction of the change it reports (a rolled-back change mails nothing). Mails
carry no personal details: the reference, the municipality and a link. The reader signs in to
see more (and a coordinator first declares independence).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role, User
from kring.cases.models import Case
from kring.cases.states import Status
from kring.core.languages import document_language
from kring.core.links import absolute_url
from kring.outbox import services as outbox


def _to(user: User, kind: str, template: str, case: Case | None, **context: object) -> None:
    outbox.send_mail(
        kind,
        to=user.email,
        template=f"cases/mail/{template}",
        context={"recipient": user, "case": case, **context},
        language=document_language(user.preferred_language),
        case=case,
        about=case,
    )


def coordinator_assigned(case: Case) -> None:
    """Tell the coordinator a case waits for them (and for their independence declaration)."""
    if case.coordinator is not None:
        url = absolute_url(reverse("cases:detail", args=[case.uuid]))
        _to(case.coordinator, "case.assigned", "assigned", case, url=url)


def coordinator_withdrawn(case: Case, coordinator: User) -> None:
    """Tell a coordinator that the manager took the case back (no details, just the number)."""
    _to(coordinator, "case.withdrawn", "withdrawn", case)


def managers_of(case: Case) -> list[User]:
    """The case's own manager, or else every active manager of its region."""
    if case.regional_manager is not None and case.regional_manager.is_active:
        return [case.regional_manager]
    return list(
        User.objects.filter(role=Role.REGIONAL_MANAGER, is_active=True, regions=case.region_id)
    )


def manager_conflict(case: Case) -> None:
    """Tell the region's managers a coordinator declared a conflict: match again (a requested
    case), or choose a replacement (a case further along, now without a coordinator)."""
    page = "coordinators:match" if case.status == Status.REQUESTED else "coordinators:replace"
    url = absolute_url(reverse(page, args=[case.uuid]))
    for manager in managers_of(case):
        _to(manager, "case.conflict", "conflict", case, url=url)


def case_rerouted(case: Case) -> None:
    """Tell the managers of the case's new region that it moved to them (a corrected
    municipality); no details, just the number, the place and a link."""
    url = absolute_url(reverse("cases:detail", args=[case.uuid]))
    for manager in managers_of(case):
        _to(manager, "case.rerouted", "rerouted", case, url=url)


def contact_digest(today: datetime.date | None = None) -> int:
    """Queue, once per manager per day, the cases in their regions whose first contact is late.

    Safe to run twice (two workers, a restart): the dedupe key holds one digest a day.
    """
    today = today or timezone.localdate()
    queued = 0
    managers = User.objects.filter(role=Role.REGIONAL_MANAGER, is_active=True).prefetch_related(
        "regions"
    )
    for manager in managers:
        regions = list(manager.regions.all())
        if not regions:
            continue
        cases = list(
            Case.objects.contact_overdue(today)
            .filter(region__in=regions)
            .select_related("municipality", "coordinator")
            .order_by("contact_due", "id")[:200]
        )
        if not cases:
            continue
        rows = [(c, absolute_url(reverse("cases:detail", args=[c.uuid]))) for c in cases]
        message = outbox.send_mail(
            "case.contact_digest",
            to=manager.email,
            template="cases/mail/digest",
            context={
                "recipient": manager,
                "rows": rows,
                "count": len(rows),
                "today": today,
                "url": absolute_url(reverse("portal:start")),
            },
            language=document_language(manager.preferred_language),
            dedupe_key=f"case.contact_digest:{manager.uuid}:{today.isoformat()}",
        )
        queued += message is not None
    return queued
