"""Public pages that belong to no domain app, and the health endpoint."""

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public home page: what an Eigen Kracht-conferentie is and how to request one."""
    from kring.intake.public import home_context

    return render(request, "core/home.html", home_context(request))


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy statement in plain language."""
    from django.conf import settings

    return render(
        request,
        "core/privacy.html",
        {"retention_days": settings.KRING_INFO_REQUEST_RETENTION_DAYS},
    )


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.exception("Health check: database unreachable")
        return JsonResponse(
            {"status": "error", "database": "unreachable", "reason": type(exc).__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})
