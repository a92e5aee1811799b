"""Start pages: the work waiting for a regional manager or a coordinator."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kring.core.access import cases_for, requests_for
from kring.core.paging import capped_count, keyset_page
from kring.intake.models import RequestStatus


def manager_start(request: HttpRequest) -> HttpResponse:
    """A regional manager's start page: new requests and the cases of their regions."""
    cases = cases_for(request.user).select_related("municipality", "coordinator")
    page = keyset_page(cases, order_field="requested_at", cursor=request.GET.get("na"), size=25)
    new_requests = requests_for(request.user).filter(status=RequestStatus.NEW)
    return render(
        request,
        "cases/manager_start.html",
        {"page": page, "new_request_count": capped_count(new_requests)},
    )


def coordinator_start(request: HttpRequest) -> HttpResponse:
    """A coordinator's start page: their active cases."""
    cases = cases_for(request.user).select_related("municipality")
    page = keyset_page(cases, order_field="requested_at", cursor=request.GET.get("na"), size=25)
    return render(request, "cases/coordinator_start.html", {"page": page})
