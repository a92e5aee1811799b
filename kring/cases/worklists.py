"""Start pages: the work waiting for a regional manager or a coordinator.

Both lists are keyset-paginated and cost a fixed number of queries whatever their length.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.http import AuthenticatedHttpRequest
from kring.cases.access import cases_for
from kring.cases.models import Case, CaseQuerySet
from kring.cases.states import (
    CONTACT_PENDING_STATES,
    NEXT_STEP,
    OPEN_STATES,
    Status,
)
from kring.core.paging import capped_count, keyset_page
from kring.intake.access import requests_for
from kring.intake.states import RequestStatus

SECTION_SIZE = 10
PAGE_SIZE = 25


def overdue_cases(today: datetime.date) -> CaseQuerySet:
    """Cases still waiting for first contact after their deadline (all regions)."""
    return Case.objects.contact_overdue(today)


@dataclass
class Row:
    """A case as a worklist row: what comes next, and the deadline that matters now."""

    case: Case
    next_step: str
    deadline_label: str = ""
    deadline: datetime.date | None = None
    overdue: bool = False
    soon: bool = False


def rows(cases: list[Case], today: datetime.date) -> list[Row]:
    """Worklist rows for these cases (no queries beyond what the list already loaded)."""
    result = []
    for case in cases:
        row = Row(case=case, next_step=str(NEXT_STEP.get(case.status, "")))
        if case.status in CONTACT_PENDING_STATES and case.contact_due:
            row.deadline_label = _("Eerste contact uiterlijk")
            row.deadline = case.contact_due
            row.overdue = case.contact_overdue_on(today)
        elif case.status == Status.CONFERENCE_SCHEDULED:
            starts = _conference_starts_at(case)
            if starts:
                row.deadline_label = _("Conferentie op")
                row.deadline = timezone.localtime(starts).date()
        elif case.status == Status.PLAN_DELIVERED and case.check_in_due:
            row.deadline_label = _("Nabellen rond")
            row.deadline = case.check_in_due
            row.overdue = row.deadline < today
        if row.deadline and not row.overdue:
            row.soon = (row.deadline - today).days <= 2
        result.append(row)
    return result


def _conference_starts_at(case: Case) -> datetime.datetime | None:
    # The conference belongs to an app above this one: read its date through the reverse
    # relation the list already loaded (`select_related("conference")`), without importing it.
    try:
        conference = case.conference
    except Exception:
        return None
    starts: datetime.datetime | None = conference.starts_at
    return starts


OVERDUE_FILTER = "te-laat"
STATUS_FILTERS: list[tuple[str, str]] = [
    ("", _("Alle lopende")),
    (OVERDUE_FILTER, _("Eerste contact te laat")),
    *[(s.value, str(s.label)) for s in Status],
    ("alle", _("Alle, ook afgesloten")),
]


def _filtered(qs: CaseQuerySet, status: str) -> QuerySet[Case]:
    if status == OVERDUE_FILTER:
        return qs.contact_overdue(timezone.localdate())
    if status == "alle":
        return qs
    if status in Status.values:
        return qs.filter(status=status)
    return qs.filter(status__in=sorted(OPEN_STATES))


def manager_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A regional manager's start page: unassigned and overdue first, then all cases by state."""
    today = timezone.localdate()
    mine = cases_for(request.user)
    related = ("municipality", "coordinator")
    unassigned_qs = mine.filter(status=Status.REQUESTED)
    unassigned = list(
        unassigned_qs.select_related(*related).order_by("requested_at", "id")[:SECTION_SIZE]
    )
    overdue_qs = mine.contact_overdue(today)
    overdue = list(overdue_qs.select_related(*related).order_by("contact_due", "id")[:SECTION_SIZE])
    status = request.GET.get("status", "")
    if status not in {value for value, _label in STATUS_FILTERS}:
        status = ""
    page = keyset_page(
        _filtered(mine, status).select_related(*related, "conference"),
        order_field="requested_at",
        cursor=request.GET.get("na"),
        size=PAGE_SIZE,
    )
    new_requests = requests_for(request.user).filter(status=RequestStatus.NEW)
    return render(
        request,
        "cases/manager_start.html",
        {
            "unassigned": rows(unassigned, today),
            "unassigned_count": capped_count(unassigned_qs),
            "overdue": rows(overdue, today),
            "overdue_count": capped_count(overdue_qs),
            "page": page,
            "page_rows": rows(page.items, today),
            "status": status,
            "status_filters": STATUS_FILTERS,
            "new_request_count": capped_count(new_requests),
            "section_size": SECTION_SIZE,
        },
    )


def coordinator_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A coordinator's start page: their running cases with the next step and deadline."""
    today = timezone.localdate()
    cases = cases_for(request.user).select_related("municipality", "conference")
    page = keyset_page(cases, order_field="requested_at", cursor=request.GET.get("na"), size=25)
    page_rows = rows(page.items, today)
    return render(
        request,
        "cases/coordinator_start.html",
        {
            "page": page,
            "page_rows": page_rows,
            "overdue_count": sum(1 for r in page_rows if r.overdue),
        },
    )
