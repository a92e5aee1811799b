"""Who may see a case, and who may do what with it: the case rules in one place.

`get_case_for(request, uuid, purpose)` is the one door to a case for staff and coordinators:
it scopes by role and raises 404 for what a person may not see, and fetching for
`Purpose.VIEW` writes a read event. The `may_*` predicates answer "may this user take this
step on this case now"; views, forms and templates ask them rather than repeating role and
state checks. Apps above (network, conferences, plans) add their own object rules on top and
call down to this module.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.http import Http404, HttpRequest
from django.utils import timezone

from kring.accounts.access import STAFF_ROLES, is_coordinator, is_staff, region_ids
from kring.accounts.http import Viewer, active_user
from kring.accounts.models import Role, User
from kring.audit.models import AuditEvent
from kring.audit.services import Action, event, record, record_all
from kring.cases.models import Case, CaseQuerySet
from kring.cases.states import (
    CHECK_IN_STATES,
    COORDINATOR_TASK_STATES,
    OPEN_STATES,
    REPLACEABLE_STATES,
    VARIANT_STATES,
    Status,
)
from kring.core.access import Purpose, parse_uuid

__all__ = ["Purpose", "cases_for", "get_case_for", "get_case_object_for", "runs_cases"]

# Who is staff (STAFF_ROLES, is_staff) is a role fact, not a case rule: it lives in
# `kring.accounts.access`, below this app, because the intake desk and the menu need it too.


def runs_cases(viewer: Viewer | None) -> bool:
    """Staff or a coordinator: the people who run cases. A professional only contributes to a
    case, through their place in its circle (`kring.network.access`)."""
    return is_staff(viewer) or is_coordinator(viewer)


def cases_for(viewer: Viewer | None) -> CaseQuerySet:
    """The cases this user may see at all (list level).

    Regional managers: cases of their regions. Coordinators: cases assigned to them while their
    task runs. Professionals and funders: none through this door (professionals get theirs
    through their place in the circle, `kring.network.access`; funders never see a case).
    """
    user = active_user(viewer)
    if user is None:
        return Case.objects.none()
    if user.role == Role.ADMIN:
        return Case.objects.all()
    if user.role == Role.REGIONAL_MANAGER:
        return Case.objects.filter(region__in=user.regions.all())
    if user.role == Role.COORDINATOR:
        return Case.objects.filter(coordinator=user, status__in=sorted(COORDINATOR_TASK_STATES))
    return Case.objects.none()


def cases_listed_for(viewer: Viewer | None) -> CaseQuerySet:
    """`cases_for`, for the lists: a manager's region ids are read first (one small query,
    `region_ids`), so the planner sees literal ids and walks the (region, ..., sort, id)
    index of the list's sort, instead of a subquery it cannot see through (issue 15)."""
    user = active_user(viewer)
    if user is not None and user.role == Role.REGIONAL_MANAGER:
        return Case.objects.filter(region__in=region_ids(user))
    return cases_for(viewer)


def coordinator_may_see_personal_data(user: Viewer, case: Case) -> bool:
    """A coordinator sees personal details only after declaring independence for this case."""
    if getattr(user, "role", None) != Role.COORDINATOR:
        return True
    return case.coordinator_id == user.pk and case.independence_declared_at is not None


# What every case-scoped page shows of a case besides its own row (header, menu, rules).
CASE_RELATED = ("region", "municipality", "coordinator", "regional_manager")


def get_case_for(
    request: HttpRequest,
    case_uuid: uuid.UUID | str,
    purpose: Purpose,
    *,
    with_requester: bool = False,
) -> Case:
    """One case for the signed-in user, or 404.

    VIEW and CHANGE by a coordinator require their independence declaration (before it, only
    LIST-level data may be shown, through `Purpose.LIST`). VIEW writes a read event.
    `with_requester` joins the request too, for the one page that shows the requester (the
    case page); elsewhere `case.request` is read when used.
    """
    user = request.user
    # The manager's region ids as literals (`cases_listed_for`, read once per request) and no
    # ordering: with a subquery for the regions PostgreSQL spent ~2.5 ms planning this
    # six-table lookup, with literal ids ~0.8 ms; every case page pays it (issue 15). Each
    # joined table costs PostgreSQL 0.1-0.3 ms of planning, so the request, which only the
    # case page shows, is joined only there (issue 15, ninth round).
    related = (*CASE_RELATED, "request") if with_requester else CASE_RELATED
    case = (
        cases_listed_for(user)
        .select_related(*related)
        .filter(uuid=parse_uuid(case_uuid))
        .order_by()
        .first()
    )
    if case is None:
        raise Http404
    if purpose != Purpose.LIST and not coordinator_may_see_personal_data(user, case):
        raise Http404
    if purpose == Purpose.VIEW:
        record_case_read(request, case)
    return case


def record_case_read(request: HttpRequest, case: Case, *, with_requester: bool = False) -> None:
    """The case's personal data was shown: one read event. For a page that fetched the case
    with `Purpose.LIST` first and then decided to show it in full (no second fetch).
    `with_requester`: the requester's details were shown too, recorded in the same INSERT."""
    events = [event(Action.VIEW, case, request=request, case=case, key="case.viewed")]
    if with_requester and case.request_id is not None:
        events.append(_requester_read(request, case))
    record_all(events)


def record_requester_read(request: HttpRequest, case: Case) -> None:
    """The requester's name and contact details were shown with the case (a read of the
    request's personal data, recorded on its own)."""
    if case.request_id is not None:
        record_all([_requester_read(request, case)])


def _requester_read(request: HttpRequest, case: Case) -> AuditEvent:
    return event(
        Action.VIEW,
        object_type="intake.request",
        object_id=str(case.request.uuid) if case.request else "",
        request=request,
        case=case,
        key="case.requester_viewed",
    )


def record_list_read(request: HttpRequest, list_name: str, rows: int) -> None:
    """One read event for a page of a worklist that shows names: which list and how many
    rows, never the names."""
    record(
        Action.VIEW,
        request=request,
        object_type="cases.case",
        key="case.list_viewed",
        changes={"list": list_name, "rows": rows},
    )


def get_case_object_for[M: models.Model](
    case: Case, model: type[M], object_uuid: uuid.UUID | str, *, case_field: str = "case"
) -> M:
    """A case-bound object (restriction, information item, date option, ...) of a case the
    caller already got through an access function, or 404."""
    lookup = {case_field: case, "uuid": parse_uuid(object_uuid)}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


# --- Who may take which step on a case ---------------------------------------------------------


def may_declare(user: User, case: Case) -> bool:
    """The assigned coordinator, before their independence declaration for this case (also a
    replacement, later in the task)."""
    return (
        user.role == Role.COORDINATOR
        and case.coordinator_id == user.pk
        and case.status in COORDINATOR_TASK_STATES
        and case.independence_declared_at is None
    )


def may_record_first_contact(user: User, case: Case) -> bool:
    """The coordinator who declared independence, while the case waits for first contact."""
    return (
        user.role == Role.COORDINATOR
        and case.status == Status.COORDINATOR_ASSIGNED
        and coordinator_may_see_personal_data(user, case)
        and case.independence_declared_at is not None
    )


def may_log_contact(user: User, case: Case) -> bool:
    """The coordinator during their task; staff while the case is open."""
    if user.role == Role.COORDINATOR:
        return case.status in COORDINATOR_TASK_STATES and coordinator_may_see_personal_data(
            user, case
        )
    return user.role in STAFF_ROLES and case.status in OPEN_STATES


def may_stop(user: User, case: Case) -> bool:
    """Staff, while the case is open."""
    return user.role in STAFF_ROLES and case.status in OPEN_STATES


def may_withdraw(user: User, case: Case) -> bool:
    """Staff take a case back from its coordinator before the first contact."""
    return (
        user.role in STAFF_ROLES
        and case.status == Status.COORDINATOR_ASSIGNED
        and case.first_contact_at is None
    )


def may_assign(user: User, case: Case) -> bool:
    """Staff choose a coordinator for a requested case."""
    return user.role in STAFF_ROLES and case.status == Status.REQUESTED


def may_replace(user: User, case: Case) -> bool:
    """Staff give the case to another coordinator at any point before the check-in call (or
    choose one for a case left without, after a replacement declared a conflict)."""
    return user.role in STAFF_ROLES and case.status in REPLACEABLE_STATES


def may_change_facts(user: User, case: Case) -> bool:
    """Correct the case's facts and main people: staff while it runs, the coordinator during
    their task once they declared independence (the facts they may see)."""
    if user.role == Role.COORDINATOR:
        return case.status in COORDINATOR_TASK_STATES and coordinator_may_see_personal_data(
            user, case
        )
    return user.role in STAFF_ROLES and case.status in OPEN_STATES


def may_change_staff_facts(user: User, case: Case) -> bool:
    """The municipality (and so the region) and the wishes about the coordinator: staff."""
    return user.role in STAFF_ROLES and case.status in OPEN_STATES


def may_change_variant(user: User, case: Case) -> bool:
    """Staff, or the coordinator who declared independence, until the conference is
    scheduled."""
    return may_change_facts(user, case) and case.status in VARIANT_STATES


def check_in_opens_on(case: Case) -> datetime.date | None:
    """The first day the check-in call may be recorded: KRING_CHECK_IN_EARLY_DAYS before it is
    due (`Case.check_in_due`); None before the conference (or the delivery without one)."""
    due = case.check_in_due
    if due is None:
        return None
    return due - datetime.timedelta(days=settings.KRING_CHECK_IN_EARLY_DAYS)


def may_record_check_in(user: User, case: Case, *, today: datetime.date | None = None) -> bool:
    """The case's coordinator (after their independence declaration) or staff, once the plan
    is delivered, and not before `check_in_opens_on` (decision 0091).

    One rule for the case page, the plan page, the check-in worklist, the view and
    `kring.plans.check_in`: staff may record it too (the coordinator left, or phoned it in).
    """
    if case.status not in CHECK_IN_STATES:
        return False
    coordinator = (
        is_coordinator(user)
        and case.coordinator_id == user.pk
        and coordinator_may_see_personal_data(user, case)
    )
    if not (coordinator or is_staff(user)):
        return False
    opens = check_in_opens_on(case)
    return opens is not None and (today or timezone.localdate()) >= opens
