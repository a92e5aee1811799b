"""Case pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kring.cases import worklists
from kring.core.access import Purpose, get_case_for


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """The signed-in user's worklist of cases."""
    if request.user.role == "coordinator":  # type: ignore[union-attr]
        return worklists.coordinator_start(request)
    return worklists.manager_start(request)


@login_required
@require_GET
def detail(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """One case: its facts, state and timeline."""
    case = get_case_for(request, case_uuid, Purpose.VIEW)
    return render(request, "cases/detail.html", {"case": case})
