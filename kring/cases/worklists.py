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
from kring.cases.access import cases_listed_for, record_list_read
from kring.cases.models import WAITING_FOR_COORDINATOR, Case, CaseQuerySet
from kring.cases.states import (
    CONTACT_PENDING_STATES,
    NEXT_STEP,
    OPEN_STATES,
    Status,
)
from kring.core.paging import capped_count, keyset_page
from kring.core.rowlinks import link_to
from kring.intake.access import requests_listed_for
from kring.intake.states import RequestStatus

SECTION_SIZE = 10
PAGE_SIZE = 25


def overdue_cases(today: datetime.date) -> CaseQuerySet:
    """Cases still waiting for first contact after their deadline (all regions)."""
    return Case.objects.contact_overdue(today)


class Deadline:
    """Which deadline a row shows, so that a late check-in is never announced as a late first
    contact."""

    FIRST_CONTACT = "first_contact"
    CONFERENCE = "conference"
    CHECK_IN = "check_in"


@dataclass
class Row:
    """A case as a worklist row: what comes next, and the deadline that matters now."""

    case: Case
    next_step: str
    deadline_label: str = ""
    deadline: datetime.date | None = None
    deadline_kind: str = ""
    overdue: bool = False
    soon: bool = False
    url: str = ""

    @property
    def contact_overdue(self) -> bool:
        return self.overdue and self.deadline_kind == Deadline.FIRST_CONTACT

    @property
    def check_in_overdue(self) -> bool:
        return self.overdue and self.deadline_kind == Deadline.CHECK_IN


# The columns a worklist row shows or decides on (`rows`, cases/_case_table.html): a list of
# 25-50 cases read with every column of the case, its coordinator and its conference took ~90
# columns to compile and load (issue 15). A column read later without being here would cost a
# query per row; the worklists' exact query counts catch that.
ROW_FIELDS = (
    "uuid",
    "reference",
    "status",
    "main_person_first_name",
    "requested_at",
    "contact_due",
    "first_contact_at",
    "independence_declared_at",
    "conference_held_at",
    "plan_delivered_at",
    "municipality__name",
    "coordinator__full_name",
)


def _next_step(case: Case) -> str:
    if case.coordinator_vacant:
        return _("Nieuwe coördinator kiezen")
    if case.coordinator_id is not None and case.independence_declared_at is None:
        return _("Onafhankelijkheid verklaren")
    return str(NEXT_STEP.get(case.status, ""))


def rows(cases: list[Case], today: datetime.date) -> list[Row]:
    """Worklist rows for these cases (no queries beyond what the list already loaded)."""
    result = []
    link = link_to("cases:detail")
    for case in cases:
        row = Row(case=case, next_step=_next_step(case), url=link(case.uuid))
        if case.status in CONTACT_PENDING_STATES and case.contact_due:
            row.deadline_label = _("Eerste contact uiterlijk")
            row.deadline = case.contact_due
            row.deadline_kind = Deadline.FIRST_CONTACT
            row.overdue = case.contact_overdue_on(today)
        elif case.status == Status.CONFERENCE_SCHEDULED:
            starts = _conference_starts_at(case)
            if starts:
                row.deadline_label = _("Conferentie op")
                row.deadline = timezone.localtime(starts).date()
                row.deadline_kind = Deadline.CONFERENCE
        elif case.status == Status.PLAN_DELIVERED and case.check_in_due:
            row.deadline_label = _("Nabellen rond")
            row.deadline = case.check_in_due
            row.deadline_kind = Deadline.CHECK_IN
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


def _without_coordinator(qs: CaseQuerySet) -> QuerySet[Case]:
    """Requested cases, and running cases left without a coordinator (a replacement declared a
    conflict): both wait for the manager to choose one."""
    return qs.filter(WAITING_FOR_COORDINATOR)


def manager_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A regional manager's start page: the work waiting now (new requests, cases without a
    coordinator, overdue first contacts); every case is on the case list (`case_list`)."""
    today = timezone.localdate()
    mine = cases_listed_for(request.user)
    related = ("municipality", "coordinator")
    unassigned_qs = _without_coordinator(mine)
    unassigned = list(
        unassigned_qs.select_related(*related)
        .only(*ROW_FIELDS)
        .order_by("requested_at", "id")[:SECTION_SIZE]
    )
    overdue_qs = mine.contact_overdue(today)
    overdue = list(
        overdue_qs.select_related(*related)
        .only(*ROW_FIELDS)
        .order_by("contact_due", "id")[:SECTION_SIZE]
    )
    new_requests = requests_listed_for(request.user).filter(status=RequestStatus.NEW)
    record_list_read(request, "manager_start", len(unassigned) + len(overdue))
    return render(
        request,
        "cases/manager_start.html",
        {
            "unassigned": rows(unassigned, today),
            "unassigned_count": capped_count(unassigned_qs),
            "overdue": rows(overdue, today),
            "overdue_count": capped_count(overdue_qs),
            "new_request_count": capped_count(new_requests),
            "section_size": SECTION_SIZE,
            "overdue_filter": OVERDUE_FILTER,
        },
    )


def manager_case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every case of the manager's regions ("Trajecten"), filtered by state, a page at a time."""
    today = timezone.localdate()
    mine = cases_listed_for(request.user)
    status = request.GET.get("status", "")
    if status not in {value for value, _label in STATUS_FILTERS}:
        status = ""
    page = keyset_page(
        _filtered(mine, status)
        .select_related("municipality", "coordinator", "conference")
        .only(*ROW_FIELDS, "conference__starts_at"),
        order_field="requested_at",
        cursor=request.GET.get("na"),
        size=PAGE_SIZE,
    )
    page_rows = rows(page.items, today)
    record_list_read(request, "cases", len(page_rows))
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "page_rows": page_rows,
            "status": status,
            "status_filters": STATUS_FILTERS,
        },
    )


def coordinator_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A coordinator's start page: their running cases with the next step and deadline."""
    today = timezone.localdate()
    cases = (
        cases_listed_for(request.user)
        .select_related("municipality", "conference")
        .only(
            *[f for f in ROW_FIELDS if not f.startswith("coordinator__")],
            "coordinator",
            "conference__starts_at",
        )
    )
    page = keyset_page(cases, order_field="requested_at", cursor=request.GET.get("na"), size=25)
    page_rows = rows(page.items, today)
    record_list_read(request, "coordinator_start", len(page_rows))
    return render(
        request,
        "cases/coordinator_start.html",
        {
            "page": page,
            "page_rows": page_rows,
            "contact_overdue_count": sum(1 for r in page_rows if r.contact_overdue),
            "check_in_overdue_count": sum(1 for r in page_rows if r.check_in_overdue),
        },
    )
