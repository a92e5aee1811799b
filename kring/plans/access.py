"""Who may reach the plan's parts from outside the case page: a professional the cases they
joined, their own requirements and the support asked of them (while the main person's consent
holds and the case is open), and a delivered version only when the main person chose them as a
recipient; a participant the delivered versions they were chosen to receive.

Staff and coordinators reach the plan through `kring.cases.access.get_case_for`.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from kring.accounts.access import is_professional
from kring.accounts.http import Viewer, active_user
from kring.audit.services import Action, record
from kring.cases.models import Case, CaseQuerySet
from kring.cases.states import FINISHED_STATES
from kring.core.access import Purpose, parse_uuid
from kring.network.models import Person, SafetyRequirement
from kring.plans.models import PlanVersion, SupportRequest


def professional_cases(viewer: Viewer | None) -> CaseQuerySet:
    """The cases a professional joined: a place in the circle that is theirs (linked to their
    account) and that the main person consented to, until the case is closed or stopped."""
    user = active_user(viewer)
    if user is None or not is_professional(user):
        return Case.objects.none()
    # One join: the same person row must be this user AND have the main person's consent.
    return (
        Case.objects.filter(
            people__user=user,
            people__consent_at__isnull=False,
            people__consent_withdrawn_at__isnull=True,
        )
        .exclude(status__in=sorted(FINISHED_STATES))
        .distinct()
    )


def get_professional_case(
    request: HttpRequest, case_uuid: uuid.UUID | str, purpose: Purpose
) -> tuple[Case, Person]:
    """A case the signed-in professional joined and their own place in its circle, or 404.

    VIEW writes a read event.
    """
    user = active_user(request.user)
    case = (
        professional_cases(user)
        .select_related("municipality", "region", "coordinator")
        .filter(uuid=parse_uuid(case_uuid))
        .first()
    )
    if case is None:
        raise Http404
    me = (
        Person.objects.filter(
            case=case,
            user=user,
            consent_at__isnull=False,
            consent_withdrawn_at__isnull=True,
        )
        .order_by("id")
        .first()
    )
    if me is None:  # consent withdrawn between the two queries
        raise Http404
    me.case = case  # already loaded: no query for it later
    if purpose == Purpose.VIEW:
        record(Action.VIEW, case, request=request, case=case, key="plans.professional_case_viewed")
    return case, me


def requirements_for_professional(viewer: Viewer | None) -> QuerySet[SafetyRequirement]:
    """The minimum requirements this professional set themselves, on cases with a plan.

    Only while the main person's consent to involve them holds (decision 0040): a withdrawal
    closes this door too, not just the information and safety pages.
    """
    user = active_user(viewer)
    if user is None or not is_professional(user):
        return SafetyRequirement.objects.none()
    # The same requirements as `versions.standing_requirements`, across this user's cases.
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
        .select_related("case", "case__plan", "case__coordinator", "set_by")
        .filter(uuid=parse_uuid(requirement_uuid))
        .first()
    )
    if obj is None:
        raise Http404
    record(Action.VIEW, obj, request=request, case=obj.case, key="plans.requirement_viewed")
    return obj


def support_requests_for_professional(viewer: Viewer | None) -> QuerySet[SupportRequest]:
    """The support requests addressed to this professional (through their place in the circle),
    while the main person's consent to involve them holds."""
    user = active_user(viewer)
    if user is None or not is_professional(user):
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
    record(
        Action.VIEW, obj, request=request, case=obj.plan.case, key="plans.support_request_viewed"
    )
    return obj


def plan_versions_for_person(person: Person) -> QuerySet[PlanVersion]:
    """The delivered plan versions this participant was chosen to receive."""
    return PlanVersion.objects.filter(recipients__person=person, plan__case=person.case)


def shared_version_for_professional(me: Person) -> PlanVersion | None:
    """The newest delivered version the main person chose to share with this professional
    (`me`, from `get_professional_case`), or None: a professional never sees a plan that was
    not sent to them."""
    return plan_versions_for_person(me).order_by("-number").first()
