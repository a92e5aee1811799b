"""Who may see the circle of a case: staff and the coordinator through the case rules, a
professional through their own place in the circle, a participant through a personal link.

Builds on `kring.cases.access`; everything returns 404 for what a person may not see.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from kring.accounts.access import is_professional
from kring.accounts.http import Viewer, active_user
from kring.accounts.models import Role
from kring.audit.services import Action, client_ip, record
from kring.cases.access import Purpose, get_case_for, get_case_object_for, runs_cases
from kring.cases.models import Case, CaseQuerySet
from kring.cases.states import COORDINATOR_TASK_STATES
from kring.core import counters
from kring.core.access import parse_uuid
from kring.network.links import hash_code, hash_token, normalise_code
from kring.network.models import Person, PersonalLink, Ring, SafetyRequirement

# Wrong short codes one address may try per window before every code from it is refused.
CODE_ATTEMPTS = 20
CODE_WINDOW_SECONDS = 3600


def cases_for_professional(viewer: Viewer | None) -> CaseQuerySet:
    """Open cases in which this professional (with an account) is a person in the circle and
    the main person consented to involving them."""
    user = active_user(viewer)
    if user is None or user.role != Role.PROFESSIONAL:
        return Case.objects.none()
    # One join: the same person row must be this user AND have the main person's consent.
    return Case.objects.filter(
        people__user=user,
        people__consent_at__isnull=False,
        people__consent_withdrawn_at__isnull=True,
        status__in=sorted(COORDINATOR_TASK_STATES),
    ).distinct()


def get_case_for_contribution(
    request: HttpRequest, case_uuid: uuid.UUID | str, purpose: Purpose
) -> Case:
    """A case for the information and safety pages.

    Staff get it as through `get_case_for`; a professional only when they are a person in the
    circle of this case (the only pages that use this function: information needed and safety).
    """
    if not is_professional(request.user):
        return get_case_for(request, case_uuid, purpose)
    case = (
        cases_for_professional(request.user)
        .select_related("region", "municipality", "coordinator")
        .filter(uuid=parse_uuid(case_uuid))
        .first()
    )
    if case is None:
        raise Http404
    if purpose == Purpose.VIEW:
        record(Action.VIEW, case, request=request, case=case, key="case.viewed_in_circle")
    return case


def requirement_setters_for(viewer: Viewer | None, case: Case) -> QuerySet[Person]:
    """Whom a minimum requirement may be recorded for: any professional in the circle, or,
    when a professional records it, only themself (they speak in their own name)."""
    people = Person.objects.filter(case=case, ring=Ring.PROFESSIONALS)
    user = active_user(viewer)
    if is_professional(user):
        return people.filter(user=user)
    return people


def get_person_for(
    case: Case,
    person_uuid: uuid.UUID | str,
    *,
    request: HttpRequest | None = None,
    purpose: Purpose = Purpose.CHANGE,
) -> Person:
    """A person in the circle of a case the caller already got through access, or 404.

    For `Purpose.VIEW` (their page with contact details and needs) a read event names the
    person, not only the case.
    """
    person = Person.objects.filter(case=case, uuid=parse_uuid(person_uuid)).first()
    if person is None:
        raise Http404
    person.case = case  # the caller's case, with what access already selected
    if purpose == Purpose.VIEW:
        record_person_read(person, request=request)
    return person


def record_person_read(person: Person, *, request: HttpRequest | None) -> None:
    """A read event for one person's page (also when the page is shown again after a form
    error)."""
    record(Action.VIEW, person, request=request, case=person.case, key="person.viewed")


# --- Personal links --------------------------------------------------------------------------


def _code_key(request: HttpRequest) -> str:
    return f"linkcode:{client_ip(request) or 'unknown'}"


def code_attempts_left(request: HttpRequest) -> bool:
    """May this address still try a short code (fewer than CODE_ATTEMPTS wrong ones lately)?"""
    return counters.current(_code_key(request)) < CODE_ATTEMPTS


def count_wrong_code(request: HttpRequest) -> None:
    """Count one wrong code from this address (a letter's short code or a portal sign-in code:
    one budget for both, so neither is a side door for guessing)."""
    # Counted in the database (`kring.core.counters`): the window starts at the first wrong
    # code and lasts CODE_WINDOW_SECONDS, whatever the cache does.
    counters.hit(_code_key(request), CODE_WINDOW_SECONDS)


def _open_link(request: HttpRequest, raw: str, purpose: str | None) -> PersonalLink | None:
    """The open link behind a token or a short code (any purpose when `purpose` is None)."""
    if not raw or len(raw) > 100:
        return None
    links = PersonalLink.objects.select_related(
        "person", "person__case", "person__case__region", "person__case__coordinator"
    ).filter(revoked_at__isnull=True)
    if purpose is not None:
        links = links.filter(purpose=purpose)
    code = normalise_code(raw) if len(raw) <= 16 else None
    if code is not None:
        if not code_attempts_left(request):
            return None
        link = links.filter(code_hash=hash_code(code)).first()
        if link is None:
            count_wrong_code(request)
    else:
        link = links.filter(token_hash=hash_token(raw)).first()
    if link is None or link.expires_at <= timezone.now() or not link.person.has_consent:
        return None
    return link


def purpose_for_code(request: HttpRequest, raw_code: str) -> str:
    """The purpose of the open link behind a short code typed from a letter, or 404 (also
    after too many wrong codes from one address). Writes nothing but the attempt count."""
    link = _open_link(request, raw_code, None) if normalise_code(raw_code) else None
    if link is None:
        raise Http404
    return link.purpose


def person_for_link(request: HttpRequest, raw_token: str, purpose: str) -> Person:
    """The network person behind a personal link (its token, or a letter's short code) for
    this purpose, or 404.

    Refuses expired, revoked and superseded links and people whose consent was withdrawn.
    Every use is recorded as a read event by the link holder.
    """
    link = _open_link(request, raw_token, purpose)
    if link is None:
        raise Http404
    PersonalLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    person = link.person
    record(
        Action.VIEW,
        person,
        request=request,
        case=person.case,
        actor_label=f"link:{purpose}:{person.uuid}",
        key="person.link_used",
        changes={"purpose": purpose, "channel": link.channel},
    )
    return person


# --- Minimum requirements --------------------------------------------------------------------


def is_author(viewer: Viewer | None, requirement: SafetyRequirement) -> bool:
    """Is this the professional who (now) holds the requirement?"""
    user = active_user(viewer)
    return (
        is_professional(user)
        and user is not None
        and requirement.set_by.user_id is not None
        and requirement.set_by.user_id == user.pk
    )


def may_change_requirement(viewer: Viewer | None, requirement: SafetyRequirement) -> bool:
    """Change, withdraw or hand over a requirement: its author, or the people who run the case
    on the author's behalf (as they may record one for a professional without an account)."""
    return runs_cases(viewer) or is_author(viewer, requirement)


def get_requirement_for(
    request: HttpRequest, case: Case, requirement_uuid: uuid.UUID | str
) -> SafetyRequirement:
    """A requirement in force of this case that the signed-in user may change, or 404."""
    requirement = get_case_object_for(case, SafetyRequirement, requirement_uuid)
    if not may_change_requirement(request.user, requirement):
        raise Http404
    return requirement


def _same_organisation(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold() != ""


def colleagues_for(requirement: SafetyRequirement, people: list[Person]) -> list[Person]:
    """Who a requirement can be handed over to: another professional in the circle, with the
    main person's consent, of the same organisation as the requirement."""
    return [
        p
        for p in people
        if p.ring == Ring.PROFESSIONALS
        and p.pk != requirement.set_by_id
        and p.has_consent
        and _same_organisation(p.organisation, requirement.organisation)
    ]
