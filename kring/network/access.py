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
from kring.audit.services import Action, record
from kring.cases.access import Purpose, get_case_for
from kring.cases.models import Case, CaseQuerySet
from kring.cases.states import COORDINATOR_TASK_STATES
from kring.core.access import parse_uuid
from kring.network.links import hash_token
from kring.network.models import Person, PersonalLink, Ring


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
        record(Action.VIEW, case, request=request, case=case)
    return case


def requirement_setters_for(viewer: Viewer | None, case: Case) -> QuerySet[Person]:
    """Whom a minimum requirement may be recorded for: any professional in the circle, or,
    when a professional records it, only themself (they speak in their own name)."""
    people = Person.objects.filter(case=case, ring=Ring.PROFESSIONALS)
    user = active_user(viewer)
    if is_professional(user):
        return people.filter(user=user)
    return people


def get_person_for(case: Case, person_uuid: uuid.UUID | str) -> Person:
    """A person in the circle of a case the caller already got through access, or 404."""
    person = Person.objects.filter(case=case, uuid=parse_uuid(person_uuid)).first()
    if person is None:
        raise Http404
    return person


def person_for_link(request: HttpRequest, raw_token: str, purpose: str) -> Person:
    """The network person behind a personal link for this purpose, or 404.

    Refuses expired or revoked links and people whose consent was withdrawn. Every use is
    recorded as a read event by the link holder.
    """
    if not raw_token or len(raw_token) > 100:
        raise Http404
    link = (
        PersonalLink.objects.select_related("person", "person__case")
        .filter(token_hash=hash_token(raw_token), purpose=purpose, revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if link is None or link.expires_at <= now or not link.person.has_consent:
        raise Http404
    PersonalLink.objects.filter(pk=link.pk).update(last_used_at=now)
    person = link.person
    record(
        Action.VIEW,
        person,
        request=request,
        case=person.case,
        actor_label=f"link:{purpose}:{person.uuid}",
    )
    return person
