"""One function per triage verb; the only code that changes a request's status.

Each runs in `transaction.atomic`, locks the request row, asks the state table
(`states.TABLE`), stamps the moment and writes an audit event. Starting a trajectory is the
case app's `open_case`, which converts the request through `convert_request` below.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.core.states import TransitionError
from kring.intake.models import CloseReason, Request
from kring.intake.states import TABLE, RequestStatus

__all__ = [
    "TransitionError",
    "close_request",
    "convert_request",
    "plan_info_conversation",
    "record_first_contact",
]


def _lock(obj: Request, target: str) -> Request:
    locked = Request.objects.select_for_update().select_related("region").get(pk=obj.pk)
    TABLE.require(locked.status, target)
    return locked


def _move(
    obj: Request,
    target: str,
    *,
    actor: User | None,
    request: HttpRequest | None,
    message: str,
    reason: str = "",
    **fields: object,
) -> Request:
    old = obj.status
    obj.status = target
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save(update_fields=["status", "updated_at", *fields])
    record(
        Action.TRANSITION,
        obj,
        actor=actor,
        request=request,
        changes={"status": [old, target]},
        reason=reason,
        message=message,
    )
    return obj


def record_first_contact(
    obj: Request,
    *,
    note: str,
    actor: User,
    request: HttpRequest | None = None,
    at: datetime.datetime | None = None,
) -> Request:
    """The regional manager (or a coordinator on their behalf) spoke with the requester."""
    with transaction.atomic():
        locked = _lock(obj, RequestStatus.CONTACTED)
        return _move(
            locked,
            RequestStatus.CONTACTED,
            actor=actor,
            request=request,
            message=_("Eerste contact vastgelegd"),
            first_contact_at=at or timezone.now(),
            first_contact_note=note,
        )


def plan_info_conversation(
    obj: Request, *, at: datetime.datetime, actor: User, request: HttpRequest | None = None
) -> Request:
    """Plan an informational conversation instead of (or before) a conference."""
    with transaction.atomic():
        locked = _lock(obj, RequestStatus.INFO_CONVERSATION)
        return _move(
            locked,
            RequestStatus.INFO_CONVERSATION,
            actor=actor,
            request=request,
            message=_("Informatief gesprek gepland"),
            info_conversation_at=at,
        )


def close_request(
    obj: Request,
    *,
    reason: str,
    note: str,
    actor: User,
    request: HttpRequest | None = None,
) -> Request:
    """Close a request that will not become a conference, with a reason."""
    if reason not in CloseReason.values:
        raise TransitionError([_("Kies een reden.")])
    with transaction.atomic():
        locked = _lock(obj, RequestStatus.CLOSED)
        return _move(
            locked,
            RequestStatus.CLOSED,
            actor=actor,
            request=request,
            message=_("Aanvraag afgesloten"),
            reason=reason,
            closed_at=timezone.now(),
            close_reason=reason,
            close_note=note,
        )


def convert_request(obj: Request, *, actor: User, request: HttpRequest | None = None) -> Request:
    """Mark the request as the start of a trajectory (CONVERTED) and return it, locked.

    Only `kring.cases.transitions.open_case` calls this, inside its own transaction, so that
    the request and its new case commit together.
    """
    locked = _lock(obj, RequestStatus.CONVERTED)
    return _move(
        locked,
        RequestStatus.CONVERTED,
        actor=actor,
        request=request,
        message=_("Traject gestart"),
    )
