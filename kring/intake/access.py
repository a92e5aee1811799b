"""Who may see which request: a regional manager their own regions, an administrator all.

Views get every request through here; anything else is a 404.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from kring.accounts.access import is_admin, region_ids
from kring.accounts.http import Viewer, active_user
from kring.accounts.models import Municipality, Role, User
from kring.audit.services import Action, record
from kring.core.access import Purpose, parse_uuid
from kring.intake.models import Request
from kring.intake.states import OPEN_STATUSES, TABLE, RequestStatus


def requests_for(viewer: Viewer | None) -> QuerySet[Request]:
    """The requests this user may see: a regional manager's own regions; everything for admins."""
    user = active_user(viewer)
    if user is None:
        return Request.objects.none()
    if user.role == Role.ADMIN:
        return Request.objects.all()
    if user.role == Role.REGIONAL_MANAGER:
        return Request.objects.filter(region__in=user.regions.all())
    return Request.objects.none()


def requests_listed_for(viewer: Viewer | None) -> QuerySet[Request]:
    """`requests_for`, for the queue: a manager's region ids read first (`region_ids`), so
    the planner walks the (region, status, created_at, id) index (issue 15)."""
    user = active_user(viewer)
    if user is not None and user.role == Role.REGIONAL_MANAGER:
        return Request.objects.filter(region__in=region_ids(user))
    return requests_for(viewer)


def municipalities_for(user: User) -> QuerySet[Municipality]:
    """The municipalities a user's queue can be filtered on: those of their regions (every one
    for an administrator, who sees every region's requests)."""
    qs = Municipality.objects.order_by("name")
    if is_admin(user):
        return qs
    return qs.filter(region__in=region_ids(user))


def get_request_for(
    request: HttpRequest, request_uuid: uuid.UUID | str, purpose: Purpose
) -> Request:
    """One request for the signed-in user, or 404; VIEW writes a read event."""
    # Literal region ids and no ordering, as `get_case_for`: a subquery for the regions made
    # PostgreSQL's planning of this five-table lookup the larger part of it (issue 15).
    obj = (
        requests_listed_for(request.user)
        .select_related("municipality", "region", "entered_by", "duplicate_of")
        .filter(uuid=parse_uuid(request_uuid))
        .order_by()
        .first()
    )
    if obj is None:
        raise Http404
    if purpose == Purpose.VIEW:
        record(Action.VIEW, obj, request=request, key="intake.request_viewed")
    return obj


def record_list_read(request: HttpRequest, list_name: str, rows: int, *, searched: bool) -> None:
    """One read event for a page of a list that shows names: which list and how many rows,
    never the names or the search term."""
    record(
        Action.VIEW,
        request=request,
        object_type="intake.request",
        key="intake.list_viewed",
        changes={"list": list_name, "rows": rows, "searched": searched},
    )


def may_merge(obj: Request) -> bool:
    """A flagged duplicate that is still open, of an original that is still open too (once a
    trajectory started, its people are the case's: close the duplicate instead)."""
    original = obj.duplicate_of
    return (
        original is not None
        and TABLE.can_move(obj.status, RequestStatus.CLOSED)
        and original.status in OPEN_STATUSES
    )
