"""One function per change in a person's status; the only code that changes it.

Each asks the table (`states.TABLE`) and writes an audit event in the caller's transaction.
Apps above use these: the invitations (`mark_invited`), the RSVP page (`record_answer`) and
the conference day (`mark_present`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.core.states import TransitionError
from kring.network.models import Person
from kring.network.states import ANSWERS, NOT_YET_INVITED, TABLE, PersonStatus

__all__ = ["TransitionError", "mark_informed", "mark_invited", "mark_present", "record_answer"]


def _move(
    person: Person,
    target: str,
    *,
    actor: User | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> Person:
    TABLE.require(person.status, target)
    old = person.status
    person.status = target
    Person.objects.filter(pk=person.pk).update(status=target)
    record(
        Action.UPDATE,
        person,
        actor=actor,
        request=request,
        case=person.case,
        actor_label=actor_label,
        key="person.status",
        changes={"status": [old, target]},
    )
    return person


def mark_informed(person: Person, *, actor: User, request: HttpRequest | None = None) -> Person:
    """The coordinator informed someone who was only suggested so far (later states stay)."""
    if person.status != PersonStatus.SUGGESTED:
        return person
    return _move(person, PersonStatus.INFORMED, actor=actor, request=request)


def mark_invited(person: Person, *, actor: User | None = None, actor_label: str = "") -> Person:
    """An invitation (mail or letter) went out; someone who already answered keeps the answer."""
    if person.status not in NOT_YET_INVITED:
        return person
    return _move(person, PersonStatus.INVITED, actor=actor, actor_label=actor_label)


def record_answer(
    person: Person,
    answer: str,
    *,
    actor: User | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> Person:
    """Coming, maybe or not coming: from the person's own link, or by phone through the
    coordinator. The same answer again changes nothing."""
    if answer not in ANSWERS:
        raise TransitionError([str(TABLE.refusal) % {"status": TABLE.label(person.status)}])
    if person.status == answer:
        return person
    return _move(person, answer, actor=actor, request=request, actor_label=actor_label)


def set_by_hand(
    person: Person, status: str, *, actor: User, request: HttpRequest | None = None
) -> Person:
    """The coordinator records a status by hand (an answer on the phone, a correction)."""
    with transaction.atomic():
        if person.status == status:
            return person
        return _move(person, status, actor=actor, request=request)


def mark_present(
    people: Iterable[Person], *, actor: User, request: HttpRequest | None = None
) -> list[Person]:
    """Everyone recorded as present in at least one part of the conference."""
    return [
        _move(p, PersonStatus.PRESENT, actor=actor, request=request)
        for p in people
        if p.status != PersonStatus.PRESENT
    ]
