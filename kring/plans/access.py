"""Who may reach the plan's parts from outside the case page: a professional their own
requirements and the support asked of them (while the main person's consent holds), a
participant the delivered versions they were chosen to receive.

Staff and coordinators reach the plan through `kring.cases.access.get_case_for`.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from kring.accounts.http import Viewer, active_user
from kring.accounts.models import Role
from kring.audit.services import Action, record
from kring.cases.states import FINISHED_STATES
from kring.core.access import parse_uuid
from kring.network.models import Person, SafetyRequirement
from kring.plans.models import PlanVersion, SupportRequest


def requirements_for_professional(viewer: Viewer | None) -> QuerySet[SafetyRequirement]:
    """The minimum requirements this professional set themselves, on cases with a plan.

    Only while the main person's consent to involve them holds (decision 0040): a withdrawal
    closes this door too, not just the information and safety pages.
    """
    user = active_user(viewer)
    if user is None or user.role != Role.PROFESSIONAL:
        return SafetyRequirement.objects.none()
    return SafetyRequirement.objects.filter(
        set_by__user=user,
        set_by__consent_at__isnull=False,
        set_by__consent_withdrawn_at__isnull=True,
        case__plan__isnull=False,
    ).exclude(case__status__in=sorted(FINISHED_STATES))


def get_requirement_for_professional(
    request: HttpRequest, requirement_uuid: uuid.UUID | str
) -> SafetyRequirement:
    """One requirement the signed-in professional set, or 404; writes a read event."""
    obj = (
        requirements_for_professional(request.user)
        .select_related("case", "case__plan", "set_by")
        .filter(uuid=parse_uuid(requirement_uuid))
        .first()
    )
    if obj is None:
        raise Http404
    record(Action.VIEW, obj, request=request, case=obj.case)
    return obj


def support_requests_for_professional(viewer: Viewer | None) -> QuerySet[SupportRequest]:
    """The support requests addressed to this professional (through their place in the circle),
    while the main person's consent to involve them holds."""
    user = active_user(viewer)
    if user is None or user.role != Role.PROFESSIONAL:
        return SupportRequest.objects.none()
    return SupportRequest.objects.filter(
        professional__user=user,
        professional__consent_at__isnull=False,
        professional__consent_withdrawn_at__isnull=True,
    ).exclude(plan__case__status__in=sorted(FINISHED_STATES))


def get_support_request_for_professional(
    request: HttpRequest, support_uuid: uuid.UUID | str
) -> SupportRequest:
    """One support request addressed to the signed-in professional, or 404; writes a read event."""
    obj = (
        support_requests_for_professional(request.user)
        .select_related("plan", "plan__case")
        .filter(uuid=parse_uuid(support_uuid))
        .first()
    )
    if obj is None:
        raise Http404
    record(Action.VIEW, obj, request=request, case=obj.plan.case)
    return obj


def plan_versions_for_person(person: Person) -> QuerySet[PlanVersion]:
    """The delivered plan versions this participant was chosen to receive."""
    return PlanVersion.objects.filter(recipients__person=person, plan__case=person.case)
