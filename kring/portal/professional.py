"""The professional's start page: the requirements they set and the support asked of them."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kring.accounts.decorators import role_required
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import Role
from kring.plans import access, safety
from kring.plans.models import Outcome, Plan, SafetyAssessment


@role_required(Role.PROFESSIONAL)
@require_GET
def professional_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What this professional is asked: minimum requirements to assess, support to answer."""
    requirements = list(
        access.requirements_for_professional(request.user)
        .select_related("case")
        .order_by("set_on", "id")[:50]
    )
    latest: dict[int, SafetyAssessment] = {}

    for a in SafetyAssessment.objects.filter(requirement__in=requirements).order_by(
        "assessed_at", "id"
    ):
        latest[a.requirement_id] = a
    plans = {
        p.case_id: p
        for p in Plan.objects.filter(case_id__in={r.case_id for r in requirements}).only(
            "case_id", "contingency", "revision"
        )
    }
    bases = safety.current_bases(
        [r for r in requirements if r.pk in latest],
        {case_id: p.contingency for case_id, p in plans.items()},
    )
    rows = []
    for r in requirements:
        assessment = latest.get(r.pk)
        stale = (
            assessment is not None
            and r.case_id in plans
            and safety.is_stale(assessment, bases[r.pk], plans[r.case_id].revision)
        )
        rows.append((r, assessment, stale))
    support = list(
        access.support_requests_for_professional(request.user)
        .select_related("plan__case")
        .order_by("created_at", "id")[:50]
    )
    return render(
        request,
        "portal/professional_start.html",
        {
            "requirements": rows,
            "support": support,
            "Outcome": Outcome,
        },
    )
