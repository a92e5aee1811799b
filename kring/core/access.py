"""The one access module: who may see which personal data.

Every view that shows or changes case-bound personal data gets its object here. Each function
takes the acting user (or the HTTP request, which carries the user and the client address) and
returns a scoped queryset, or the object, or raises Http404: a person never learns that
something exists which they may not see. Getting an object for a purpose that shows personal
data writes a read event in the audit trail.

Participants and professionals outside the organisation will reach Kring through personal
links; their access functions will live here too, so nothing here assumes a staff viewer.
"""

from __future__ import annotations

import enum
import uuid
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from kring.accounts.models import Role
from kring.audit.services import Action, record

if TYPE_CHECKING:
    from kring.cases.models import Case
    from kring.intake.models import Request


class Purpose(enum.StrEnum):
    """Why an object is fetched; decides the check and whether a read event is written."""

    LIST = "list"  # a row in a worklist: reference, first name, municipality, status
    VIEW = "view"  # the detail page with personal data
    CHANGE = "change"  # a state change or an edit


def _user(actor: Any) -> Any:
    return getattr(actor, "user", actor)


def _parse_uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


# --- Requests (intake) ---------------------------------------------------------------------


def requests_for(user: Any) -> QuerySet[Request]:
    """The requests this user may see: a regional manager's own regions; everything for admins."""
    from kring.intake.models import Request

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Request.objects.none()
    if user.role == Role.ADMIN:
        return Request.objects.all()
    if user.role == Role.REGIONAL_MANAGER:
        return Request.objects.filter(region__in=user.regions.all())
    return Request.objects.none()


def get_request_for(request: HttpRequest, request_uuid: Any, purpose: Purpose) -> Request:
    """One request for the signed-in user, or 404; VIEW writes a read event."""
    obj = requests_for(request.user).filter(uuid=_parse_uuid(request_uuid)).first()
    if obj is None:
        raise Http404
    if purpose == Purpose.VIEW:
        record(Action.VIEW, obj, request=request)
    return obj


# --- Cases -----------------------------------------------------------------------------------


def cases_for(user: Any) -> QuerySet[Case]:
    """The cases this user may see at all (list level).

    Regional managers: cases of their regions. Coordinators: cases assigned to them while their
    task runs. Professionals and funders: none through this door (professionals will get
    theirs through what they were asked for; funders never see a case).
    """
    from kring.cases.models import Case
    from kring.cases.states import COORDINATOR_TASK_STATES

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    if user.role == Role.ADMIN:
        return Case.objects.all()
    if user.role == Role.REGIONAL_MANAGER:
        return Case.objects.filter(region__in=user.regions.all())
    if user.role == Role.COORDINATOR:
        return Case.objects.filter(
            Q(coordinator=user) & Q(status__in=sorted(COORDINATOR_TASK_STATES))
        )
    return Case.objects.none()


def coordinator_may_see_personal_data(user: Any, case: Case) -> bool:
    """A coordinator sees personal details only after declaring independence for this case."""
    if user.role != Role.COORDINATOR:
        return True
    return case.coordinator_id == user.pk and case.independence_declared_at is not None


def get_case_for(request: HttpRequest, case_uuid: Any, purpose: Purpose) -> Case:
    """One case for the signed-in user, or 404.

    VIEW and CHANGE by a coordinator require their independence declaration (before it, only
    LIST-level data may be shown, through `Purpose.LIST`). VIEW writes a read event.
    """
    user = request.user
    case = (
        cases_for(user)
        .select_related("region", "municipality", "coordinator", "regional_manager")
        .filter(uuid=_parse_uuid(case_uuid))
        .first()
    )
    if case is None:
        raise Http404
    if purpose != Purpose.LIST and not coordinator_may_see_personal_data(user, case):
        raise Http404
    if purpose == Purpose.VIEW:
        record(Action.VIEW, case, request=request, case=case)
    return case


# --- Personal links (people without an account) ---------------------------------------------


def person_for_link(request: HttpRequest, raw_token: str, purpose: str) -> Any:
    """The network person behind a personal link for this purpose, or 404.

    Refuses expired or revoked links and people whose consent was withdrawn. Every use is
    recorded as a read event by the link holder.
    """
    from django.utils import timezone

    from kring.network.links import hash_token
    from kring.network.models import PersonalLink

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


# --- Coordinator registry (issue 4) ----------------------------------------------------------


def coordinators_for(user: Any) -> QuerySet[Any]:
    """Coordinator users this user may manage: a manager's regions; everyone for admins."""
    from kring.accounts.models import User

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return User.objects.none()
    coordinators = User.objects.filter(role=Role.COORDINATOR)
    if user.role == Role.ADMIN:
        return coordinators
    if user.role == Role.REGIONAL_MANAGER:
        return coordinators.filter(regions__in=user.regions.all()).distinct()
    return User.objects.none()


def get_coordinator_for(request: HttpRequest, user_uuid: Any, purpose: Purpose) -> Any:
    """One coordinator (a User) the signed-in manager may manage, or 404; VIEW is recorded."""
    coordinator = coordinators_for(request.user).filter(uuid=_parse_uuid(user_uuid)).first()
    if coordinator is None:
        raise Http404
    if purpose == Purpose.VIEW:
        record(Action.VIEW, coordinator, request=request)
    return coordinator


def get_certificate_owner_for(request: HttpRequest, user_uuid: Any) -> Any:
    """The coordinator whose certificate the signed-in user may download, or 404.

    Allowed: the coordinator themself, a manager of one of their regions, an admin. Records
    nothing: the download view writes the read event for the document itself.
    """
    user: Any = request.user
    wanted = _parse_uuid(user_uuid)
    if getattr(user, "role", "") == Role.COORDINATOR and user.is_active and user.uuid == wanted:
        return user
    coordinator = coordinators_for(user).filter(uuid=wanted).first()
    if coordinator is None:
        raise Http404
    return coordinator


# --- Plans (issue 6): the plan of a case, professionals' assessments, participants' links ------


def get_plan_case_for(request: HttpRequest, case_uuid: Any, purpose: Purpose) -> Case:
    """The case whose conference record or plan is shown or changed; same rules as a case.

    Coordinators lose this with their task (CHECK_IN_DONE or STOPPED gives 404), because
    `cases_for` only returns cases in COORDINATOR_TASK_STATES.
    """
    return get_case_for(request, case_uuid, purpose)


def requirements_for_professional(user: Any) -> QuerySet[Any]:
    """The minimum requirements this professional set themselves, on cases with a plan.

    Only while the main person's consent to involve them holds (ADR 0040): a withdrawal
    closes this door too, not just the information and safety pages.
    """
    from kring.network.models import SafetyRequirement

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SafetyRequirement.objects.none()
    if user.role != Role.PROFESSIONAL:
        return SafetyRequirement.objects.none()
    return SafetyRequirement.objects.filter(
        set_by__user=user,
        set_by__consent_at__isnull=False,
        set_by__consent_withdrawn_at__isnull=True,
        case__plan__isnull=False,
    ).exclude(case__status__in=["closed", "stopped"])


def get_requirement_for_professional(request: HttpRequest, requirement_uuid: Any) -> Any:
    """One requirement the signed-in professional set, or 404; writes a read event."""
    obj = (
        requirements_for_professional(request.user)
        .select_related("case", "case__plan", "set_by")
        .filter(uuid=_parse_uuid(requirement_uuid))
        .first()
    )
    if obj is None:
        raise Http404
    record(Action.VIEW, obj, request=request, case=obj.case)
    return obj


def support_requests_for_professional(user: Any) -> QuerySet[Any]:
    """The support requests addressed to this professional (through their place in the circle),
    while the main person's consent to involve them holds."""
    from kring.plans.models import SupportRequest

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SupportRequest.objects.none()
    if user.role != Role.PROFESSIONAL:
        return SupportRequest.objects.none()
    return SupportRequest.objects.filter(
        professional__user=user,
        professional__consent_at__isnull=False,
        professional__consent_withdrawn_at__isnull=True,
    ).exclude(plan__case__status__in=["closed", "stopped"])


def get_support_request_for_professional(request: HttpRequest, support_uuid: Any) -> Any:
    """One support request addressed to the signed-in professional, or 404; writes a read event."""
    obj = (
        support_requests_for_professional(request.user)
        .select_related("plan", "plan__case")
        .filter(uuid=_parse_uuid(support_uuid))
        .first()
    )
    if obj is None:
        raise Http404
    record(Action.VIEW, obj, request=request, case=obj.plan.case)
    return obj


def plan_versions_for_person(person: Any) -> QuerySet[Any]:
    """The delivered plan versions this participant was chosen to receive."""
    from kring.plans.models import PlanVersion

    return PlanVersion.objects.filter(recipients__person=person, plan__case=person.case)


# --- The circle: network people, information, safety (issue 5) -----------------------------


def cases_for_professional(user: Any) -> QuerySet[Case]:
    """Open cases in which this professional (with an account) is a person in the circle and
    the main person consented to involving them."""
    from kring.cases.models import Case
    from kring.cases.states import COORDINATOR_TASK_STATES

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    if user.role != Role.PROFESSIONAL:
        return Case.objects.none()
    # One join: the same person row must be this user AND have the main person's consent.
    return Case.objects.filter(
        people__user=user,
        people__consent_at__isnull=False,
        people__consent_withdrawn_at__isnull=True,
        status__in=sorted(COORDINATOR_TASK_STATES),
    ).distinct()


def get_case_for_contribution(request: HttpRequest, case_uuid: Any, purpose: Purpose) -> Case:
    """A case for the information and safety pages.

    Staff get it as through `get_case_for`; a professional only when they are a person in the
    circle of this case (the only pages that use this function: information needed and safety).
    """
    user = request.user
    if getattr(user, "role", None) != Role.PROFESSIONAL:
        return get_case_for(request, case_uuid, purpose)
    case = (
        cases_for_professional(user)
        .select_related("region", "municipality", "coordinator")
        .filter(uuid=_parse_uuid(case_uuid))
        .first()
    )
    if case is None:
        raise Http404
    if purpose == Purpose.VIEW:
        record(Action.VIEW, case, request=request, case=case)
    return case


def get_person_for(case: Case, person_uuid: Any) -> Any:
    """A person in the circle of a case the caller already got through this module, or 404."""
    from kring.network.models import Person

    person = Person.objects.filter(case=case, uuid=_parse_uuid(person_uuid)).first()
    if person is None:
        raise Http404
    return person


def get_case_object_for(
    case: Case, model: Any, object_uuid: Any, *, case_field: str = "case"
) -> Any:
    """Any case-bound object (restriction, information item, date option) of this case, or 404."""
    lookup = {case_field: case, "uuid": _parse_uuid(object_uuid)}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj
