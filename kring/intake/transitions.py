"""One function per triage verb; the only code that changes a request's status.

Each runs in `transaction.atomic`, locks the request row, asks the state table
(`states.TABLE`), stamps the moment and writes an audit event. Starting a trajectory is the
case app's `open_case`, which converts the request through `convert_request` below.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.core.states import TransitionError
from kring.intake.access import may_merge
from kring.intake.choices import MAX_MAIN_PEOPLE
from kring.intake.models import CloseReason, Request, RequestPerson
from kring.intake.services import people_summary, spoken_languages
from kring.intake.states import TABLE, RequestStatus

__all__ = [
    "TransitionError",
    "close_request",
    "convert_request",
    "merge_into_original",
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
    key: str,
    changes: dict[str, object] | None = None,
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
        key=key,
        changes={"status": [old, target], **(changes or {})},
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
            key="intake.first_contact",
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
            key="intake.info_conversation_planned",
            info_conversation_at=at,
        )


def close_request(
    obj: Request,
    *,
    reason: str,
    note: str,
    actor: User,
    request: HttpRequest | None = None,
    original: Request | None = None,
) -> Request:
    """Close a request that will not become a conference, with a reason.

    A duplicate names the earlier request it repeats (`original`, or the one it was flagged
    against when it came in). The note stays on the request, never in the audit trail.
    """
    if reason not in CloseReason.values:
        raise TransitionError([_("Kies een reden.")])
    with transaction.atomic():
        locked = _lock(obj, RequestStatus.CLOSED)
        fields: dict[str, object] = {}
        repeats: Request | None = None
        if reason == CloseReason.DUPLICATE:
            repeats = original or locked.duplicate_of
            if repeats is None:
                raise TransitionError(
                    [_("Vul het nummer in van de aanvraag waarvan dit een duplicaat is.")]
                )
            if repeats.pk == locked.pk:
                raise TransitionError([_("Een aanvraag is geen duplicaat van zichzelf.")])
            fields["duplicate_of"] = repeats
        return _move(
            locked,
            RequestStatus.CLOSED,
            actor=actor,
            request=request,
            key="intake.closed",
            changes={
                "close_reason": reason,
                "duplicate_of": str(repeats.uuid) if repeats is not None else None,
            },
            closed_at=timezone.now(),
            close_reason=reason,
            close_note=note,
            **fields,
        )


def merge_into_original(
    obj: Request, *, actor: User, request: HttpRequest | None = None
) -> Request:
    """Merge a flagged duplicate into its original and close it as a duplicate.

    The original gains what it lacked: main people it did not name yet (up to the maximum),
    the requester's phone or e-mail when it had none, topics and languages, and a "yes" for
    children or safety. Its question stays; the duplicate stays readable, closed, with a link.
    No mail goes out: the requester already had one confirmation.
    """
    with transaction.atomic():
        locked = _lock(obj, RequestStatus.CLOSED)
        if locked.duplicate_of_id is None:
            raise TransitionError([_("Deze aanvraag is niet als mogelijk dubbel herkend.")])
        original = (
            Request.objects.select_for_update()
            .select_related("region")
            .get(pk=locked.duplicate_of_id)
        )
        locked.duplicate_of = original
        if not may_merge(locked):
            raise TransitionError(
                [
                    _(
                        "Samenvoegen kan niet meer: aanvraag %(reference)s staat op '%(status)s'. "
                        "Sluit deze aanvraag af als duplicaat."
                    )
                    % {"reference": original.reference, "status": TABLE.label(original.status)}
                ]
            )
        changed = _take_over(original, locked)
        record(
            Action.UPDATE,
            original,
            actor=actor,
            request=request,
            key="intake.merged_into",
            changes={"from": str(locked.uuid), "fields": changed},
        )
        return _move(
            locked,
            RequestStatus.CLOSED,
            actor=actor,
            request=request,
            key="intake.merged",
            changes={"close_reason": CloseReason.DUPLICATE, "duplicate_of": str(original.uuid)},
            closed_at=timezone.now(),
            close_reason=CloseReason.DUPLICATE,
            merged_at=timezone.now(),
        )


def _take_over(original: Request, duplicate: Request) -> list[str]:
    """Copy into `original` what only `duplicate` says; the names of the changed fields."""
    changed: list[str] = []
    people = list(original.people.all())
    known = {p.name_key for p in people}
    position = max((p.position for p in people), default=-1) + 1
    added: list[RequestPerson] = []
    for person in duplicate.people.all():
        if person.name_key in known or len(people) + len(added) >= MAX_MAIN_PEOPLE:
            continue
        person.pk = None
        person.uuid = uuid.uuid4()
        person.request = original
        person.position = position
        position += 1
        added.append(person)
    if added:
        RequestPerson.objects.bulk_create(added)
        everyone = [*people, *added]
        original.main_person_names = people_summary(everyone)
        original.languages = spoken_languages(everyone, original.main_language)
        changed += ["people", "main_person_names"]
    for name in ("requester_phone", "requester_email", "requester_organisation"):
        if not getattr(original, name) and getattr(duplicate, name):
            setattr(original, name, getattr(duplicate, name))
            changed.append(name)
    for name in ("topics", "languages"):
        merged = [*getattr(original, name), *getattr(duplicate, name)]
        union = list(dict.fromkeys(merged))
        if union != getattr(original, name):
            setattr(original, name, union)
            changed.append(name)
    for name in ("minors_involved", "safety_at_stake"):
        if getattr(duplicate, name) and not getattr(original, name):
            setattr(original, name, True)
            changed.append(name)
    if changed:
        original.save(update_fields=sorted({*changed, "updated_at"} - {"people"}))
    return sorted(set(changed))


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
        key="intake.converted",
    )
