"""The professional's pages: the cases they joined, and per case only what they were asked for.

A professional is linked to their place in a case's circle by invitation (the accounts app).
From then on, until the case is closed or stopped, they see per case: enough to know which
family it is (first name, municipality, central question) and how to reach the coordinator,
the information asked of them, their own minimum requirements (to set, change and assess), the
support asked of them, and the plan only when the main person chose to share it with them.
Nothing else about the case reaches these templates.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from kring.accounts.decorators import role_required
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import Role, User
from kring.audit.services import Action, record
from kring.cases.models import Case
from kring.cases.states import COORDINATOR_TASK_STATES
from kring.conferences.access import information_items_for
from kring.conferences.models import InformationItem, InformationStatus
from kring.core.access import Purpose
from kring.core.downloads import pdf_response
from kring.network.access import cases_for_professional
from kring.network.models import SafetyRequirement
from kring.plans import access, notices, pdf, safety, versions
from kring.plans.models import Outcome, Plan, PlanRecipient, SafetyAssessment, SupportStatus

CASES_CAP = 50


@dataclass(frozen=True)
class CaseFacts:
    """What a professional may know of a case: enough to know which family it is. The pages get
    this, never the Case itself (with its full names, wishes and notes)."""

    uuid: uuid.UUID
    reference: str
    first_name: str
    municipality: str
    question: str

    @classmethod
    def of(cls, case: Case) -> CaseFacts:
        return cls(
            uuid=case.uuid,
            reference=case.reference,
            first_name=case.main_person_first_name,
            municipality=case.municipality.name,
            question=case.question,
        )


@dataclass(frozen=True)
class Contact:
    """Who the professional can call or write about the case."""

    name: str
    phone: str
    email: str


@dataclass
class RequirementRow:
    """One of the professional's own requirements with its latest assessment."""

    requirement: SafetyRequirement
    assessment: SafetyAssessment | None
    stale: bool
    may_assess: bool
    notices: notices.NoticeReport | None = None

    @property
    def to_assess(self) -> bool:
        return self.may_assess and (self.assessment is None or self.stale)


def _requirement_rows(
    user: User, requirements: Sequence[SafetyRequirement], plans: dict[int, Plan]
) -> list[RequirementRow]:
    """Each requirement with its latest assessment, whether that is stale, and who was told of
    a "not met" (a fixed number of queries, however many requirements)."""
    latest: dict[int, SafetyAssessment] = {}
    for a in SafetyAssessment.objects.filter(requirement__in=requirements).order_by(
        "assessed_at", "id"
    ):
        latest[a.requirement_id] = a
    bases = safety.current_bases(
        [r for r in requirements if r.pk in latest],
        {case_id: p.contingency for case_id, p in plans.items()},
    )
    assessable = set(
        access.requirements_for_professional(user)
        .filter(pk__in=[r.pk for r in requirements])
        .values_list("pk", flat=True)
    )
    rows = []
    for r in requirements:
        assessment = latest.get(r.pk)
        stale = (
            assessment is not None
            and r.case_id in plans
            and safety.is_stale(assessment, bases[r.pk], plans[r.case_id].revision)
        )
        rows.append(RequirementRow(r, assessment, stale, r.pk in assessable))
    not_met = [
        row.assessment
        for row in rows
        if row.assessment is not None and row.assessment.outcome == Outcome.NOT_MET
    ]
    reports = notices.notice_reports(not_met)
    for row in rows:
        if row.assessment is not None:
            row.notices = reports.get(row.assessment.pk)
    return rows


@dataclass
class CaseCard:
    """A case on the professional's start page, with what waits for them there."""

    case: CaseFacts
    questions: int = 0
    to_assess: int = 0
    support: int = 0
    plan_shared: bool = False


def professional_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The professional's start page: the cases they joined, each with what waits there."""
    user = request.user
    cases = list(
        access.professional_cases(user)
        .select_related("municipality")
        .order_by("reference")[:CASES_CAP]
    )
    ids = [c.pk for c in cases]
    questions: dict[int, int] = dict(
        InformationItem.objects.filter(case__in=ids, answered_by__user=user)
        .exclude(status=InformationStatus.RECEIVED)
        .values("case_id")
        .annotate(n=Count("id"))
        .values_list("case_id", "n")
    )
    support: dict[int, int] = dict(
        access.support_requests_for_professional(user)
        .filter(plan__case__in=ids, status=SupportStatus.ASKED)
        .values("plan__case_id")
        .annotate(n=Count("id"))
        .values_list("plan__case_id", "n")
    )
    shared = set(
        PlanRecipient.objects.filter(version__plan__case__in=ids, person__user=user)
        .values_list("version__plan__case_id", flat=True)
        .distinct()
    )
    requirements = list(
        access.requirements_for_professional(user).filter(case__in=ids).order_by("set_on", "id")
    )
    plans = {
        p.case_id: p
        for p in Plan.objects.filter(case_id__in={r.case_id for r in requirements}).only(
            "case_id", "contingency", "revision"
        )
    }
    to_assess: dict[int, int] = {}
    for row in _requirement_rows(user, requirements, plans):
        if row.to_assess:
            to_assess[row.requirement.case_id] = to_assess.get(row.requirement.case_id, 0) + 1
    cards = [
        CaseCard(
            case=CaseFacts.of(c),
            questions=questions.get(c.pk, 0),
            to_assess=to_assess.get(c.pk, 0),
            support=support.get(c.pk, 0),
            plan_shared=c.pk in shared,
        )
        for c in cases
    ]
    return render(
        request,
        "portal/professional_start.html",
        {"cards": cards, "capped": len(cases) >= CASES_CAP},
    )


@role_required(Role.PROFESSIONAL)
@require_GET
def professional_start(request: AuthenticatedHttpRequest) -> HttpResponseRedirect:
    """The old address of the professional's plans (mails link here): the start page."""
    return redirect("portal:start")


@login_required
@require_GET
def professional_case(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """One case the professional joined: only what they need and were asked for.

    Anyone else gets a 404: for them the page does not exist (`plans.access`)."""
    user = request.user
    case, me = access.get_professional_case(request, case_uuid, Purpose.VIEW)
    # The information and safety pages follow the circle's own rule (while the coordinator's
    # task runs); after that this page still shows what was asked and the shared plan.
    contributing = cases_for_professional(user).filter(pk=case.pk).exists()
    plan = Plan.objects.filter(case=case).only("case_id", "contingency", "revision").first()
    requirements = list(versions.standing_requirements(case.pk).filter(set_by__user=user))
    rows = _requirement_rows(user, requirements, {case.pk: plan} if plan else {})
    version = access.shared_version_for_professional(me)
    coordinator = case.coordinator
    if coordinator is not None and coordinator.is_active and case.status in COORDINATOR_TASK_STATES:
        contact = Contact(coordinator.full_name, coordinator.phone, coordinator.email)
        contact_is_coordinator = True
    else:
        # After the coordinator's task: the region's office (or the organisation's number).
        region = case.region
        contact = Contact(
            region.name,
            region.office_phone or settings.KRING_PHONE,
            region.office_email or settings.KRING_EMAIL,
        )
        contact_is_coordinator = False
    return render(
        request,
        "portal/professional_case.html",
        {
            "case": CaseFacts.of(case),
            "contact": contact,
            "contact_is_coordinator": contact_is_coordinator,
            "organisation_phone": settings.KRING_PHONE,
            "contributing": contributing,
            "questions": list(information_items_for(user, case).order_by("created_at", "id")),
            "received": InformationStatus.RECEIVED,
            "requirements": rows,
            "support": list(
                access.support_requests_for_professional(user)
                .filter(plan__case=case)
                .order_by("created_at", "id")
            ),
            "asked": SupportStatus.ASKED,
            "version": version,
            "Outcome": Outcome,
        },
    )


@login_required
@require_GET
def professional_plan(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The plan, only when the main person chose to share it with this professional."""
    case, me = access.get_professional_case(request, case_uuid, Purpose.LIST)
    version = access.shared_version_for_professional(me)
    if version is None:
        raise Http404
    record(
        Action.VIEW,
        version,
        request=request,
        case=case,
        changes={"version": version.number},
        key="portal.professional_plan_read",
    )
    return render(
        request,
        "portal/professional_plan.html",
        {
            "case": CaseFacts.of(case),
            "version": version,
            "content": versions.display(version.content),
            **versions.CONTENT_STATES,
        },
    )


@login_required
@require_GET
def professional_plan_pdf(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The PDF of the plan shared with this professional."""
    case, me = access.get_professional_case(request, case_uuid, Purpose.LIST)
    version = access.shared_version_for_professional(me)
    if version is None:
        raise Http404
    record(
        Action.EXPORT,
        version,
        request=request,
        case=case,
        changes={"version": version.number},
        key="portal.professional_plan_downloaded",
    )
    return pdf_response(pdf.version_pdf(version), f"plan-{case.reference}-v{version.number}.pdf")
