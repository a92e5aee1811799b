"""`record()`: the one way to write an audit event; `record_all()` writes several at once."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping, Sequence
from typing import Protocol, TypedDict, Unpack

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import HttpRequest

from kring.audit.models import Action, AuditEvent
from kring.audit.payload import check as check_payload
from kring.core.clientip import client_ip

__all__ = ["Action", "client_ip", "diff", "event", "history", "record", "record_all"]


class HasUUID(Protocol):
    """A case as the trail sees it: the audit app sits below cases, so it asks only for a uuid."""

    @property
    def uuid(self) -> uuid.UUID: ...


def _jsonable(value: object) -> object:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def diff(old: Mapping[str, object], new: Mapping[str, object]) -> dict[str, list[object]]:
    """Changed fields as {field: [old, new]}, for the `changes` of an update event."""
    return {
        key: [_jsonable(old.get(key)), _jsonable(new.get(key))]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


class EventFields(TypedDict, total=False):
    """The keywords of `event()` and `record()` (see `event()`)."""

    actor: AbstractBaseUser | AnonymousUser | None
    request: HttpRequest | None
    case: HasUUID | uuid.UUID | None
    object_type: str
    object_id: str
    changes: Mapping[str, object] | None
    reason: str
    message: str
    actor_label: str
    key: str


def record(
    action: Action | str, obj: models.Model | None = None, **fields: Unpack[EventFields]
) -> AuditEvent:
    """Write one audit event in the current transaction (one INSERT); what it holds is
    `event()`'s."""
    written = event(action, obj, **fields)
    written.save(force_insert=True)
    return written


def record_all(events: Sequence[AuditEvent]) -> list[AuditEvent]:
    """Write several events made with `event()` in one INSERT, in the current transaction: for
    a page that shows several kinds of personal data at once (the case page: the case and its
    requester)."""
    return AuditEvent.objects.bulk_create(events)


def event(
    action: Action | str,
    obj: models.Model | None = None,
    *,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    request: HttpRequest | None = None,
    case: HasUUID | uuid.UUID | None = None,
    object_type: str = "",
    object_id: str = "",
    changes: Mapping[str, object] | None = None,
    reason: str = "",
    message: str = "",
    actor_label: str = "",
    key: str = "",
) -> AuditEvent:
    """One audit event, not yet written: `record()` writes it, `record_all()` several at once.

    `key` is the stable name of what happened ("case.coordinator_assigned"), rendered into
    words when read (`kring.audit.events`); `changes` holds non-personal data only (ids, codes,
    counts, which fields changed), checked in development and tests (`kring.audit.payload`).
    `actor` defaults to `request.user`; anonymous visitors are recorded by `actor_label`
    ("public" unless given). `case` may be a Case or its UUID.

    `reason` and `message` are no longer stored: free text belongs in a domain field, and the
    words come from the key when the event is read. Calls that still pass them are accepted
    until every app writes keys; an event without a key keeps its `message` for now (see
    docs/privacy.md, "The audit log").
    """
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    # The trail sits below accounts, so it asks Django for the user model rather than importing
    # it; an anonymous visitor is no actor and is recorded by label.
    if not isinstance(actor, get_user_model()) or not actor.is_authenticated:
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "uuid", None) or obj.pk)
    case_id = case if case is None or isinstance(case, uuid.UUID) else case.uuid
    payload = _jsonable(dict(changes)) if changes else {}
    label = actor_label or ("" if actor is not None else "public")
    if key and getattr(settings, "KRING_AUDIT_STRICT", False):
        assert isinstance(payload, dict)
        check_payload(changes=payload, object_id=str(object_id), actor_label=label)
    return AuditEvent(
        actor=actor,
        actor_label=label,
        role=getattr(actor, "role", "") if actor is not None else "",
        action=str(action),
        key=key,
        object_type=object_type,
        object_id=str(object_id),
        case_id=case_id,
        ip=client_ip(request),
        changes=payload,
        # Legacy: only an event without a key keeps its (translated, non-personal) message.
        message="" if key else str(message)[:200],
    )


# What a timeline shows of an event (its time, `events.describe` and `describe_actor`): the
# rest of the row and of its actor's row is left in the table (issue 15: 28 columns fewer to
# compile and read per timeline).
TIMELINE_FIELDS = (
    "occurred_at",
    "action",
    "key",
    "changes",
    "message",
    "actor_label",
    "actor__full_name",
)


def history(
    *,
    case_id: uuid.UUID | None = None,
    obj: models.Model | None = None,
    since: datetime.datetime | None = None,
    limit: int = 50,
) -> list[AuditEvent]:
    """What happened to a case (or to one object), newest first, without the read events.

    Read events are not "what happened"; they stay in the trail for the privacy officer.
    Returns at most `limit` + 1 rows, so a page can tell that there are more. `since` is when
    the case or object came to be (nothing happened to it before): on PostgreSQL it keeps the
    query to the audit log's months from then on, instead of one probe in each of twenty
    years of monthly partitions (issue 15).
    """
    events = AuditEvent.objects.exclude(action=Action.VIEW)
    if since is not None:
        # A day's margin: the moment a record carries and its first event may straddle it.
        events = events.filter(occurred_at__gte=since - datetime.timedelta(days=1))
    if case_id is not None:
        events = events.filter(case_id=case_id)
    if obj is not None:
        events = events.filter(
            object_type=obj._meta.label_lower, object_id=str(getattr(obj, "uuid", None) or obj.pk)
        )
    return list(
        events.select_related("actor")
        .only(*TIMELINE_FIELDS)
        .order_by("-occurred_at", "-id")[: limit + 1]
    )
