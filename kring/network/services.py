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
from kring.audit.services import Action, record
from kring.cases.models import ALL_PARTS, Case, Part, main_people_of
from kring.network import transitions
from kring.network.links import revoke_links
from kring.network.models import (
    ContactRestriction,
    LinkChannel,
    Person,
    PersonStatus,
    Relation,
    RequirementChange,
    RequirementChangeKind,
    RevokeReason,
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
    "reminders_off",
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
        record(
            Action.CREATE,
            person,
            actor=actor,
            request=request,
            case=case,
            key="person.added",
            changes={"ring": person.ring},
        )
    return person


def update_person(
    person: Person, data: dict[str, Any], *, actor: User, request: HttpRequest | None = None
) -> Person:
    """Change a person's details. The audit event names the changed fields, never their values.

    A corrected e-mail address revokes the links mailed to the old one (they may have reached
    someone else); a letter's link stays.
    """
    with transaction.atomic():
        # From the database: a validated ModelForm has already copied the new values onto
        # `person`.
        stored = Person.objects.select_for_update().get(pk=person.pk)
        old = {k: getattr(stored, k) for k in PERSON_FIELDS if k in data}
        for key, value in data.items():
            if key in PERSON_FIELDS:
                setattr(person, key, value)
        person.save()
        changed = sorted(k for k in old if getattr(person, k) != old[k])
        changes: dict[str, object] = {"fields": changed}
        if "email" in changed and old["email"]:
            changes["links_revoked"] = revoke_links(
                person, reason=RevokeReason.EMAIL_CHANGED, channel=LinkChannel.EMAIL
            )
        record(
            Action.UPDATE,
            person,
            actor=actor,
            request=request,
            case=person.case,
            key="person.changed",
            changes=changes,
        )
    return person


def revoke_person_links(person: Person, *, actor: User, request: HttpRequest | None = None) -> int:
    """The coordinator stops every open personal link of this person (a lost letter, a shared
    mail); a new invitation or letter gives them a fresh one."""
    with transaction.atomic():
        count = revoke_links(person, reason=RevokeReason.BY_HAND)
        record(
            Action.UPDATE,
            person,
            actor=actor,
            request=request,
            case=person.case,
            key="person.links_revoked",
            changes={"count": count, "reason": RevokeReason.BY_HAND},
        )
    return count


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
            key="person.consent_given",
            changes={"on_behalf_of_minor": on_behalf_of_minor},
        )
    return person


def withdraw_consent(person: Person, *, actor: User, request: HttpRequest | None = None) -> Person:
    """Withdraw consent: revoke this person's links; no invitation or sharing from now on."""
    with transaction.atomic():
        person.consent_withdrawn_at = timezone.now()
        person.save(update_fields=["consent_withdrawn_at"])
        revoked = revoke_links(person, reason=RevokeReason.CONSENT_WITHDRAWN)
        # Nothing that was waiting to be sent to them goes out any more.
        dropped = outbox.cancel_unsent(person)
        record(
            Action.UPDATE,
            person,
            actor=actor,
            request=request,
            case=person.case,
            key="person.consent_withdrawn",
            changes={"links_revoked": revoked, "messages_dropped": dropped},
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
            key="person.informed",
            changes={"informed_on": informed_on, "channel": channel},
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
        record(
            Action.CREATE,
            requirement,
            actor=actor,
            request=request,
            case=case,
            key="requirement.set",
            changes={"set_by": set_by.uuid},
        )
    return requirement


def _locked_requirement(requirement: SafetyRequirement) -> SafetyRequirement:
    return (
        SafetyRequirement.objects.select_for_update()
        .select_related("case", "set_by")
        .get(pk=requirement.pk)
    )


def change_requirement(
    requirement: SafetyRequirement,
    *,
    text: str,
    organisation: str,
    actor: User,
    request: HttpRequest | None = None,
) -> SafetyRequirement:
    """The author (or the coordinator for them) changes a requirement's text or organisation.

    The old text is kept in a `RequirementChange` row. The text is part of the fingerprint of
    every safety assessment (`kring.plans.safety.safety_basis`), so an assessment given before
    the change is stale from now on and the professional is asked again.
    """
    with transaction.atomic():
        requirement = _locked_requirement(requirement)
        changed = sorted(
            name
            for name, value in (("text", text), ("organisation", organisation))
            if getattr(requirement, name) != value
        )
        if not changed:
            return requirement
        RequirementChange.objects.create(
            requirement=requirement,
            kind=RequirementChangeKind.CHANGED,
            old_text=requirement.text,
            old_set_by=requirement.set_by,
            old_organisation=requirement.organisation,
            changed_by=actor,
        )
        requirement.text = text
        requirement.organisation = organisation
        requirement.changed_at = timezone.now()
        requirement.save(update_fields=["text", "organisation", "changed_at"])
        record(
            Action.UPDATE,
            requirement,
            actor=actor,
            request=request,
            case=requirement.case,
            key="requirement.changed",
            changes={"fields": changed},
        )
    return requirement


def withdraw_requirement(
    requirement: SafetyRequirement,
    *,
    reason: str,
    actor: User,
    request: HttpRequest | None = None,
) -> SafetyRequirement:
    """The author (or the coordinator for them) withdraws a requirement, with a reason.

    It stays in the database with its history, but counts nowhere any more: not for planning
    the conference, not in the plan, the assessment or the delivery.
    """
    with transaction.atomic():
        requirement = _locked_requirement(requirement)
        RequirementChange.objects.create(
            requirement=requirement,
            kind=RequirementChangeKind.WITHDRAWN,
            old_text=requirement.text,
            old_set_by=requirement.set_by,
            old_organisation=requirement.organisation,
            note=reason,
            changed_by=actor,
        )
        requirement.withdrawn_at = timezone.now()
        requirement.save(update_fields=["withdrawn_at"])
        record(
            Action.UPDATE,
            requirement,
            actor=actor,
            request=request,
            case=requirement.case,
            key="requirement.withdrawn",
        )
    return requirement


def hand_over_requirement(
    requirement: SafetyRequirement,
    *,
    to: Person,
    reason: str,
    actor: User,
    request: HttpRequest | None = None,
) -> SafetyRequirement:
    """A colleague of the same organisation takes over a requirement (its author left).

    The colleague assesses it from now on; the text and its assessments stay as they are.
    The caller checks that `to` is a colleague (`kring.network.access.colleagues_for`).
    """
    with transaction.atomic():
        requirement = _locked_requirement(requirement)
        previous = requirement.set_by
        RequirementChange.objects.create(
            requirement=requirement,
            kind=RequirementChangeKind.HANDED_OVER,
            old_text=requirement.text,
            old_set_by=previous,
            old_organisation=requirement.organisation,
            note=reason,
            changed_by=actor,
        )
        requirement.set_by = to
        requirement.changed_at = timezone.now()
        requirement.save(update_fields=["set_by", "changed_at"])
        record(
            Action.UPDATE,
            requirement,
            actor=actor,
            request=request,
            case=requirement.case,
            key="requirement.handed_over",
            changes={"set_by": [previous.uuid, to.uuid]},
        )
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
        record(
            Action.CREATE,
            restriction,
            actor=actor,
            request=request,
            case=case,
            key="restriction.added",
            changes={"kind": kind, "people": [person_a.uuid, person_b.uuid]},
        )
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
            key="restriction.decided",
        )
    return restriction


# What `conflicts` reads of each person, and what its callers show of them.
CONFLICT_FIELDS = ("name", "status", "parts")


@dataclass
class Conflict:
    restriction: ContactRestriction
    shared_parts: list[str]


def conflicts(case: Case) -> list[Conflict]:
    """Restrictions where both people are invited to the same part and nothing was decided."""
    result = []
    # Of the two people only what decides a conflict and names it (issue 15: two rows of 34
    # columns each compiled and read per restriction, on the conference page among others).
    restrictions = (
        ContactRestriction.objects.filter(case=case, decided_at__isnull=True)
        .select_related("person_a", "person_b")
        .only(*(f"{who}__{field}" for who in ("person_a", "person_b") for field in CONFLICT_FIELDS))
    )
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
            record(
                Action.CREATE,
                person,
                actor=actor,
                request=request,
                case=case,
                key="person.main_added",
                changes={"party": person.party},
            )
            people.append(person)
    return people


class PersonInUse(Exception):
    """This person set a minimum requirement and cannot be removed."""


def remove_person(person: Person, *, actor: User, request: HttpRequest | None = None) -> None:
    """Take someone out of the circle (their links, votes and restrictions go with them)."""
    # Withdrawn requirements count too: their history names the author.
    if SafetyRequirement.all_objects.filter(set_by=person).exists():
        raise PersonInUse(
            _(
                "Deze persoon stelde een minimumeis en kan niet weg. Draag de minimumeis eerst "
                "over aan een collega."
            )
        )
    with transaction.atomic():
        case = person.case
        record(Action.DELETE, person, actor=actor, request=request, case=case, key="person.removed")
        person.delete()
