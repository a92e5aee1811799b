"""The regional manager's intake desk."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kring.core.access import requests_for
from kring.core.paging import keyset_page


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """New requests of the manager's regions, oldest first."""
    page = keyset_page(
        requests_for(request.user).select_related("municipality"),
        order_field="created_at",
        cursor=request.GET.get("na"),
    )
    return render(request, "intake/queue.html", {"page": page})
