"""Every signed-in person's way in: the start page that shows the work waiting for them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import Role
from kring.cases import worklists
from kring.network.access import cases_for_professional


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each role's start page: the work that waits for this person."""
    role = getattr(request.user, "role", "")
    if role in {Role.REGIONAL_MANAGER, Role.ADMIN}:
        return worklists.manager_start(request)
    if role == Role.COORDINATOR:
        return worklists.coordinator_start(request)
    if role == Role.PROFESSIONAL:
        circle_cases = cases_for_professional(request.user).order_by("reference")[:50]
        return render(
            request,
            "portal/start_professional.html",
            {"title": _("Start"), "circle_cases": circle_cases},
        )
    return render(request, "portal/start_funder.html", {"title": _("Start")})
