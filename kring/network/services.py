"""Domain functions for the circle: people, consent, informing, restrictions, safety.

Each function runs in one transaction and writes its audit event; views call exactly one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, diff, record
from kring.cases.models import ALL_PARTS, Case, Part, main_people_of
from kring.network import transitions
from kring.network.links import revoke_links
from kring.network.models import (
    ContactRestriction,
    Person,
    PersonStatus,
    Relation,
    Ring,
    SafetyRequirement,
)
from kring.outbox import services as outbox

PERSON_FIELDS = [
    "name",
    "relation",
    "ring",
    "organisation",
    "email",
    "phone",
    "language",
    "is_minor",
    "needs_interpreter",
    "interpreter_language",
    "needs_accessibility",
    "needs_childcare",
    "needs_travel",
    "parts",
    "suggested_by",
    "party",
]


def default_parts(ring: str, variant: str) -> list[str]:
    """Professionals skip the private part 2 of a family conference; everyone else gets all."""

    if ring == Ring.PROFESSIONALS and variant == "family":
        return [Part.INFORMATION.value, Part.PRESENTATION.value]
    return list(ALL_PARTS)


def add_person(
    case: Case, data: dict[str, Any], *, actor: User, request: HttpRequest | None = None
) -> Person:
    """Add someone to the circle of `case`."""
    with transaction.atomic():
        values = {k: v for k, v in data.items() if k in PERSON_FIELDS}
        if not values.get("parts"):
            values["parts"] = default_parts(values.get("ring", ""), case.variant)
        person = Person.objects.create(case=case, **values)
        record(Action.CREATE, person, actor=actor, request=request, case=case)
    return person


def update_person(
    person: Person, data: dict[str, Any], *, actor: User, request: HttpRequest | None = None
) -> Person:
    """Change a person's details."""
    with transaction.atomic():
        old = {k: getattr(person, k) for k in PERSON_FIELDS if k in data}
        for key, value in data.items():
            if key in PERSON_FIELDS:
                setattr(person, key, value)
        person.save()
        new = {k: getattr(person, k) for k in old}
        record(
            Action.UPDATE,
            person,
            actor=actor,
            request=request,
            case=person.case,
            changes=diff(old, new),
        )
    return person


def record_consent(
    person: Person,
    *,
    given_by: str,
    on_behalf_of_minor: bool,
    actor: User,
    request: HttpRequest | None = None,
) -> Person:
    """The main person (or a guardian of a minor) agrees to invite and inform this person."""
    with transaction.atomic():
        person.consent_at = timezone.now()
        person.consent_withdrawn_at = None
        person.consent_given_by = given_by
        person.consent_on_behalf_of_minor = on_behalf_of_minor
        person.save(
            update_fields=[
                "consent_at",
                "consent_withdrawn_at",
                "consent_given_by",
                "consent_on_behalf_of_minor",
            ]
        )
        record(
            Action.UPDATE,
            person,
            actor=actor,
            request=request,
            case=person.case,
            changes={"consent": [None, given_by]},
            message=_("Toestemming vastgelegd"),
        )
    return person


def withdraw_consent(
    person: Person, *, actor: User, request: HttpRequest | None = None, reason: str = ""
) -> Person:
    """Withdraw consent: revoke this person's links; no invitation or sharing from now on."""
    with transaction.atomic():
        person.consent_withdrawn_at = timezone.now()
        person.save(update_fields=["consent_withdrawn_at"])
        revoked = revoke_links(person)
        # Nothing that was waiting to be sent to them goes out any more.
        dropped = outbox.cancel_unsent(person)
        record(
            Action.UPDATE,
            person,
            actor=actor,
            request=request,
            case=person.case,
            changes={
                "consent": ["given", "withdrawn"],
                "links_revoked": revoked,
                "messages_dropped": dropped,
            },
            reason=reason,
            message=_("Toestemming ingetrokken"),
        )
    return person


def record_informed(
    person: Person,
    *,
    informed_on: datetime.date,
    channel: str,
    note: str,
    actor: User,
    request: HttpRequest | None = None,
) -> Person:
    """The coordinator informed this person about goal, way of working, roles and possibilities."""
    with transaction.atomic():
        person.informed_on = informed_on
        person.informed_channel = channel
        person.informed_note = note
        person.informed_by = actor
        person.save(
            update_fields=["informed_on", "informed_channel", "informed_note", "informed_by"]
        )
        transitions.mark_informed(person, actor=actor, request=request)
        record(
            Action.UPDATE,
            person,
            actor=actor,
            request=request,
            case=person.case,
            changes={"informed_on": [None, informed_on], "channel": [None, channel]},
            message=_("Geïnformeerd"),
        )
    return person


def add_safety_requirement(
    case: Case,
    *,
    text: str,
    set_by: Person,
    organisation: str,
    set_on: datetime.date,
    actor: User,
    request: HttpRequest | None = None,
) -> SafetyRequirement:
    """Record a minimum requirement (minimumeis) set by a professional in the circle."""
    with transaction.atomic():
        requirement = SafetyRequirement.objects.create(
            case=case, text=text, set_by=set_by, organisation=organisation, set_on=set_on
        )
        record(Action.CREATE, requirement, actor=actor, request=request, case=case)
    return requirement


def add_restriction(
    case: Case,
    *,
    person_a: Person,
    person_b: Person,
    kind: str,
    note: str,
    actor: User,
    request: HttpRequest | None = None,
) -> ContactRestriction:
    """Record that two people in the circle must not meet."""
    with transaction.atomic():
        restriction = ContactRestriction.objects.create(
            case=case, person_a=person_a, person_b=person_b, kind=kind, note=note
        )
        record(Action.CREATE, restriction, actor=actor, request=request, case=case)
    return restriction


def decide_restriction(
    restriction: ContactRestriction,
    *,
    reason: str,
    actor: User,
    request: HttpRequest | None = None,
) -> ContactRestriction:
    """The coordinator decides, with a reason, that both may attend the same part."""
    with transaction.atomic():
        restriction.decision_reason = reason
        restriction.decided_at = timezone.now()
        restriction.decided_by = actor
        restriction.save(update_fields=["decision_reason", "decided_at", "decided_by"])
        record(
            Action.UPDATE,
            restriction,
            actor=actor,
            request=request,
            case=restriction.case,
            reason=reason,
            message=_("Besluit over contactbeperking"),
        )
    return restriction


@dataclass
class Conflict:
    restriction: ContactRestriction
    shared_parts: list[str]


def conflicts(case: Case) -> list[Conflict]:
    """Restrictions where both people are invited to the same part and nothing was decided."""
    result = []
    restrictions = ContactRestriction.objects.filter(
        case=case, decided_at__isnull=True
    ).select_related("person_a", "person_b")
    for r in restrictions:
        a, b = r.person_a, r.person_b
        # Anyone not declined counts: the warning should come before the invitations go out.
        if PersonStatus.NOT_COMING in (a.status, b.status):
            continue
        shared = [p for p in a.parts if p in b.parts]
        if shared:
            result.append(Conflict(r, shared))
    return result


def add_main_people(case: Case, *, actor: User, request: HttpRequest | None = None) -> list[Person]:
    """Put the case's main person(s) in the centre of the circle (once).

    Each main person of the case (`cases.CasePerson`, asked one by one at intake) becomes a
    main person here, with their name, main language, phone, e-mail and age group; nothing is
    split from a line of text. Their own consent is implied: they are the ones who decide. In
    a restoration case the first becomes the main person of party 1, the next of party 2.
    """

    with transaction.atomic():
        existing = list(Person.objects.filter(case=case, is_main_person=True))
        if existing:
            return existing
        people = []
        restoration = case.variant == "restoration"
        for index, main in enumerate(main_people_of(case)):
            person = Person.objects.create(
                case=case,
                is_main_person=True,
                # Restoration: the first is party 1, the second party 2 (one each).
                party=min(index + 1, 2) if restoration else 1,
                name=main.name[:150],
                relation=Relation.SELF,
                ring=Ring.HOUSEHOLD,
                parts=default_parts(Ring.HOUSEHOLD, case.variant),
                status=PersonStatus.INFORMED,
                language=main.main_language,
                email=main.email,
                phone=main.phone,
                is_minor=main.is_minor,
            )
            record(Action.CREATE, person, actor=actor, request=request, case=case)
            people.append(person)
    return people


class PersonInUse(Exception):
    """This person set a minimum requirement and cannot be removed."""


def remove_person(person: Person, *, actor: User, request: HttpRequest | None = None) -> None:
    """Take someone out of the circle (their links, votes and restrictions go with them)."""
    if SafetyRequirement.objects.filter(set_by=person).exists():
        raise PersonInUse(_("Deze persoon stelde een minimumeis en kan niet weg."))
    with transaction.atomic():
        case = person.case
        record(Action.DELETE, person, actor=actor, request=request, case=case)
        person.delete()
