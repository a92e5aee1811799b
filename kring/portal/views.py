"""Every signed-in person's way in: the start page that shows the work waiting for them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.accounts.access import is_coordinator, is_professional, is_staff
from kring.accounts.http import AuthenticatedHttpRequest
from kring.cases import worklists
from kring.funding import budget
from kring.funding.access import funders_for
from kring.portal import professional


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each role's start page: the work that waits for this person."""
    user = request.user
    if is_staff(user):
        return worklists.manager_start(request)
    if is_coordinator(user):
        return worklists.coordinator_start(request)
    if is_professional(user):
        return professional.professional_home(request)
    return funder_start(request)


def funder_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A funder's start page: their own contracts' budget this year, and their invoices
    (figures only: no case, no family)."""
    year = timezone.localdate().year
    funders = funders_for(request.user)
    return render(
        request,
        "portal/start_funder.html",
        {
            "title": _("Start"),
            "year": year,
            "funders": list(funders.order_by("name")),
            "budget": budget.overview(funders, year),
        },
    )
